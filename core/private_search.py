"""A search for a NIP never travels in an address.

Addresses end up in browser history, proxy logs and the Referer of the next request, and a
NIP is personal data. So the search boxes post (Post/Redirect/Get): the page redirects to
its own address with the filters, where a NIP-like search is replaced by an opaque key
under which the session keeps the text (?cari=<key>). A NIP typed into an address or an old
bookmark (?q=<NIP>) is redirected the same way. Searches by name stay plain ?q=<name>.
"""

import secrets

from django.http import HttpRequest, HttpResponseRedirect, QueryDict

from core.text import normalize_text

KEY_PARAM = "cari"
SESSION_KEY = "pencarian_rahasia"
KEEP = 20  # the latest searches a session keeps; an older key says "expired"
NIP_MIN_DIGITS = 8


def looks_like_nip(text: str) -> bool:
    """Digits, spaces and dots only, with at least NIP_MIN_DIGITS digits."""
    digits = sum(ch.isdigit() for ch in text)
    return digits >= NIP_MIN_DIGITS and all(ch.isdigit() or ch in " ." for ch in text)


def _stash(request: HttpRequest, text: str) -> str:
    searches: dict[str, str] = request.session.get(SESSION_KEY, {})
    for key, value in searches.items():
        if value == text:
            return key
    key = secrets.token_urlsafe(12)
    searches[key] = text
    request.session[SESSION_KEY] = dict(list(searches.items())[-KEEP:])
    return key


def _clean_address(request: HttpRequest, params: QueryDict, field: str) -> HttpResponseRedirect:
    text = normalize_text(params.get(field, "")).strip()
    params.pop(field, None)
    params.pop(KEY_PARAM, None)
    params.pop("page", None)
    if looks_like_nip(text):
        params[KEY_PARAM] = _stash(request, text)
    elif text:
        params[field] = text
    query = params.urlencode()
    return HttpResponseRedirect(request.path + (f"?{query}" if query else ""), status=303)


def search_redirect(request: HttpRequest, fields: tuple[str, ...], field: str = "q"):
    """For a posted search form: 303 to the page's address with the posted filters (fields)
    and the address's other parameters (e.g. ?run=), a NIP-like `field` kept as a key."""
    params = request.GET.copy()
    for name in fields:
        params.pop(name, None)
        values = [value for value in request.POST.getlist(name) if value.strip()]
        if values:
            params.setlist(name, values)
    return _clean_address(request, params, field)


def nip_in_address(request: HttpRequest, field: str = "q") -> HttpResponseRedirect | None:
    """A redirect to the same page without the NIP, when the address carries one."""
    if looks_like_nip(request.GET.get(field, "")):
        return _clean_address(request, request.GET.copy(), field)
    return None


def search_params(request: HttpRequest, field: str = "q") -> tuple[QueryDict, bool]:
    """The page's parameters with the kept search text back in `field`, for the filters;
    and whether the address named a key this session no longer holds."""
    params = request.GET.copy()
    key = params.pop(KEY_PARAM, [""])[-1]
    if not key:
        return params, False
    text = request.session.get(SESSION_KEY, {}).get(key)
    if text is None:
        return params, True
    params[field] = text
    return params, False


def page_query(request: HttpRequest) -> str:
    """The page's own parameters without the page number, for the pagination links: the
    key, never the text it stands for."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
