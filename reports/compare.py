"""An event's published results next to an earlier event's: per OPD, how many took part in
each and the mean JPM, LD, ES and potential in each with the change; per participant who
took part in both, the earlier and current JPM, potential category and box.

People are matched by their participant record (one per NIP) and grouped under the OPD they
belong to now, in both events, which is also the OPD a manager's scope is checked against.
The database does the counting and summing (at 100,000 people a page reads a handful of
grouped rows and 50 people, never every result): `opd_figures`, `pairs`, `both_counts`,
`people`; `compare` is pure (the sums in, the disclosed groups out)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)

from reports.disclosure import hide_small
from scoring import core
from scoring.models import ScoreRun
from sessions_app.models import Event

COMPONENTS = ("jpm", "ld", "es", "potential")
CENT = Decimal("0.01")
POTENTIAL_RANK = {core.RENDAH: 0, core.MENENGAH: 1, core.TINGGI: 2}
UP, SAME, DOWN = "up", "same", "down"
# Component -> its field on a ParticipantResult.
FIELDS = {"jpm": "jpm", "ld": "ld_score", "es": "es_score", "potential": "potential"}
OPD = "registration__participant__opd_id"
# From a current result to the same person's result in the earlier run (see pairs()).
EARLIER = "registration__participant__registrations__results__"
SUM = DecimalField(max_digits=20, decimal_places=2)


@dataclass(frozen=True)
class Figures:
    """One OPD's results in one run, as the database summed them: the count of people, and
    per component the sum and the count of the known values."""

    opd_id: int
    opd: str
    n: int
    sums: dict[str, Decimal | None] = field(default_factory=dict)
    known: dict[str, int] = field(default_factory=dict)

    def mean(self, component: str) -> Decimal | None:
        return mean(self.sums.get(component), self.known.get(component, 0))


@dataclass(frozen=True)
class Comparison:
    opds: list[dict]
    total: dict
    people: list[dict]  # the page's people (see people_page)
    trends: dict[str, int] = field(default_factory=dict)  # potential category up/same/down
    people_count: int = 0


def earlier_events(event: Event) -> list[Event]:
    """The events before this one that have a published run, latest first."""
    return list(
        Event.objects.filter(
            start_date__lt=event.start_date, score_runs__published_at__isnull=False
        )
        .distinct()
        .order_by("-start_date", "code")
    )


def opd_figures(run: ScoreRun, scope: set[int] | None) -> list[Figures]:
    """Per OPD, the run's results of the people in the OPDs of `scope` (everyone when
    None): one grouped query, whatever the number of people."""
    aggregates: dict = {"n": Count("id")}
    for component, name in FIELDS.items():
        aggregates[f"{component}_sum"] = Sum(name, output_field=SUM)
        aggregates[f"{component}_known"] = Count(name)
    rows = (
        run.results.visible_to_opds(scope)
        .values(OPD, "registration__participant__opd__name")
        .annotate(**aggregates)
        .order_by()
    )
    return [
        Figures(
            opd_id=row[OPD],
            opd=row["registration__participant__opd__name"],
            n=row["n"],
            sums={c: row[f"{c}_sum"] for c in COMPONENTS},
            known={c: row[f"{c}_known"] for c in COMPONENTS},
        )
        for row in rows
    ]


def pairs(run: ScoreRun, earlier_run: ScoreRun, scope: set[int] | None) -> QuerySet:
    """The current results of the people who also have a result in `earlier_run`, each
    joined (once: one result per person per run) to that earlier result."""
    return run.results.visible_to_opds(scope).filter(**{f"{EARLIER}run": earlier_run})


def _rank(prefix: str) -> Case:
    category = f"{prefix}potential_category"
    return Case(
        *(When(**{category: c}, then=Value(r)) for c, r in POTENTIAL_RANK.items()),
        default=Value(None),
        output_field=IntegerField(),
    )


def both_counts(pairs: QuerySet) -> tuple[dict[int, int], dict[str, int]]:
    """Per OPD the people in both runs, and in all the potential category's trend."""
    rows = (
        pairs.annotate(now=_rank(""), then=_rank(EARLIER))
        .values(OPD)
        .annotate(
            n=Count("id"),
            up=Count("id", filter=Q(now__gt=F("then"))),
            same=Count("id", filter=Q(now=F("then"))),
            down=Count("id", filter=Q(now__lt=F("then"))),
        )
        .order_by()
    )
    both, trends = {}, {UP: 0, SAME: 0, DOWN: 0}
    for row in rows:
        both[row[OPD]] = row["n"]
        for trend in trends:
            trends[trend] += row[trend]
    return both, trends


def people(pairs: QuerySet) -> QuerySet:
    """The people in both runs with their figures then and now, by OPD, name and NIP; the
    page reads 50 of them (person() makes each row)."""
    return (
        pairs.order_by(
            "registration__participant__opd__name",
            "registration__participant__name",
            "registration__participant__nip",
        )
        .values(
            "jpm", "potential_category", "box", "registration_id",
            nip=F("registration__participant__nip"),
            name=F("registration__participant__name"),
            opd=F("registration__participant__opd__name"),
            jpm_earlier=F(f"{EARLIER}jpm"),
            category_earlier=F(f"{EARLIER}potential_category"),
            box_earlier=F(f"{EARLIER}box"),
        )
    )  # fmt: skip


