"""Disclosure control: which groups of a table may show their figures. Pure, no Django.

Primary suppression: a group of fewer than SUPPRESS_BELOW people shows no figures, because
the mean of two people is nearly their own scores.

Complementary suppression: a table's figures add up to a total that is shown too (the
dashboard's headline, the recap's summary, a table's own "all" row). When exactly one group
of a table is hidden, its sum is the total's less the shown groups' (N * total mean - the
sum of n * mean over the shown rows), so a second group, the smallest shown one, is hidden
too. Two hidden groups leave one equation with two unknowns. When no other group is left to
hide (a table of one group), the total is that group's figures: the result says the total
is to be withheld.

Every page and file that shows figures per group takes its rows through `hide_small`; no
other module compares a count with SUPPRESS_BELOW (tests/reports/test_disclosure.py checks).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

SUPPRESS_BELOW = 5  # a group this small is not shown: its figures would point at people
SUPPRESSED = f"disembunyikan (< {SUPPRESS_BELOW} orang)"  # in files, where a group is hidden


def is_small(n: int) -> bool:
    """Whether a group of n people is too small to show (primary suppression)."""
    return n < SUPPRESS_BELOW


@dataclass(frozen=True)
class Disclosed:
    """A table's rows, each with `suppressed`; a hidden row keeps only its `keep` keys."""

    rows: list[dict]
    total_shown: bool  # False: the table's total would be a hidden group's own figures


def hidden_positions(*columns: Sequence[int]) -> tuple[set[int], bool]:
    """The positions of the groups to hide, and whether the totals may be shown.

    Each column holds the groups' counts towards one total: one column for most tables, two
    for a comparison (the earlier and the current event each have their own means). A group
    is hidden when it has 1 to SUPPRESS_BELOW - 1 people in any column (a group with nobody
    in a column has nothing there to hide), or nobody at all. Then, column by column, a
    column with exactly one hidden group among those with people there gets its smallest
    shown group hidden too, until no column changes."""
    size = len(columns[0])
    hidden = {
        i
        for i in range(size)
        if all(column[i] == 0 for column in columns)
        or any(column[i] > 0 and is_small(column[i]) for column in columns)
    }
    changed = True
    while changed:
        changed = False
        for column in columns:
            present = [i for i in range(size) if column[i] > 0]
            shown = [i for i in present if i not in hidden]
            if len(present) - len(shown) == 1 and shown:
                hidden.add(min(shown, key=lambda i: (column[i], i)))
                changed = True
    total_shown = not any(
        sum(1 for i in range(size) if column[i] > 0 and i in hidden) == 1 for column in columns
    )
    return hidden, total_shown


def _counts(row: dict) -> tuple[int, ...]:
    return (row["n"],)


def hide_small(
    rows: Iterable[dict],
    *,
    counts: Callable[[dict], tuple[int, ...]] = _counts,
    keep: Sequence[str] = ("name", "n"),
) -> Disclosed:
    """The rows of one table, in their order, marked `suppressed` (primary and complementary
    suppression as above); a hidden row is cut down to its `keep` keys, so no page or file
    can show a figure of it by mistake. `counts` gives a row's counts, one per total."""
    rows = list(rows)
    columns = list(zip(*(counts(row) for row in rows), strict=True)) or [()]
    hidden, total_shown = hidden_positions(*columns)
    return Disclosed(
        rows=[
            {**{key: row[key] for key in keep if key in row}, "suppressed": True}
            if i in hidden
            else {**row, "suppressed": False}
            for i, row in enumerate(rows)
        ],
        total_shown=total_shown,
    )
