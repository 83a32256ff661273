"""Response headers every page carries."""

from django.conf import settings

from core.text import without_controls

# Scripts, styles and images come from the site itself: no inline script, no CDN, no eval.
# The proctor page's camera needs media from the device; the service worker is same-origin.
DEFAULT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "media-src 'self' blob: mediastream:; connect-src 'self'; worker-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = getattr(settings, "CONTENT_SECURITY_POLICY", DEFAULT_CSP)

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy
        return response


class DownloadAuditMiddleware:
    """Every file a signed-in user downloads (an attachment response) goes into the audit
    trail: who, which page, which file, with which filters. A view that records a richer
    entry itself marks the response `audited`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        disposition = response.get("Content-Disposition", "")
        user = getattr(request, "user", None)
        if (
            disposition.startswith("attachment")
            and response.status_code == 200
            and user is not None
            and user.is_authenticated
            and not getattr(response, "audited", False)
        ):
            from audit.models import AuditEntry
            from audit.services import audit_record

            filename = disposition.partition("filename=")[2].strip('"')
            audit_record(
                actor=user,
                action=AuditEntry.Action.EXPORT,
                target_type="download",
                target_repr=request.path[:255],
                changes={
                    "file": filename,
                    # Without control characters: a NUL from a forged URL would fail the write.
                    "filters": [
                        without_controls(f"{key}={value}")
                        for key, values in request.GET.lists()
                        for value in values
                    ],
                },
            )
        return response
