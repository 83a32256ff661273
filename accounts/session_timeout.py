"""Signing out a session that was left alone, and one that has lasted a working day."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext as _

SIGNED_IN_AT = "cact_signed_in_at"
SEEN_AT = "cact_seen_at"
# The time of the last activity is written at most once a minute, so that a busy page does
# not write its session on every request.
SEEN_RESOLUTION = 60


def stamp_sign_in(sender, request, user, **kwargs) -> None:
    """user_logged_in receiver: the session starts its clocks."""
    request.session[SIGNED_IN_AT] = request.session[SEEN_AT] = int(time.time())


class SessionTimeoutMiddleware:
    """Signs out a session idle for SESSION_IDLE_TIMEOUT seconds, or signed in for longer
    than SESSION_COOKIE_AGE. A page's own polling (htmx requests sending X-Poll) is not
    activity: an open screen is not a person at the desk.

    The next view then sees an anonymous user: a page goes to the sign-in page, a script's
    request gets 401 (accounts.access.require_perms), and the proctor page keeps its marks.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    def _check(self, request) -> None:
        session = request.session
        now = int(time.time())
        seen = session.get(SEEN_AT, now)
        idle_limit = settings.SESSION_IDLE_TIMEOUT
        if now - seen > idle_limit:
            self._sign_out(
                request,
                _("Anda keluar otomatis setelah %(minutes)d menit tanpa aktivitas.")
                % {"minutes": idle_limit // 60},
            )
        elif now - session.get(SIGNED_IN_AT, now) > settings.SESSION_COOKIE_AGE:
            self._sign_out(
                request,
                _("Anda keluar otomatis setelah %(hours)d jam masuk.")
                % {"hours": settings.SESSION_COOKIE_AGE // 3600},
            )
        else:
            session.setdefault(SIGNED_IN_AT, now)  # a session from before this middleware
            if SEEN_AT not in session or (
                "X-Poll" not in request.headers and now - seen >= SEEN_RESOLUTION
            ):
                session[SEEN_AT] = now

    def _sign_out(self, request, reason: str) -> None:
        logout(request)
        messages.info(request, reason + " " + _("Silakan masuk lagi."))
