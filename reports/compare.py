"""An event's published results next to an earlier event's: per OPD, how many took part in
each and the mean JPM, LD, ES and potential in each with the change; per participant who
took part in both, the earlier and current JPM, potential category and box.

People are matched by their participant record (one per NIP) and grouped under the OPD they
belong to now, in both events, which is also the OPD a manager's scope is checked against.
`compare` is pure (rows in, figures out); `result_rows` and `earlier_events` read the
database."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from reports.disclosure import hide_small
from scoring import core
from scoring.models import ScoreRun
from sessions_app.models import Event

COMPONENTS = ("jpm", "ld", "es", "potential")
CENT = Decimal("0.01")
POTENTIAL_RANK = {core.RENDAH: 0, core.MENENGAH: 1, core.TINGGI: 2}
UP, SAME, DOWN = "up", "same", "down"


@dataclass(frozen=True)
class Row:
    """One participant's figures in one run."""

    participant: int
    registration: int
    nip: str
    name: str
    opd_id: int
    opd: str
    jpm: Decimal | None = None
    ld: Decimal | None = None
    es: Decimal | None = None
    potential: Decimal | None = None
    potential_category: str = ""
    box: int | None = None


# Row field -> the lookup from a ParticipantResult that fills it.
_LOOKUPS = {
    "participant": "registration__participant_id",
    "registration": "registration_id",
    "nip": "registration__participant__nip",
    "name": "registration__participant__name",
    "opd_id": "registration__participant__opd_id",
    "opd": "registration__participant__opd__name",
    "jpm": "jpm",
    "ld": "ld_score",
    "es": "es_score",
    "potential": "potential",
    "potential_category": "potential_category",
    "box": "box",
}


@dataclass(frozen=True)
class Comparison:
    opds: list[dict]
    total: dict
    people: list[dict]
    trends: dict[str, int] = field(default_factory=dict)  # potential category up/same/down


def earlier_events(event: Event) -> list[Event]:
    """The events before this one that have a published run, latest first."""
    return list(
        Event.objects.filter(
            start_date__lt=event.start_date, score_runs__published_at__isnull=False
        )
        .distinct()
        .order_by("-start_date", "code")
    )


def result_rows(run: ScoreRun, scope: set[int] | None) -> list[Row]:
    """The run's results of the people in the OPDs of `scope` (everyone when None)."""
    results = run.results.visible_to_opds(scope)
    return [
        Row(**dict(zip(_LOOKUPS, values, strict=True)))
        for values in results.values_list(*_LOOKUPS.values())
    ]


def mean(values: Iterable[Decimal | None]) -> Decimal | None:
    """The mean of the known values, half-up to 2 decimals; None when none is known."""
    known = [value for value in values if value is not None]
    if not known:
        return None
    return (sum(known, Decimal(0)) / len(known)).quantize(CENT, rounding=ROUND_HALF_UP)


def _change(earlier, current):
    return None if earlier is None or current is None else current - earlier


def _counts(group: dict) -> tuple[int, int]:
    return group["n_earlier"], group["n_current"]


def _group(name: str, earlier: list[Row], current: list[Row], suppressed: bool) -> dict:
    """The figures of one group; a suppressed group shows its counts only."""
    both = {row.participant for row in earlier} & {row.participant for row in current}
    components = []
    for component in COMPONENTS:
        before = None if suppressed else mean(getattr(row, component) for row in earlier)
        after = None if suppressed else mean(getattr(row, component) for row in current)
        components.append(
            {
                "component": component,
                "earlier": before,
                "current": after,
                "change": _change(before, after),
            }
        )
    return {
        "name": name,
        "n_earlier": len(earlier),
        "n_current": len(current),
        "n_both": len(both),
        "suppressed": suppressed,
        "components": components,
    }


def _trend(earlier: str, current: str) -> str | None:
    if earlier not in POTENTIAL_RANK or current not in POTENTIAL_RANK:
        return None
    step = POTENTIAL_RANK[current] - POTENTIAL_RANK[earlier]
    return UP if step > 0 else DOWN if step < 0 else SAME


def _person(earlier: Row, current: Row) -> dict:
    return {
        "nip": current.nip,
        "name": current.name,
        "opd": current.opd,
        "registration": current.registration,
        "jpm_earlier": earlier.jpm,
        "jpm_current": current.jpm,
        "jpm_change": _change(earlier.jpm, current.jpm),
        "category_earlier": earlier.potential_category,
        "category_current": current.potential_category,
        "trend": _trend(earlier.potential_category, current.potential_category),
        "box_earlier": earlier.box,
        "box_current": current.box,
        "box_changed": earlier.box != current.box,
    }


def _by_opd(rows: list[Row]) -> dict[int, list[Row]]:
    groups: dict[int, list[Row]] = {}
    for row in rows:
        groups.setdefault(row.opd_id, []).append(row)
    return groups


def _disclosed(earlier: list[Row], current: list[Row]) -> tuple[list[dict], dict]:
    """The OPDs by name and the total. A group with 1 to SUPPRESS_BELOW - 1 people in either
    event, and the groups reports.disclosure hides beside it so that no hidden mean can be
    had from the total less the shown ones, show their counts only: their means, or the
    change, would point at people."""
    names = {row.opd_id: row.opd for row in [*earlier, *current]}
    before_by_opd, after_by_opd = _by_opd(earlier), _by_opd(current)
    ids = sorted(names, key=lambda opd_id: names[opd_id])
    counts = [
        {"n_earlier": len(before_by_opd.get(i, [])), "n_current": len(after_by_opd.get(i, []))}
        for i in ids
    ]
    disclosed = hide_small(counts, counts=_counts)
    opds = [
        _group(names[i], before_by_opd.get(i, []), after_by_opd.get(i, []), row["suppressed"])
        for i, row in zip(ids, disclosed.rows, strict=True)
    ]
    total = hide_small([{"n_earlier": len(earlier), "n_current": len(current)}], counts=_counts)
    hidden = total.rows[0]["suppressed"] or not disclosed.total_shown
    return opds, _group("", earlier, current, hidden)


def compare(earlier: list[Row], current: list[Row]) -> Comparison:
    opds, total = _disclosed(earlier, current)
    before = {row.participant: row for row in earlier}
    people = sorted(
        (_person(before[row.participant], row) for row in current if row.participant in before),
        key=lambda person: (person["opd"], person["name"], person["nip"]),
    )
    trends = {UP: 0, SAME: 0, DOWN: 0}
    for person in people:
        if person["trend"] is not None:
            trends[person["trend"]] += 1
    return Comparison(opds=opds, total=total, people=people, trends=trends)
