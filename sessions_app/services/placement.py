"""Manual changes to the schedule: move, swap, remove, and seats taken out of use.

Each checks capacity and availability, locks the sessions it touches so two operators
cannot interleave, records the reason, and leaves the moved placement pinned so a later
automatic run keeps the operator's decision. The database's unique constraints are the
last guard against double-booking.
"""

from django.db import IntegrityError, transaction

from audit.models import AuditEntry
from audit.services import audit_record
from sessions_app.models import Placement, Registration, Session, Workstation
from sessions_app.services import ScheduleError
from sessions_app.services.occupancy import check_seat_free_elsewhere, held_elsewhere
from sessions_app.signals import announce_placements

SEAT_RACE = "Kursi itu baru saja diisi oleh operator lain. Muat ulang halaman lalu coba lagi."


def _lock(*sessions: Session) -> None:
    # Always in id order, so two operators locking the same pair cannot deadlock.
    list(Session.objects.select_for_update().filter(pk__in=[s.pk for s in sessions]).order_by("pk"))


def free_seats(session: Session, *, include_spare: bool = False) -> list[Workstation]:
    """Seats of the event's labs nobody holds during the session, in this event or another."""
    statuses = [Workstation.Status.USABLE] + ([Workstation.Status.SPARE] if include_spare else [])
    return list(
        Workstation.objects.filter(lab__events=session.event_id, status__in=statuses)
        .exclude(placements__session=session)
        .exclude(pk__in=held_elsewhere(session))
        .order_by("status", "lab__name", "label")
    )


def _check_available(registration: Registration, session: Session) -> None:
    if session.event_id != registration.event_id:
        raise ScheduleError("Sesi itu milik kegiatan lain.")
    if registration.unavailable_dates.filter(date=session.date).exists():
        raise ScheduleError(
            f"{registration.participant.name} tercatat tidak bisa hadir pada "
            f"{session.date:%d/%m/%Y}."
        )


def _check_seat(seat: Workstation, session: Session) -> None:
    if not seat.lab.events.filter(pk=session.event_id).exists():
        raise ScheduleError(f"Komputer {seat} tidak termasuk lab kegiatan ini.")
    if seat.status == Workstation.Status.OUT_OF_ORDER:
        raise ScheduleError(f"Komputer {seat} sedang rusak.")
    if Placement.objects.filter(session=session, workstation=seat).exists():
        raise ScheduleError(f"Komputer {seat} pada sesi itu sudah terisi.")
    check_seat_free_elsewhere(seat, session)


def placement_move(
    *,
    registration: Registration,
    session: Session,
    seat: Workstation | None = None,
    reason: str,
    actor,
    notify: bool = True,
) -> Placement:
    """Put one participant in a session (and seat); the first free seat when none is given.
    notify=False leaves telling them to the caller (a reschedule sends its own notice)."""
    if not reason.strip():
        raise ScheduleError("Tuliskan alasan perubahan jadwal.")
    current = (
        Placement.objects.filter(registration=registration)
        .select_related("session", "workstation")
        .first()
    )
    try:
        with transaction.atomic():
            _lock(session, *([current.session] if current else []))
            _check_available(registration, session)
            if seat is None:
                seats = free_seats(session)
                if not seats:
                    raise ScheduleError(f"Tidak ada kursi kosong pada {session}.")
                seat = seats[0]
            elif not (
                current and current.session_id == session.pk and current.workstation_id == seat.pk
            ):
                _check_seat(seat, session)
            before = f"{current.session} {current.workstation.label}" if current else "–"
            if current:
                current.session, current.workstation = session, seat
                current.pinned, current.reason, current.placed_by = True, reason, actor
                current.save()
                placement = current
            else:
                placement = Placement.objects.create(
                    registration=registration,
                    session=session,
                    workstation=seat,
                    pinned=True,
                    reason=reason,
                    placed_by=actor,
                )
            audit_record(
                actor=actor,
                action=AuditEntry.Action.UPDATE,
                target=placement,
                changes={"jadwal": [before, f"{session} {seat.label}"], "alasan": reason},
            )
            if notify:
                announce_placements(
                    registration_ids=[registration.pk], kind="schedule", actor=actor
                )
    except IntegrityError as error:
        raise ScheduleError(SEAT_RACE) from error
    return placement


