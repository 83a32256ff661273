"""The automatic schedule: a proposal computed by the solver, previewed, then saved.

Fixed placements (pinned by hand, and every existing one unless the operator asks to
re-plan) stay where they are; the solver places everyone else. The preview and the save
compute the same proposal; the save refuses if the data changed in between.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.models import AuditEntry
from audit.services import audit_record
from core.db import bulk_insert
from sessions_app.models import Event, Placement, Registration, Session, Workstation
from sessions_app.services import ScheduleError
from sessions_app.services.occupancy import seats_taken_elsewhere
from sessions_app.signals import announce_placements
from sessions_app.solver import Fixed, Person, Reason, Slot, assign_seats, solve

PLACEMENT_FIELDS = (
    "registration_id",
    "session_id",
    "workstation_id",
    "pinned",
    "reason",
    "placed_by_id",
    "placed_at",
    "starts_at",
    "ends_at",
)
REASON_TEXT = {
    Reason.NO_DAY: "tidak bisa hadir pada semua hari yang ada sesinya",
    Reason.CAPACITY: "semua kursi pada hari yang bisa dihadiri sudah penuh",
    Reason.OPD_SHARE: "batas peserta OPD per hari sudah tercapai pada hari yang bisa dihadiri",
}


@dataclass
class Proposal:
    event: Event
    replan: bool
    sessions: dict[int, Session]
    placements: dict[int, tuple[int, int]] = field(default_factory=dict)  # reg -> session, seat
    kept: int = 0
    moved: list[int] = field(default_factory=list)  # registrations whose session changes
    dropped: list[int] = field(default_factory=list)  # placed before, unplaced by a re-plan
    unplaced: dict[int, Reason] = field(default_factory=dict)
    bound: int = 0
    over_share: list[tuple[str, object, int, int]] = field(default_factory=list)
    registered: int = 0

    @property
    def fingerprint(self) -> str:
        text = repr((self.replan, sorted(self.placements.items())))
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    @property
    def placed_total(self) -> int:
        return self.kept + len(self.placements)


def usable_seats(event: Event) -> list[Workstation]:
    return list(
        Workstation.objects.filter(lab__events=event, status=Workstation.Status.USABLE).order_by(
            "lab__name", "label"
        )
    )


def schedule_propose(event: Event, *, replan: bool = False) -> Proposal:
    sessions = list(event.sessions.all())
    if not sessions:
        raise ScheduleError("Kegiatan ini belum punya sesi. Tambahkan sesi terlebih dahulu.")
    seats = [seat.pk for seat in usable_seats(event)]
    if not seats:
        raise ScheduleError("Lab kegiatan ini belum punya komputer yang dapat dipakai.")
    proposal = Proposal(event=event, replan=replan, sessions={s.pk: s for s in sessions})
    registrations = list(
        Registration.objects.filter(event=event).values_list(
            "pk", "participant__opd_id", "participant__upt__region__name", "participant__name"
        )
    )
    proposal.registered = len(registrations)
    unavailable: dict[int, set] = defaultdict(set)
    for reg_id, day in event.registrations.values_list("pk", "unavailable_dates__date"):
        if day is not None:
            unavailable[reg_id].add(day)

    existing = {
        reg: (session, seat, pinned)
        for reg, session, seat, pinned in Placement.objects.filter(
            registration__event=event
        ).values_list("registration_id", "session_id", "workstation_id", "pinned")
    }
    taken: dict[int, set[int]] = defaultdict(set)
    fixed, to_place = [], []
    for reg_id, opd, region, _name in registrations:
        current = existing.get(reg_id)
        if current and (current[2] or not replan):
            taken[current[0]].add(current[1])
            fixed.append(Fixed(opd=opd, day=proposal.sessions[current[0]].date))
        else:
            to_place.append(Person(reg_id, opd, region, frozenset(unavailable[reg_id])))
    proposal.kept = len(fixed)

    # Seats another event's overlapping session holds are taken too.
    for session_id, held in seats_taken_elsewhere(sessions).items():
        taken[session_id] |= held
    free = {s.pk: [seat for seat in seats if seat not in taken[s.pk]] for s in sessions}
    slots = [
        Slot(id=s.pk, day=s.date, order=order, capacity=len(free[s.pk]))
        for order, s in enumerate(sessions)
    ]
    opd_sizes: dict[int, int] = defaultdict(int)
    for _reg, opd, _region, _name in registrations:
        opd_sizes[opd] += 1
    result = solve(
        slots, to_place, fixed=fixed, opd_sizes=opd_sizes, share=float(event.opd_day_share)
    )
    proposal.bound, proposal.unplaced = result.bound, result.unplaced
    _seat(
        proposal,
        result.placements,
        free,
        {reg: (opd, region or "", name) for reg, opd, region, name in registrations},
    )
    proposal.moved = [
        reg
        for reg, (session, _seat_id) in proposal.placements.items()
        if reg in existing and existing[reg][0] != session
    ]
    proposal.dropped = [reg for reg in proposal.unplaced if reg in existing]
    opd_names = dict(
        event.registrations.values_list("participant__opd_id", "participant__opd__name")
    )
    proposal.over_share = [
        (opd_names[o], day, count, cap) for o, day, count, cap in result.over_share
    ]
    return proposal


def _seat(proposal: Proposal, placements: dict[int, int], free, sort_keys) -> None:
    by_session: dict[int, list[int]] = defaultdict(list)
    for reg, session in placements.items():
        by_session[session].append(reg)
    for session, regs in by_session.items():
        # Colleagues from one region and one OPD sit side by side.
        regs.sort(key=lambda reg: (sort_keys[reg][1], sort_keys[reg][0], sort_keys[reg][2], reg))
        for reg, seat in assign_seats(regs, free[session]).items():
            proposal.placements[reg] = (session, seat)


STALE = (
    "Data jadwal berubah sejak pratinjau dibuat (oleh operator lain atau impor). "
    "Lihat pratinjau yang baru lalu simpan lagi."
)


def schedule_apply(*, event: Event, replan: bool, fingerprint: str, actor) -> Proposal:
    """Save the proposal the operator previewed, or refuse if it would now differ."""
    try:
        return _apply(event=event, replan=replan, fingerprint=fingerprint, actor=actor)
    except IntegrityError as error:
        # Another event's run took one of these seats at these hours in the meantime.
        raise ScheduleError(STALE) from error


def _apply(*, event: Event, replan: bool, fingerprint: str, actor) -> Proposal:
    with transaction.atomic():
        # One scheduling run per event at a time; manual moves lock the same row.
        Event.objects.select_for_update().get(pk=event.pk)
        proposal = schedule_propose(event, replan=replan)
        if fingerprint and proposal.fingerprint != fingerprint:
            raise ScheduleError(STALE)
        if replan:
            Placement.objects.filter(registration__event=event, pinned=False).delete()
        now, actor_id = timezone.now(), actor.pk if actor is not None else None
        spans = {pk: session.span for pk, session in proposal.sessions.items()}
        bulk_insert(
            Placement,
            (
                (reg, session, seat, False, "", actor_id, now, *spans[session])
                for reg, (session, seat) in proposal.placements.items()
            ),
            fields=PLACEMENT_FIELDS,
        )
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            target=event,
            changes={
                "penjadwalan": "susun ulang" if replan else "lanjutkan",
                "ditempatkan": len(proposal.placements),
                "dipindah": len(proposal.moved),
                "tetap": proposal.kept,
                "belum ditempatkan": len(proposal.unplaced),
            },
        )
        announce_placements(registration_ids=proposal.placements, kind="schedule", actor=actor)
    return proposal
