"""Uploads refused by their announced size, before anything reads (and spools) the body.

Django's CSRF check reads a POST's form, so a view's own check of the length would come after
the whole body had been received and written to disk. UploadSizeMiddleware, placed before the
CSRF middleware, looks at the length of a POST to a view marked with checks_upload_size: over
the limit, the body is left unread, the request carries an empty form and upload_too_large,
and the view answers with its page and the size message. Nothing is changed by such a request,
which is why its CSRF check can be skipped (its token is in the body we refuse to read).
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, QueryDict
from django.utils.datastructures import MultiValueDict

FORM_FIELDS_ALLOWANCE = 64 * 1024  # the multipart boundaries, the CSRF token, other fields


def body_too_large(request: HttpRequest) -> bool:
    """Whether the request announces a body over IMPORT_MAX_BYTES plus the room the form's
    other fields take. Reads only the header; a body sent without a length is still checked
    by its file's size once received."""
    if getattr(request, "upload_too_large", False):
        return True
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > settings.IMPORT_MAX_BYTES + FORM_FIELDS_ALLOWANCE


def checks_upload_size(view: Callable) -> Callable:
    """Mark an upload view that answers body_too_large(request) itself (with the size message
    and no change), so UploadSizeMiddleware may refuse its oversized bodies unread."""
    view.checks_upload_size = True
    return view


class UploadSizeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        if (
            request.method == "POST"
            and getattr(view, "checks_upload_size", False)
            and body_too_large(request)
        ):
            request.upload_too_large = True
            request._post, request._files = QueryDict(), MultiValueDict()
            request.csrf_processing_done = True  # nothing read, nothing changed: see above
        return None
