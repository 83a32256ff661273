"""The address of the person at the keyboard, for the sign-in lockout.

Behind the reverse proxy every request comes from the proxy's address; the client's is in
X-Forwarded-For, which the proxy appends to. That header is believed only when the request
comes from a proxy listed in TRUSTED_PROXIES, and then read from the right: each trusted
proxy's entry is skipped, and the first address not ours is the client (anything left of
it was written by the client and may be forged). Without TRUSTED_PROXIES: REMOTE_ADDR.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest


@lru_cache(maxsize=16)
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies)


def _trusted(address: str, networks: tuple) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    if not networks or not _trusted(remote, networks):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed([hop for hop in hops if hop]):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return remote  # a garbled header: the proxy's address, as without one
        if not _trusted(hop, networks):
            return hop
    return remote
