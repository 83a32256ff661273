"""One way for every view to say who may enter."""

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _


def require_perms(*perms: str) -> Callable:
    """Signed in and holding every permission named, or 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return sign_in_first(request)
            if not request.user.has_perms(perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_perms = perms
        return wrapped

    return decorator


def sign_in_first(request) -> HttpResponse:
    """The sign-in page for a browser. A script cannot follow a redirect to a form, so a
    JSON request (the proctor page's marks) gets 401 and keeps what it holds, and htmx is
    told to open the sign-in page for the page it was on."""
    if request.content_type == "application/json":
        return JsonResponse(
            {
                "error": _("Sesi masuk Anda sudah berakhir. Silakan masuk lagi."),
                "login_url": resolve_url(settings.LOGIN_URL),
            },
            status=401,
        )
    if request.headers.get("HX-Request") == "true":
        page = urlsplit(request.headers.get("HX-Current-URL", ""))
        next_url = page.path + (f"?{page.query}" if page.query else "")
        response = HttpResponse(status=401)
        response["HX-Redirect"] = redirect_to_login(next_url or request.get_full_path()).url
        return response
    return redirect_to_login(request.get_full_path())
