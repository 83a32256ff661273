"""Pages of a long list by the last row seen (keyset pagination), not by a row number.

`OFFSET 50000` makes the database read and throw away 50,000 rows, so page 1,000 of a list
costs a thousand times page 1. Here a page starts where the one before ended: its address
carries the sort key of that row (?setelah=...) or of the first row of the page after it
(?sebelum=...), and the database walks its index from there. The links are plain links, so
the list pages without JavaScript; a person goes to the first or last page, forward or
back, and searches to jump to a name.

The key is two fields, a text (the order people read, e.g. the name) and an id that breaks
ties, and must be backed by an index on the pair; a tampered key is ignored (first page).
"""

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, QueryDict

AFTER, BEFORE, LAST = "setelah", "sebelum", "akhir"
CURSOR_PARAMS = (AFTER, BEFORE, LAST, "page")


def cursor_of(text: str, pk: int) -> str:
    """The address form of a sort key: URL-safe base64 of a JSON pair."""
    raw = json.dumps([text, pk], ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _key(value: str) -> tuple[str, int] | None:
    if not value or len(value) > 1000:
        return None
    try:
        decoded = json.loads(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    match decoded:
        case [str(text), int(pk)] if "\x00" not in text and 0 < pk < 2**63:
            return text, pk
    return None


@dataclass(frozen=True)
class KeysetPage:
    rows: list[Any]
    query: str  # the page's other parameters, for the links
    next: str | None  # cursor of the next page, None on the last
    previous: str | None  # cursor of the previous page, None on the first
    at_start: bool
    at_end: bool

    def __iter__(self):
        return iter(self.rows)

    @property
    def has_other_pages(self) -> bool:
        return not (self.at_start and self.at_end)


def keyset_page(
    request: HttpRequest, queryset: QuerySet, *, text: str, pk: str, size: int
) -> KeysetPage:
    """One page of `queryset` ordered by (text, pk), where the address says it starts."""
    params = request.GET.copy()
    after, before = _key(params.get(AFTER, "")), _key(params.get(BEFORE, ""))
    last = params.get(LAST) == "1" and not (after or before)
    backwards = before is not None or last
    order = (f"-{text}", f"-{pk}") if backwards else (text, pk)
    rows = queryset.order_by(*order)
    if after is not None:
        rows = rows.filter(**{f"{text}__gte": after[0]}).filter(
            Q(**{f"{text}__gt": after[0]}) | Q(**{f"{pk}__gt": after[1]})
        )
    elif before is not None:
        rows = rows.filter(**{f"{text}__lte": before[0]}).filter(
            Q(**{f"{text}__lt": before[0]}) | Q(**{f"{pk}__lt": before[1]})
        )
    found = list(rows[: size + 1])
    more = len(found) > size
    found = found[:size]
    if backwards:
        found.reverse()
    at_start = (not after and not backwards) or (backwards and not more)
    at_end = (not backwards and not more) or last
    return KeysetPage(
        rows=found,
        query=_other(params),
        next=None if at_end or not found else cursor_of(*_values(found[-1], text, pk)),
        previous=None if at_start or not found else cursor_of(*_values(found[0], text, pk)),
        at_start=at_start,
        at_end=at_end,
    )


def _values(row: Any, text: str, pk: str) -> tuple[str, int]:
    def read(path: str) -> Any:
        value = row
        for part in path.split("__"):
            value = value[part] if isinstance(value, dict) else getattr(value, part)
        return value

    return read(text), read(pk)


def _other(params: QueryDict) -> str:
    params = params.copy()
    for name in CURSOR_PARAMS:
        params.pop(name, None)
    return params.urlencode()


class CountedPaginator(Paginator):
    """Numbered pages whose total the caller counted the cheap way (an index, a sum it
    had anyway), so the paginator does not count the joined, ordered rows again."""

    def __init__(self, object_list, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached_property
