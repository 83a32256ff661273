"""Who is calling and what they may read: the key in the Authorization header, the list
granted on the token, and the calls per minute (Django REST framework's hooks)."""

import logging

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from rest_framework import authentication, exceptions, permissions, throttling

from api.models import ApiClient, key_digest

log = logging.getLogger(__name__)

KEYWORD = "Bearer"


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <key>`: the token whose digest matches, if neither revoked
    nor expired. request.user stays anonymous; request.auth is the ApiClient."""

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() != KEYWORD.lower():
            raise exceptions.NotAuthenticated("Kunci API tidak dikirim (Authorization: Bearer).")
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Header Authorization tidak dikenali.")
        client = ApiClient.objects.filter(key_digest=key_digest(header[1])).first()
        if client is None:
            log.warning("API: unknown key from %s", request.META.get("REMOTE_ADDR"))
            raise exceptions.AuthenticationFailed("Kunci API tidak dikenal.")
        request.api_client = client  # for the audit entry of a refused call
        if client.revoked_at is not None:
            raise exceptions.AuthenticationFailed("Kunci API sudah dicabut.")
        if not client.is_usable():
            raise exceptions.AuthenticationFailed("Kunci API sudah kedaluwarsa.")
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=timezone.now())
        return AnonymousUser(), client

    def authenticate_header(self, request) -> str:
        # Present, so that a missing or bad key is answered 401 rather than 403.
        return f'{KEYWORD} realm="api"'


class HasResource(permissions.BasePermission):
    """The view's `resource` is among those granted on the caller's token."""

    message = "Token ini tidak diberi akses ke data ini."

    def has_permission(self, request, view) -> bool:
        client = request.auth
        return isinstance(client, ApiClient) and client.grants(view.resource)


class PerClientThrottle(throttling.SimpleRateThrottle):
    """At most settings.API_RATE_LIMIT calls per token (e.g. "120/min"), counted in the
    cache (Redis in production, shared by every web worker)."""

    scope = "api"

    def get_rate(self) -> str:
        return settings.API_RATE_LIMIT

    def get_cache_key(self, request, view) -> str | None:
        client = request.auth
        if not isinstance(client, ApiClient):
            return None
        return self.cache_format % {"scope": self.scope, "ident": client.pk}


def throttled_message(wait: float | None) -> str:
    if wait is None:
        return "Terlalu banyak permintaan. Coba lagi sebentar lagi."
    return f"Terlalu banyak permintaan. Coba lagi dalam {int(wait) + 1} detik."
