"""What each list of the API returns: the rows of the token's OPD scope, narrowed by the
query parameters. The scope comes from participants/scope.py (`visible_to_opds`), the
published results from the run each event has published last (scoring's rule, as the
report pages read it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework.exceptions import ValidationError

from participants.models import Opd, Participant
from scoring.models import ParticipantResult, ScoreRun
from sessions_app.models import Attendance, Event, Placement, Registration

# Parameters of the pagination (api/views.py) besides the filters read here.
PAGING_PARAMS = {"cursor", "page_size"}
FILTER_PARAMS = {"event", "opd", "changed_since"}


@dataclass(frozen=True)
class Filters:
    event: Event | None = None
    opd: Opd | None = None
    changed_since: dt.datetime | None = None


def parse_filters(params: QueryDict) -> Filters:
    """The filters of a request; anything unknown or malformed is refused (400) with a
    message that says which parameter and why."""
    unknown = sorted(set(params) - FILTER_PARAMS - PAGING_PARAMS)
    if unknown:
        raise _refused(", ".join(unknown), f"Parameter tidak dikenal: {', '.join(unknown)}.")
    event = opd = since = None
    if code := _param(params, "event"):
        event = Event.objects.filter(code=code).first()
        if event is None:
            raise _refused("event", f"Kegiatan dengan kode {code!r} tidak ada.")
    if code := _param(params, "opd"):
        opd = Opd.objects.filter(code=code).first()
        if opd is None:
            raise _refused("opd", f"OPD dengan kode {code!r} tidak ada.")
    if "changed_since" in params:
        since = parse_changed_since(_param(params, "changed_since"))
    return Filters(event=event, opd=opd, changed_since=since)


def _param(params: QueryDict, name: str) -> str:
    return str(params.get(name, "")).strip()


def _refused(parameter: str, message: str) -> ValidationError:
    """A 400 in the shape of every refusal of the API: {"detail": ...}, and which parameter."""
    return ValidationError({"detail": message, "parameter": parameter})


def parse_changed_since(text: str) -> dt.datetime:
    """An ISO 8601 date and time; without a zone it is read as WITA, the site's time."""
    try:
        value = parse_datetime(text.strip())
    except ValueError:
        value = None
    if value is None:
        raise _refused(
            "changed_since",
            f"Waktu {text!r} tidak valid. Tulis tanggal dan jam ISO 8601, "
            "misalnya 2024-02-27T08:00:00+08:00.",
        )
    if timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.get_default_timezone())
    return value


def participants(opd_ids: set[int] | None, filters: Filters) -> QuerySet[Participant]:
    rows = Participant.objects.visible_to_opds(opd_ids).select_related(
        "opd", "upt", "position_class"
    )
    if filters.event is not None:
        rows = rows.filter(registrations__event=filters.event)
    if filters.opd is not None:
        rows = rows.filter(opd=filters.opd)
    if filters.changed_since is not None:
        rows = rows.filter(updated_at__gte=filters.changed_since)
    return rows


def events(opd_ids: set[int] | None, filters: Filters) -> QuerySet[Event]:
    """Every event for a token of every OPD; otherwise the events someone of its OPDs is
    registered for (so a token with no OPD sees none)."""
    rows = Event.objects.all()
    if opd_ids is not None or filters.opd is not None:
        registered = Registration.objects.visible_to_opds(opd_ids).filter(event=OuterRef("pk"))
        if filters.opd is not None:
            registered = registered.filter(participant__opd=filters.opd)
        rows = rows.filter(Exists(registered))
    if filters.event is not None:
        rows = rows.filter(pk=filters.event.pk)
    if filters.changed_since is not None:
        rows = rows.filter(changed_at__gte=filters.changed_since)
    return rows


def schedules(opd_ids: set[int] | None, filters: Filters) -> QuerySet[Placement]:
    rows = Placement.objects.visible_to_opds(opd_ids).select_related(
        "registration__participant", "registration__event", "session", "workstation__lab__venue"
    )
    if filters.event is not None:
        rows = rows.filter(registration__event=filters.event)
    if filters.opd is not None:
        rows = rows.filter(registration__participant__opd=filters.opd)
    if filters.changed_since is not None:
        # A seat changes with the placement; a session's date or hours with the session.
        rows = rows.filter(
            Q(placed_at__gte=filters.changed_since)
            | Q(session__changed_at__gte=filters.changed_since)
        )
    return rows


def attendance(opd_ids: set[int] | None, filters: Filters) -> QuerySet[Attendance]:
    rows = Attendance.objects.visible_to_opds(opd_ids).select_related(
        "registration__participant", "registration__event", "session"
    )
    if filters.event is not None:
        rows = rows.filter(session__event=filters.event)
    if filters.opd is not None:
        rows = rows.filter(registration__participant__opd=filters.opd)
    if filters.changed_since is not None:
        rows = rows.filter(changed_at__gte=filters.changed_since)
    return rows


def current_runs() -> QuerySet[ScoreRun]:
    """Of each event, the run published last: the one the report pages show."""
    later = ScoreRun.objects.filter(
        event=OuterRef("event"),
        published_at__isnull=False,
        published_at__gt=OuterRef("published_at"),
    )
    return ScoreRun.objects.filter(published_at__isnull=False).exclude(Exists(later))


def results(opd_ids: set[int] | None, filters: Filters) -> QuerySet[ParticipantResult]:
    """Published results only: a draft run, or a run published before the event's latest,
    is never listed."""
    rows = (
        ParticipantResult.objects.visible_to_opds(opd_ids)
        .filter(run__in=current_runs())
        .select_related("registration__participant", "run__event")
    )
    if filters.event is not None:
        rows = rows.filter(run__event=filters.event)
    if filters.opd is not None:
        rows = rows.filter(registration__participant__opd=filters.opd)
    if filters.changed_since is not None:
        rows = rows.filter(run__published_at__gte=filters.changed_since)
    return rows
