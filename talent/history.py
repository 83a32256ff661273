"""A person's assessment history: every event they were registered for, with attendance,
and every published result, each with its change since the one before, plus the profile of
the latest result's levels against the earlier one's.

Of an event with several published runs only the run published last counts, as everywhere
else. `history` reads the database in four queries whatever the number of stages.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from participants.competencies import COMPETENCIES
from participants.models import Participant
from reports import charts
from scoring.models import ParticipantResult
from sessions_app.models import Attendance, AttendanceStatus, Registration
from talent.latest import LATEST_FIRST, latest_result_of, today, valid_from

FIGURES = ("jpm", "ld_score", "es_score", "potential")
POTENTIAL_RANK = {"Rendah": 0, "Menengah": 1, "Tinggi": 2}
UP, SAME, DOWN = "up", "same", "down"


@dataclass(frozen=True)
class Change:
    figure: str
    value: Decimal | None
    delta: Decimal | None  # against the stage before; None when either is missing

    @property
    def direction(self) -> str:
        if self.delta is None or self.delta == 0:
            return SAME
        return UP if self.delta > 0 else DOWN


@dataclass(frozen=True)
class Stage:
    """One published result of the person, in its event."""

    result: ParticipantResult
    figures: dict[str, Change]
    box_before: int | None
    category_trend: str | None  # potential category against the stage before
    valid: bool  # still valid on the as-of date
    current: bool  # the person's result for talent management


@dataclass(frozen=True)
class Visit:
    """One registration of the person, with what the attendance says."""

    registration: Registration
    session_date: datetime.date | None
    attendance: str  # the status's label, or "" when not marked
    attended: bool


@dataclass(frozen=True)
class History:
    visits: list[Visit]
    stages: list[Stage]  # oldest first
    radar: charts.Radar | None
    compared_with: Stage | None  # the stage the radar's second polygon is; None: standard
    as_of: datetime.date
    valid_from: datetime.date
    levels: list[dict] = field(default_factory=list)

    @property
    def timeline(self) -> list[tuple[Visit, Stage | None]]:
        """Every registration, oldest first, with its published result when there is one."""
        by_registration = {stage.result.registration_id: stage for stage in self.stages}
        return [(visit, by_registration.get(visit.registration.pk)) for visit in self.visits]


def published_results(participant: Participant) -> list[ParticipantResult]:
    """The person's published results, one per event (its run published last), oldest first."""
    results = (
        ParticipantResult.objects.filter(
            registration__participant=participant, run__published_at__isnull=False
        )
        .select_related("run", "registration__event")
        .order_by(*LATEST_FIRST)
    )
    by_event: dict[int, ParticipantResult] = {}
    for result in results:
        by_event.setdefault(result.registration.event_id, result)
    return list(reversed(by_event.values()))


def _visits(participant: Participant) -> list[Visit]:
    registrations = (
        Registration.objects.filter(participant=participant)
        .select_related("event", "placement__session")
        .order_by("event__start_date", "event__code")
    )
    marks: dict[int, Attendance] = {}
    attendances = Attendance.objects.filter(registration__participant=participant)
    for marked in attendances.order_by("marked_at"):
        marks[marked.registration_id] = marked  # the latest mark of the registration wins
    visits = []
    for registration in registrations:
        placement = getattr(registration, "placement", None)
        mark = marks.get(registration.pk)
        visits.append(
            Visit(
                registration=registration,
                session_date=placement.session.date if placement else None,
                attendance=mark.get_status_display() if mark else "",
                attended=mark is not None
                and mark.status in (AttendanceStatus.PRESENT, AttendanceStatus.LATE),
            )
        )
    return visits


def _delta(before, after) -> Decimal | None:
    return None if before is None or after is None else after - before


def _trend(before: str, after: str) -> str | None:
    if before not in POTENTIAL_RANK or after not in POTENTIAL_RANK:
        return None
    difference = POTENTIAL_RANK[after] - POTENTIAL_RANK[before]
    return SAME if difference == 0 else UP if difference > 0 else DOWN


def _stages(results: list[ParticipantResult], current_id: int | None, since) -> list[Stage]:
    stages, previous = [], None
    for result in results:
        figures = {
            name: Change(
                figure=name,
                value=getattr(result, name),
                delta=_delta(getattr(previous, name), getattr(result, name)) if previous else None,
            )
            for name in FIGURES
        }
        stages.append(
            Stage(
                result=result,
                figures=figures,
                box_before=previous.box if previous else None,
                category_trend=_trend(previous.potential_category, result.potential_category)
                if previous
                else None,
                valid=result.registration.event.end_date >= since,
                current=result.pk == current_id,
            )
        )
        previous = result
    return stages


def _required(result: ParticipantResult) -> list[int | None]:
    """The levels the result was scored against: level - gap."""
    if len(result.gaps) != len(result.levels):
        return [None] * len(COMPETENCIES)
    return [level - gap for level, gap in zip(result.levels, result.gaps, strict=True)]


def _levels_table(latest: ParticipantResult, earlier: ParticipantResult | None) -> list[dict]:
    required = _required(latest)
    rows = []
    for index, (code, name) in enumerate(COMPETENCIES):
        level = latest.levels[index] if index < len(latest.levels) else None
        before = earlier.levels[index] if earlier and index < len(earlier.levels) else None
        rows.append(
            {
                "code": code,
                "name": name,
                "level": level,
                "earlier": before,
                "required": required[index],
                "delta": _delta(before, level),
            }
        )
    return rows


def history(participant: Participant, as_of: datetime.date | None = None) -> History:
    as_of = as_of or today()
    since = valid_from(as_of)
    current = latest_result_of(participant, as_of)
    stages = _stages(published_results(participant), current.pk if current else None, since)
    radar, compared_with, levels = None, None, []
    if stages:
        latest = stages[-1]
        compared_with = stages[-2] if len(stages) > 1 else None
        earlier = compared_with.result if compared_with else None
        levels = _levels_table(latest.result, earlier)
        second = "earlier" if earlier else "required"
        radar = charts.radar([(r["code"], r["name"], r["level"], r[second]) for r in levels])
    return History(
        visits=_visits(participant),
        stages=stages,
        radar=radar,
        compared_with=compared_with,
        as_of=as_of,
        valid_from=since,
        levels=levels,
    )