@dataclass(frozen=True)
class Summary:
    """What a comparison page reads of every person, computed once per change of the data
    (`summary`): the per-OPD groups, the total, the trends, and who is in both runs, as
    registration ids in the page's order."""

    opds: list[dict]
    total: dict
    trends: dict[str, int]
    people: list[int]


def summary(run: ScoreRun, earlier_run: ScoreRun, scope: set[int] | None) -> Summary:
    both, trends = both_counts(pairs(run, earlier_run, scope))
    opds, total = compare(opd_figures(earlier_run, scope), opd_figures(run, scope), both)
    ids = people(pairs(run, earlier_run, scope)).values_list("registration_id", flat=True)
    return Summary(opds=opds, total=total, trends=trends, people=list(ids))


def people_page(
    run: ScoreRun, earlier_run: ScoreRun, scope: set[int] | None, ids: list[int]
) -> list[dict]:
    """The rows of person() for the registrations `ids` (a page of Summary.people), in
    their order: one query for the page, however deep."""
    found = people(pairs(run, earlier_run, scope)).filter(registration_id__in=ids).order_by()
    rows = {row["registration_id"]: row for row in found}
    return [person(rows[pk]) for pk in ids if pk in rows]


def mean(total: Decimal | None, known: int) -> Decimal | None:
    """The mean of `known` values summing to `total`, half-up to 2 decimals; None when
    none is known."""
    if not known or total is None:
        return None
    return (Decimal(total) / known).quantize(CENT, rounding=ROUND_HALF_UP)


def _change(earlier, current):
    return None if earlier is None or current is None else current - earlier


def _counts(group: dict) -> tuple[int, int]:
    return group["n_earlier"], group["n_current"]


def _group(name: str, earlier: Figures, current: Figures, both: int, suppressed: bool) -> dict:
    """The figures of one group; a suppressed group shows its counts only."""
    components = []
    for component in COMPONENTS:
        before = None if suppressed else earlier.mean(component)
        after = None if suppressed else current.mean(component)
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
        "n_earlier": earlier.n,
        "n_current": current.n,
        "n_both": both,
        "suppressed": suppressed,
        "components": components,
    }


def _trend(earlier: str, current: str) -> str | None:
    if earlier not in POTENTIAL_RANK or current not in POTENTIAL_RANK:
        return None
    step = POTENTIAL_RANK[current] - POTENTIAL_RANK[earlier]
    return UP if step > 0 else DOWN if step < 0 else SAME


def person(row: dict) -> dict:
    """One row of people() as the page shows it."""
    return {
        "nip": row["nip"],
        "name": row["name"],
        "opd": row["opd"],
        "registration": row["registration_id"],
        "jpm_earlier": row["jpm_earlier"],
        "jpm_current": row["jpm"],
        "jpm_change": _change(row["jpm_earlier"], row["jpm"]),
        "category_earlier": row["category_earlier"],
        "category_current": row["potential_category"],
        "trend": _trend(row["category_earlier"], row["potential_category"]),
        "box_earlier": row["box_earlier"],
        "box_current": row["box"],
        "box_changed": row["box_earlier"] != row["box"],
    }


def _sum(figures: list[Figures]) -> Figures:
    """All groups as one: the sums add up exactly (Decimal), so the total's mean is the
    mean over every person."""

    def total(component: str) -> Decimal | None:
        known = [f.sums[component] for f in figures if f.sums.get(component) is not None]
        return sum(known, Decimal(0)) if known else None

    return Figures(
        opd_id=0,
        opd="",
        n=sum(f.n for f in figures),
        sums={c: total(c) for c in COMPONENTS},
        known={c: sum(f.known.get(c, 0) for f in figures) for c in COMPONENTS},
    )


def compare(
    earlier: list[Figures], current: list[Figures], both: dict[int, int]
) -> tuple[list[dict], dict]:
    """The OPDs by name and the total. A group with 1 to SUPPRESS_BELOW - 1 people in either
    event, and the groups reports.disclosure hides beside it so that no hidden mean can be
    had from the total less the shown ones, show their counts only: their means, or the
    change, would point at people."""
    before = {f.opd_id: f for f in earlier}
    after = {f.opd_id: f for f in current}
    names = {f.opd_id: f.opd for f in [*earlier, *current]}
    ids = sorted(names, key=lambda opd_id: names[opd_id])
    nobody = {i: Figures(opd_id=i, opd=names[i], n=0) for i in ids}
    counts = [
        {"n_earlier": before.get(i, nobody[i]).n, "n_current": after.get(i, nobody[i]).n}
        for i in ids
    ]
    disclosed = hide_small(counts, counts=_counts)
    opds = [
        _group(
            names[i],
            before.get(i, nobody[i]),
            after.get(i, nobody[i]),
            both.get(i, 0),
            row["suppressed"],
        )  # fmt: skip
        for i, row in zip(ids, disclosed.rows, strict=True)
    ]
    all_before, all_after = _sum(earlier), _sum(current)
    total = hide_small([{"n_earlier": all_before.n, "n_current": all_after.n}], counts=_counts)
    hidden = total.rows[0]["suppressed"] or not disclosed.total_shown
    return opds, _group("", all_before, all_after, sum(both.values()), hidden)
