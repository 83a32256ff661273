"""A signed-in session keeps its user's permissions, so a page or a proctor's mark does not
read them from the database (two queries) on every request.

What is kept, in the session: the user's id, the permissions, when they were read, and the
permissions version they were read under. They are used only while all of these hold:
- the session's user is the same user, and that user (read on every request, as before) is
  still active: a deactivated account is signed out at its next request;
- the version in the shared cache is the same: any change of a user's roles, a role's
  permissions or a user's own permissions writes a new version (the signals below), so a
  removed role takes effect at the user's next request;
- they were read less than PERMISSIONS_MAX_AGE seconds ago: the bound when the version
  cannot travel (a cache of one process only, a write lost in a cache outage).

It fails closed: with no version to compare (the cache is down), the permissions are read
from the database as they were before. Signing out flushes the session, and signing in
starts without any.
"""

import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.utils.functional import SimpleLazyObject, empty

SESSION_KEY = "cact_perms"
VERSION_KEY = "accounts:permissions-version"


def current_version() -> str | None:
    """The permissions version every process shares, or None if the cache cannot say."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def permissions_changed(**kwargs) -> None:
    """Signal receiver: every kept set of permissions is read again at its next request."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def forget_on_sign_in(sender, request, user, **kwargs) -> None:
    """user_logged_in receiver: a session that changes hands keeps nothing of before."""
    request.session.pop(SESSION_KEY, None)


def _kept(request, user, version: str | None) -> set[str] | None:
    entry = request.session.get(SESSION_KEY)
    if not isinstance(entry, dict) or version is None:
        return None
    age = time.time() - entry.get("at", 0)
    fresh = 0 <= age < settings.PERMISSIONS_MAX_AGE
    if entry.get("user") != user.pk or entry.get("version") != version or not fresh:
        return None
    return set(entry.get("perms", ()))


def _with_permissions(request, current):
    # The user as the middlewares before left it (signed out by the session timeout: the
    # anonymous user, not the one cached before it).
    user = current._wrapped if isinstance(current, SimpleLazyObject) else current
    if user is empty:
        current._setup()
        user = current._wrapped
    if user.is_authenticated and user.is_active:
        version = current_version()
        perms = _kept(request, user, version)
        request._perm_version, request._perm_user = version, user
        if perms is not None:
            # What django.contrib.auth's ModelBackend reads before it asks the database.
            user._perm_cache = perms
            request._perm_version = None  # nothing new to keep
    return user


class PermissionCacheMiddleware:
    """Lends the user the permissions kept in the session, and keeps them there once a
    request has read them from the database. After AuthenticationMiddleware and the
    session timeout (which may sign the user out first)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        current = request.user
        request.user = SimpleLazyObject(lambda: _with_permissions(request, current))
        response = self.get_response(request)
        self._keep(request)
        return response

    def _keep(self, request) -> None:
        user, version = (
            getattr(request, "_perm_user", None),
            getattr(request, "_perm_version", None),
        )
        if user is None or version is None or "_perm_cache" not in vars(user):
            return
        # Signed out (or in as someone else) during this request: the session is not theirs.
        if getattr(request.user, "pk", None) != user.pk:
            return
        request.session[SESSION_KEY] = {
            "user": user.pk,
            "version": version,
            "at": int(time.time()),
            "perms": sorted(user._perm_cache),
        }
