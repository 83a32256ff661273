"""Moving the people who missed their session into later days, by the scheduler's rules."""

from collections import defaultdict

from django.db import transaction
from django.db.models import F

from sessions_app.models import Attendance, AttendanceStatus, Event, Placement, Registration
from sessions_app.services.placement import free_seats, placement_move
from sessions_app.services.schedule import REASON_TEXT
from sessions_app.solver import Fixed, Person, Slot, solve

MISSED = (AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED)


def missed_registrations(event: Event):
    """People still placed in a session they were marked absent or excused from."""
    missed = Attendance.objects.filter(
        session__event=event, status__in=MISSED, registration__placement__session_id=F("session_id")
    )
    return (
        Registration.objects.filter(pk__in=missed.values("registration_id"))
        .select_related("participant__opd", "placement__session")
        .order_by("placement__session__date", "participant__name")
    )


def reschedule_missed(*, event: Event, registrations: list[Registration], actor) -> dict:
    """Place each person on a later day than the one they missed, with a free seat, never on
    a day they cannot attend, within the OPD daily share. Returns placed and unplaced."""
    sessions = [s for s in event.sessions.all() if s.closed_at is None]
    chosen = {r.pk: r for r in registrations}
    placements = {
        p.registration_id: p
        for p in Placement.objects.filter(registration_id__in=chosen).select_related("session")
    }
    slots = [Slot(s.pk, s.date, order, len(free_seats(s))) for order, s in enumerate(sessions)]
    unavailable = defaultdict(set)
    for reg_id, day in Registration.objects.filter(pk__in=chosen).values_list(
        "pk", "unavailable_dates__date"
    ):
        if day:
            unavailable[reg_id].add(day)
    days = sorted({s.date for s in sessions})
    people = [
        Person(
            reg.pk,
            reg.participant.opd_id,
            None,
            frozenset(
                unavailable[reg.pk] | {d for d in days if d <= placements[reg.pk].session.date}
            ),
        )
        for reg in registrations
    ]
    fixed = [
        Fixed(opd, day)
        for opd, day in Placement.objects.filter(session__event=event)
        .exclude(registration_id__in=chosen)
        .values_list("registration__participant__opd_id", "session__date")
    ]
    opd_sizes = defaultdict(int)
    for opd in event.registrations.values_list("participant__opd_id", flat=True):
        opd_sizes[opd] += 1
    result = solve(
        slots, people, fixed=fixed, opd_sizes=opd_sizes, share=float(event.opd_day_share)
    )
    by_pk = {s.pk: s for s in sessions}
    with transaction.atomic():
        for reg_id, session_id in result.placements.items():
            old = placements[reg_id].session
            placement_move(
                registration=chosen[reg_id],
                session=by_pk[session_id],
                reason=f"Dijadwalkan ulang: tidak hadir pada {old}",
                actor=actor,
            )
    return {
        "placed": len(result.placements),
        "unplaced": {
            chosen[reg].participant.name: REASON_TEXT[why] for reg, why in result.unplaced.items()
        },
    }
