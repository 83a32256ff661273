"""Coverage: how many of the civil servants in the master data have a valid published
assessment on a date, per OPD, UPT and position class, and how the count grew stage by
stage; and who has none.

Every figure is a count of people, never a result figure, so no group is suppressed
(reports/disclosure.py guards means and distributions of results). The scope is a set of OPD
ids as scoped_opd_ids gives it (None: every OPD).
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from participants.models import Participant
from scoring.models import ParticipantResult
from sessions_app.models import Event
from talent.latest import today, valid_from, valid_results

CENT = Decimal("0.01")
Scope = Collection[int] | None


@dataclass(frozen=True)
class Row:
    """One group: its name, how many people, how many of them assessed."""

    name: str
    total: int
    assessed: int
    detail: str = ""  # the UPT's OPD and region
    key: int | None = None  # the OPD's id, for its list of the unassessed

    @property
    def unassessed(self) -> int:
        return self.total - self.assessed

    @property
    def percent(self) -> Decimal | None:
        return percent(self.assessed, self.total)


@dataclass(frozen=True)
class StageRow:
    event: Event
    assessed_here: int  # people with a published result of this event
    cumulative: int  # people with a result valid on the event's last day, this one included


@dataclass(frozen=True)
class Coverage:
    as_of: datetime.date
    total: Row
    by_opd: list[Row]
    by_upt: list[Row]
    by_class: list[Row]
    stages: list[StageRow]


def percent(part: int, whole: int) -> Decimal | None:
    """100 x part / whole, half-up to 2 decimals; None for an empty group."""
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(CENT, rounding=ROUND_HALF_UP)


def people(scope: Scope, as_of: datetime.date) -> QuerySet[Participant]:
    """The participants of the scope, each with `assessed`: a valid published result."""
    valid = valid_results(as_of).filter(registration__participant_id=OuterRef("pk"))
    return Participant.objects.visible_to_opds(scope).annotate(assessed=Exists(valid))


def unassessed(scope: Scope, as_of: datetime.date, opd_id: int | None = None):
    """The people of the scope (of one OPD when given) without a valid published result, by
    OPD then name."""
    found = people(scope, as_of).filter(Q(assessed=False))
    if opd_id is not None:
        found = found.filter(opd_id=opd_id)
    return found.select_related("opd", "upt", "position_class").order_by("opd__name", "name", "nip")


def _counted(queryset: QuerySet, *keys: str) -> list[dict]:
    return list(
        queryset.values(*keys)
        .annotate(total=Count("pk"), n_assessed=Count("pk", filter=Q(assessed=True)))
        .order_by(*keys)
    )


def stage_rows(scope: Scope, as_of: datetime.date) -> list[StageRow]:
    """The events with a published run that started by as_of, in date order, each with the
    people it assessed and the people with a valid result after it; one query for all."""
    events = list(
        Event.objects.filter(start_date__lte=as_of, score_runs__published_at__isnull=False)
        .distinct()
        .order_by("start_date", "end_date", "code")
    )
    if not events:
        return []
    results = ParticipantResult.objects.visible_to_opds(scope).filter(
        run__published_at__isnull=False
    )
    person = "registration__participant_id"
    counts = {}
    for event in events:
        counts[f"here_{event.pk}"] = Count(
            person, distinct=True, filter=Q(registration__event_id=event.pk)
        )
        counts[f"upto_{event.pk}"] = Count(
            person,
            distinct=True,
            filter=Q(
                registration__event__start_date__lte=event.end_date,
                registration__event__end_date__gte=valid_from(event.end_date),
            ),
        )
    figures = results.aggregate(**counts)
    return [
        StageRow(
            event=event,
            assessed_here=figures[f"here_{event.pk}"],
            cumulative=figures[f"upto_{event.pk}"],
        )
        for event in events
    ]


def coverage(scope: Scope, as_of: datetime.date | None = None) -> Coverage:
    as_of = as_of or today()
    base = people(scope, as_of)
    totals = base.aggregate(total=Count("pk"), n_assessed=Count("pk", filter=Q(assessed=True)))
    by_opd = [
        Row(name=row["opd__name"], total=row["total"], assessed=row["n_assessed"], key=row["opd"])
        for row in _counted(base, "opd__name", "opd")
    ]
    by_upt = [
        Row(
            name=row["upt__name"],
            total=row["total"],
            assessed=row["n_assessed"],
            detail=f"{row['opd__name']} · {row['upt__region__name']}",
        )
        for row in _counted(
            base.filter(upt__isnull=False), "opd__name", "upt__name", "upt", "upt__region__name"
        )
    ]
    by_class = [
        Row(name=row["position_class__name"], total=row["total"], assessed=row["n_assessed"])
        for row in _counted(base, "position_class__order", "position_class__name")
    ]
    return Coverage(
        as_of=as_of,
        total=Row(name="Jumlah", total=totals["total"], assessed=totals["n_assessed"]),
        by_opd=by_opd,
        by_upt=by_upt,
        by_class=by_class,
        stages=stage_rows(scope, as_of),
    )
