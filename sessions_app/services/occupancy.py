"""Who holds a workstation at a given hour, across events.

A lab can serve two events at once (Tahap II ran two labs that other units also booked).
A seat is one person's at any moment: a seat held in another event's session that overlaps
a session in time is taken for it too. Sessions of one event never overlap (the session
form refuses it), so "another event" and "another session at overlapping hours" are the
same thing here. PostgreSQL enforces the rule itself (Placement's exclusion constraint);
these queries let the scheduler and the manual changes respect it first, and are the
only guard on SQLite.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sessions_app.models import Event, Placement, Session, Workstation
from sessions_app.services import ScheduleError


def seats_taken_elsewhere(sessions: Iterable[Session]) -> dict[int, set[int]]:
    """Per session id: the workstations someone of another event holds during its hours."""
    sessions = list(sessions)
    taken: dict[int, set[int]] = {session.pk: set() for session in sessions}
    if not sessions:
        return taken
    spans = {session.pk: session.span for session in sessions}
    held: dict[tuple, set[int]] = defaultdict(set)  # (starts_at, ends_at) -> workstations
    rows = (
        Placement.objects.filter(
            starts_at__lt=max(end for _start, end in spans.values()),
            ends_at__gt=min(start for start, _end in spans.values()),
        )
        .exclude(session__event_id__in={session.event_id for session in sessions})
        .values_list("starts_at", "ends_at", "workstation_id")
    )
    for starts_at, ends_at, seat in rows:
        held[starts_at, ends_at].add(seat)
    for session_id, (start, end) in spans.items():
        for (starts_at, ends_at), seats in held.items():
            if starts_at < end and ends_at > start:
                taken[session_id] |= seats
    return taken


def held_elsewhere(session: Session):
    """The ids of the workstations someone of another event holds during the session's
    hours, as a subquery."""
    starts_at, ends_at = session.span
    return (
        Placement.objects.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)
        .exclude(session__event_id=session.event_id)
        .values("workstation_id")
    )


def seat_holder_elsewhere(seat: Workstation, session: Session) -> Placement | None:
    """The placement of another event that holds this seat during the session, if any."""
    starts_at, ends_at = session.span
    return (
        Placement.objects.filter(workstation=seat, starts_at__lt=ends_at, ends_at__gt=starts_at)
        .exclude(session__event_id=session.event_id)
        .select_related("session__event")
        .first()
    )


def check_seat_free_elsewhere(seat: Workstation, session: Session) -> None:
    holder = seat_holder_elsewhere(seat, session)
    if holder is not None:
        raise ScheduleError(
            f"Komputer {seat} pada jam itu dipakai peserta kegiatan lain "
            f"({holder.session.event.code}, {holder.session})."
        )


def hours_clash(session: Session, *, date, start_time, end_time) -> str | None:
    """Why the people placed in a session cannot keep their seats at new hours, or None."""
    moved = Session(event_id=session.event_id, date=date, start_time=start_time, end_time=end_time)
    clash = (
        session.placements.filter(workstation__in=held_elsewhere(moved))
        .select_related("workstation")
        .first()
    )
    if clash is None:
        return None
    holder = seat_holder_elsewhere(clash.workstation, moved)
    assert holder is not None  # the clashing seat is one held elsewhere at those hours
    return (
        f"Pada jam itu komputer {clash.workstation} dipakai peserta kegiatan lain "
        f"({holder.session.event.code}, {holder.session}). Pindahkan peserta sesi ini "
        "ke kursi lain dulu, atau pilih jam lain."
    )


@dataclass(frozen=True)
class Overlap:
    """A session of this event and a session of another event in a shared lab, at once."""

    session: Session
    other: Session
    labs: list[str]
    seats_held: int  # seats of the shared labs the other session's people hold


def overlapping_sessions(event: Event) -> list[Overlap]:
    """Every pair of this event's session and another event's session that share a lab and
    overlap in time, in date order."""
    own = list(event.sessions.all())
    lab_ids = set(event.labs.values_list("pk", flat=True))
    if not own or not lab_ids:
        return []
    others = (
        Session.objects.filter(event__labs__in=lab_ids, date__in={s.date for s in own})
        .exclude(event=event)
        .select_related("event")
        .prefetch_related("event__labs")
        .distinct()
    )
    overlaps = []
    for other in others:
        shared = [lab for lab in other.event.labs.all() if lab.pk in lab_ids]
        for session in own:
            if (
                session.date == other.date
                and session.start_time < other.end_time
                and session.end_time > other.start_time
            ):
                overlaps.append((session, other, shared))
    held: dict[int, Counter] = defaultdict(Counter)  # other session -> lab -> people
    for session_id, lab_id in Placement.objects.filter(
        session__in={other.pk for _session, other, _labs in overlaps}
    ).values_list("session_id", "workstation__lab_id"):
        held[session_id][lab_id] += 1
    return [
        Overlap(
            session=session,
            other=other,
            labs=[str(lab) for lab in shared],
            seats_held=sum(held[other.pk][lab.pk] for lab in shared),
        )
        for session, other, shared in sorted(
            overlaps, key=lambda item: (item[0].date, item[0].start_time, item[1].start_time)
        )
    ]
