"""Figures cached under a data stamp: the coverage and pool pages compute once per change of
the data they read, not once per request.

On PostgreSQL the stamp is the version in `talent_datastamp`, which triggers move (from a
sequence, never rolled back) in the same transaction as any statement that writes
participants, their OPD, UPT, region or position class, required levels, position
standards, events, registrations, score runs or results (talent/migrations/0001). A cached
entry is therefore never served after such a change commits; the first request after it
computes afresh. The table's token, drawn when it was created, keeps two databases (or a
database dropped and made again) apart in a shared cache. Elsewhere (SQLite) there is no
stamp and every call computes.

    figures = cached("coverage", (scope, as_of), lambda: coverage(scope, as_of))
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import connection

T = TypeVar("T")
TIMEOUT = 6 * 3600  # an entry of an old stamp is never read again; it only waits to expire


def data_stamp() -> str | None:
    """The current stamp, or None where there is none (not PostgreSQL)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT token, version FROM talent_datastamp WHERE id = 1")
        row = cursor.fetchone()
    return f"{row[0]}:{row[1]}" if row else None


def scope_key(scope) -> tuple[int, ...] | None:
    """A scope (scoped_opd_ids: None or a set of OPD ids) in a stable form for a key."""
    return None if scope is None else tuple(sorted(scope))


def cached(name: str, parts: tuple, compute: Callable[[], T]) -> T:
    """compute(), kept under the current stamp and `parts` (everything else the value
    depends on: scope, date, filters)."""
    stamp = data_stamp()
    if stamp is None:
        return compute()
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    key = f"talent:{name}:{stamp}:{digest}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, TIMEOUT)
    return found
