"""Moving the people who missed their session into later days, by the scheduler's rules.

One decision in two steps: `reschedule_propose` says who goes to which session and seat and
who cannot be placed (and why) without writing anything; `reschedule_apply` recomputes the
same proposal under the event's lock and saves it only if it is still what the operator saw.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F

from audit.models import AuditEntry
from audit.services import audit_record
from sessions_app.models import (
    Attendance,
    AttendanceStatus,
    Event,
    Placement,
    Registration,
    Session,
    Workstation,
)
from sessions_app.services import ScheduleError
from sessions_app.services.placement import free_seats, placement_move
from sessions_app.services.schedule import REASON_TEXT
from sessions_app.signals import announce_placements
from sessions_app.solver import Fixed, Person, Reason, Slot, assign_seats, solve

MISSED = (AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED)
# For a no-show, "no day" means no open session on a later day they can attend.
UNPLACED_TEXT = {
    **REASON_TEXT,
    Reason.NO_DAY: "tidak ada sesi terbuka pada hari sesudahnya yang bisa dihadiri",
}
CHANGED = (
    "Data jadwal berubah sejak pratinjau dibuat (oleh operator lain, penandaan kehadiran "
    "atau perubahan kursi). Buat pratinjau baru lalu simpan lagi."
)


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


@dataclass(frozen=True)
class Move:
    registration: Registration
    missed: Session
    session: Session
    seat: Workstation


@dataclass
class RescheduleProposal:
    event: Event
    moves: list[Move] = field(default_factory=list)
    unplaced: list[tuple[Registration, str]] = field(default_factory=list)

    @property
    def fingerprint(self) -> str:
        """Changes when anyone would land elsewhere, or someone's fate changes."""
        text = repr(
            (
                sorted((m.registration.pk, m.session.pk, m.seat.pk) for m in self.moves),
                sorted(reg.pk for reg, _why in self.unplaced),
            )
        )
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def reschedule_propose(*, event: Event, registration_ids: list[int]) -> RescheduleProposal:
    """Place each chosen no-show on a later day than the one they missed, in an open session
    with a free seat, never on a day they cannot attend, within the OPD daily share.
    Only people still missing their session count; nothing is written."""
    wanted = {int(pk) for pk in registration_ids}
    registrations = [r for r in missed_registrations(event) if r.pk in wanted]
    proposal = RescheduleProposal(event=event)
    if not registrations:
        return proposal
    chosen = {r.pk: r for r in registrations}
    sessions = list(event.sessions.filter(closed_at__isnull=True).order_by("date", "start_time"))
    seats = {s.pk: free_seats(s) for s in sessions}
    slots = [Slot(s.pk, s.date, order, len(seats[s.pk])) for order, s in enumerate(sessions)]
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
            frozenset(unavailable[reg.pk] | {d for d in days if d <= reg.placement.session.date}),
        )
        for reg in registrations
    ]
    fixed = [
        Fixed(opd, day)
        for opd, day in Placement.objects.filter(session__event=event)
        .exclude(registration_id__in=chosen)
        .values_list("registration__participant__opd_id", "session__date")
    ]
    opd_sizes: defaultdict[int, int] = defaultdict(int)
    for opd in event.registrations.values_list("participant__opd_id", flat=True):
        opd_sizes[opd] += 1
    result = solve(
        slots, people, fixed=fixed, opd_sizes=opd_sizes, share=float(event.opd_day_share)
    )
    by_session = defaultdict(list)
    for reg_id, session_id in result.placements.items():
        by_session[session_id].append(reg_id)
    by_pk = {s.pk: s for s in sessions}
    for session_id, regs in sorted(by_session.items()):
        # Colleagues of one OPD side by side, as the scheduler seats them.
        regs.sort(key=lambda pk: (chosen[pk].participant.opd.name, chosen[pk].participant.name))
        free = {seat.pk: seat for seat in seats[session_id]}
        for reg_id, seat_id in assign_seats(regs, list(free)).items():
            registration = chosen[reg_id]
            proposal.moves.append(
                Move(registration, registration.placement.session, by_pk[session_id], free[seat_id])
            )
    proposal.moves.sort(key=lambda m: (m.session.date, m.session.start_time, m.seat.label))
    proposal.unplaced = sorted(
        ((chosen[reg_id], UNPLACED_TEXT[why]) for reg_id, why in result.unplaced.items()),
        key=lambda item: item[0].participant.name,
    )
    return proposal


def reschedule_apply(
    *, event: Event, registration_ids: list[int], fingerprint: str, actor
) -> RescheduleProposal:
    """Save the proposal the operator previewed, all or nothing, or refuse if it would now
    differ (someone already moved, a seat taken, a session closed, a date added)."""
    with transaction.atomic():
        # The scheduler and manual moves of this event wait for this one.
        Event.objects.select_for_update().get(pk=event.pk)
        proposal = reschedule_propose(event=event, registration_ids=registration_ids)
        if proposal.fingerprint != fingerprint:
            raise ScheduleError(CHANGED)
        if not proposal.moves:
            raise ScheduleError("Tidak ada peserta yang dapat dipindahkan pada pratinjau ini.")
        for move in proposal.moves:
            placement_move(
                registration=move.registration,
                session=move.session,
                seat=move.seat,
                reason=f"Dijadwalkan ulang: tidak hadir pada {move.missed}",
                actor=actor,
                notify=False,
            )
        announce_placements(
            registration_ids=[m.registration.pk for m in proposal.moves],
            kind="reschedule",
            actor=actor,
        )
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            target=event,
            changes={
                "jadwal ulang tidak hadir": len(proposal.moves),
                "tidak bisa ditempatkan": len(proposal.unplaced),
            },
        )
    return proposal