def placement_move_many(
    *, registrations: list[Registration], session: Session, reason: str, actor
) -> int:
    """Move several participants to one session, all or none."""
    with transaction.atomic():
        for registration in registrations:
            placement_move(registration=registration, session=session, reason=reason, actor=actor)
    return len(registrations)


def placement_swap(*, first: Placement, second: Placement, reason: str, actor) -> None:
    """Exchange the session and seat of two placed participants."""
    if not reason.strip():
        raise ScheduleError("Tuliskan alasan perubahan jadwal.")
    if first.pk == second.pk:
        raise ScheduleError("Pilih dua peserta yang berbeda.")
    with transaction.atomic():
        _lock(first.session, second.session)
        _check_available(first.registration, second.session)
        _check_available(second.registration, first.session)
        places = [(first.session, first.workstation), (second.session, second.workstation)]
        # Delete and recreate: a seat can never hold two people, not even for a moment.
        rows = [first, second]
        Placement.objects.filter(pk__in=[p.pk for p in rows]).delete()
        for placement, (session, seat) in zip(rows, reversed(places), strict=True):
            placement.pk = None
            placement.session, placement.workstation = session, seat
            placement.pinned, placement.reason, placement.placed_by = True, reason, actor
            placement.save(force_insert=True)
            audit_record(
                actor=actor,
                action=AuditEntry.Action.UPDATE,
                target=placement,
                changes={"tukar": f"{session} {seat.label}", "alasan": reason},
            )
        announce_placements(
            registration_ids=[p.registration_id for p in rows], kind="schedule", actor=actor
        )


def placement_pin(*, placement: Placement, pinned: bool, actor) -> None:
    """Lock a placement so automatic runs leave it, or release it."""
    if placement.pinned == pinned:
        return
    placement.pinned = pinned
    placement.save(update_fields=["pinned"])
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        target=placement,
        changes={"dikunci": [not pinned, pinned]},
    )


def placement_remove(*, placement: Placement, reason: str, actor) -> None:
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditEntry.Action.DELETE,
            target=placement,
            changes={"alasan": reason},
        )
        placement.delete()


def workstation_set_status(*, seat: Workstation, status: str, actor) -> list[str]:
    """Change a seat's status. People seated at a seat taken out of use move to a free seat
    (spare seats included) of the same session; if one cannot, nothing changes.

    Only sessions still to come (open, not yet started) change: a past, running or closed
    session keeps its seating and its attendance as they happened."""
    try:
        status = Workstation.Status(status)
    except ValueError:
        raise ScheduleError("Status komputer tidak dikenal.") from None
    moves = []
    with transaction.atomic():
        occupied = (
            []
            if status == Workstation.Status.USABLE
            else [
                placement
                for placement in seat.placements.select_related(
                    "session", "registration__participant"
                )
                if placement.session.is_upcoming
            ]
        )
        for placement in occupied:
            _lock(placement.session)
            # A broken seat's people may use the spares; a seat set aside as spare may not.
            spare_ok = status == Workstation.Status.OUT_OF_ORDER
            others = [
                s for s in free_seats(placement.session, include_spare=spare_ok) if s.pk != seat.pk
            ]
            if not others:
                raise ScheduleError(
                    f"Tidak ada kursi pengganti pada {placement.session} untuk "
                    f"{placement.registration.participant.name}; status {seat} tidak diubah."
                )
            placement.workstation = others[0]
            placement.reason = f"{seat.label} {status.label.lower()}"
            placement.save()
            moves.append(
                f"{placement.registration.participant.name}: {seat.label} → {others[0].label}"
            )
        before = seat.get_status_display()
        seat.status = status
        seat.save()
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            target=seat,
            changes={"status": [before, seat.get_status_display()], "pindah kursi": len(moves)},
        )
        announce_placements(
            registration_ids=[p.registration_id for p in occupied], kind="schedule", actor=actor
        )
    return moves
