"""Figures cached under a data stamp: the coverage, pool and comparison pages compute once
per change of the data they read, not once per request.

On PostgreSQL the stamp is the version in `talent_datastamp`, which triggers move (from a
sequence, never rolled back) in the same transaction as any statement that writes
participants, their OPD, UPT, region or position class, required levels, position
standards, events, registrations, score runs or results (talent/migrations/0001). A cached
entry is therefore never served after such a change commits; the first request after it
computes afresh. The table's token, drawn when it was created, keeps two databases (or a
database dropped and made again) apart in a shared cache. Elsewhere (SQLite) there is no
stamp and every call computes. The table and its triggers are talent's migration; this
module only reads the stamp, from core so that reports (the comparison) may use it too.

    figures = cached("coverage", (scope, as_of), lambda: coverage(scope, as_of))
    rows = cached_rows("pool", (scope, target, filters), compute, chunk=50)  # len, slices
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
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


class CachedRows(Sequence):
    """A long list kept in the cache in chunks: its length and any slice (a page) read
    without loading the rest. A chunk gone from the cache is made again with the list."""

    def __init__(self, key: str, length: int, chunk: int, compute: Callable[[], list]):
        self.key, self.length, self.chunk, self.compute = key, length, chunk, compute

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0] if index >= 0 else list(self)[index]
        start, stop, step = index.indices(self.length)
        if start >= stop:
            return []
        first, last = start // self.chunk, (stop - 1) // self.chunk
        keys = [f"{self.key}:{n}" for n in range(first, last + 1)]
        found = cache.get_many(keys)
        if len(found) < len(keys):
            rows = _store(self.key, self.compute(), self.chunk)
            return rows[start:stop:step]
        rows = [row for key in keys for row in found[key]]
        offset = first * self.chunk
        return rows[start - offset : stop - offset : step]


def _store(key: str, rows: list, chunk: int) -> list:
    chunks = {f"{key}:{n // chunk}": rows[n : n + chunk] for n in range(0, len(rows), chunk)}
    cache.set_many(chunks, TIMEOUT)
    cache.set(f"{key}:length", len(rows), TIMEOUT)
    return rows


def cached_rows(name: str, parts: tuple, compute: Callable[[], list], chunk: int) -> Sequence:
    """Like cached, for a long list read a page at a time: chunks of `chunk` rows, so a
    page costs one or two cache reads whatever the length."""
    stamp = data_stamp()
    if stamp is None:
        return compute()
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    key = f"talent:{name}:{stamp}:{digest}"
    length = cache.get(f"{key}:length")
    if length is None:
        return _store(key, compute(), chunk)
    return CachedRows(key, length, chunk, compute)
