"""What a signed-in user is shown stays off shared and disk caches."""

from django.conf import settings


class PrivateNoStoreMiddleware:
    """Every page and file served to a signed-in user carries `Cache-Control: private,
    no-store`: a proxy does not keep it, and the browser does not leave a roster or a recap
    on the device's disk after the person signs out. Static assets (served by WhiteNoise
    before this runs) and the public pages of a signed-out visitor keep their own headers.

    The proctor page still works offline: its service worker keeps its own copy in Cache
    Storage, which HTTP caching rules do not govern, and which signing out deletes."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.static_prefix = "/" + settings.STATIC_URL.lstrip("/")

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(self.static_prefix)
        ):
            response["Cache-Control"] = "private, no-store"
        return response
