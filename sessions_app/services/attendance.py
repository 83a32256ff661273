"""Attendance marks: one database write each, safe to replay, the latest mark wins.

A mark carries a client-generated id (the idempotency key) and the time it was made on the
device. A mark sent twice (a retry, an offline replay) finds its id and is recorded once;
two proctors marking one person differently both land in the history, and the current
status is the one marked last on the devices' clocks.
"""

import datetime as dt
import uuid
from dataclasses import dataclass
from enum import StrEnum

from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.models import AuditEntry
from audit.services import audit_record
from sessions_app.models import (
    Attendance,
    AttendanceMark,
    AttendanceStatus,
    Placement,
    Registration,
    Session,
    Workstation,
)
from sessions_app.services import ScheduleError

LATE_AFTER = dt.timedelta(minutes=15)
# How far ahead of the server a device's clock may run before its marks are taken at the
# server's time: a clock running ahead must not win every later conflict.
CLOCK_SKEW = dt.timedelta(minutes=2)
# What a scan or the Hadir button says: the person is here. The server turns it into Hadir
# or Terlambat by the time the mark was made (arrival_status).
ARRIVED = "datang"


@dataclass
class MarkResult:
    attendance: Attendance
    duplicate: bool


def marking_refusal(
    user, session: Session, today: dt.date | None = None, *, is_proctor: bool | None = None
) -> str | None:
    """Why this user may not mark this session now, or None. `is_proctor` spares the query
    when the caller already checked the assignment."""
    if user.has_perm("sessions_app.change_attendance"):
        return None  # operators correct at any time, with a reason
    if is_proctor is None:
        is_proctor = session.proctors.filter(pk=user.pk).exists()
    if not is_proctor:
        return "Anda bukan pengawas sesi ini."
    if session.closed_at:  # said first: a closed session stays locked on any day
        closed = timezone.localtime(session.closed_at)
        return (
            f"Sesi sudah ditutup pukul {closed:%H.%M} WITA: penandaan dikunci. Minta operator "
            "membukanya kembali bila perlu koreksi."
        )
    today = today or timezone.localdate()
    if session.date != today:
        return f"Penandaan hanya bisa pada hari sesi ({session.date:%d/%m/%Y})."
    return None


def where_is(registration: Registration) -> str:
    placement = (
        Placement.objects.filter(registration=registration)
        .select_related("session", "workstation")
        .first()
    )
    if placement is None:
        return f"{registration.participant.name} belum terjadwal di kegiatan ini."
    return (
        f"{registration.participant.name} terjadwal di {placement.session}, kursi "
        f"{placement.workstation.label}. Arahkan ke sesi itu, atau minta operator memindahkan "
        "jadwalnya ke sesi ini."
    )


class MarkVia(StrEnum):
    """How the device named the person: a signed card code (scanned or typed), the token of
    a row of the session's list, or a bare registration id (marks queued by older pages)."""

    CARD = "card"
    ROSTER = "roster"
    ID = "id"


@dataclass
class NotHere:
    """The answer to a mark of someone who is not in this session now."""

    status: int
    message: str
    moved: bool = False  # on this list earlier, moved since: the proctor may confirm


NOT_ON_ROSTER = "Peserta ini tidak ada di daftar sesi ini."


def mark_target_problem(
    session: Session, registration: Registration, *, via: MarkVia, confirmed: bool = False
) -> NotHere | None:
    """Why this person cannot be marked in this session as the device asked, or None.

    A bare id is taken only for someone on the session's list, and anyone else gets the
    same answer as an id that does not exist, so counting through ids tells nothing. A card
    in hand may be told where its holder belongs: the card prints it. A row of the list the
    page showed, whose person has been moved since, needs the proctor's confirmation."""
    in_session = (
        Placement.objects.filter(registration=registration, session=session).exists()
        or Attendance.objects.filter(registration=registration, session=session).exists()
    )
    if in_session:
        return None
    if via == MarkVia.CARD:
        return NotHere(409, where_is(registration))
    if via == MarkVia.ROSTER and not confirmed:
        return NotHere(409, moved_notice(registration), moved=True)
    if via == MarkVia.ROSTER:
        return None
    return NotHere(404, NOT_ON_ROSTER)


def moved_notice(registration: Registration) -> str:
    placement = (
        Placement.objects.filter(registration=registration)
        .select_related("session", "workstation")
        .first()
    )
    name = registration.participant.name
    if placement is None:
        where = f"{name} sudah tidak terjadwal di sesi ini."
    else:
        where = (
            f"{name} sudah dipindahkan ke {placement.session}, kursi {placement.workstation.label}."
        )
    return where + " Tetap tandai di sesi ini?"


def late_after(session: Session) -> dt.datetime:
    """The last moment an arrival counts as on time."""
    start = timezone.make_aware(dt.datetime.combine(session.date, session.start_time))
    return start + LATE_AFTER


def arrival_status(session: Session, marked_at: dt.datetime) -> AttendanceStatus:
    """Hadir up to 15 minutes past the session's start, Terlambat after."""
    if marked_at <= late_after(session):
        return AttendanceStatus.PRESENT
    return AttendanceStatus.LATE


def attendance_mark(
    *,
    session: Session,
    registration: Registration,
    status: str,
    client_id: uuid.UUID,
    marked_at: dt.datetime,
    actor,
    device: str = "",
    replayed: bool = False,
    arrived_at: dt.datetime | None = None,
    reason: str = "",
    workstation: Workstation | None = None,
) -> MarkResult:
    """Record one mark. `status` is a status, or ARRIVED for the server to decide between
    Hadir and Terlambat by `marked_at`, the device's time (so a mark queued offline is
    judged by when it was made, not when it arrived)."""
    marked_at = min(marked_at, timezone.now() + CLOCK_SKEW)
    if status == ARRIVED:
        status = arrival_status(session, marked_at)
    status = AttendanceStatus(status)
    if status == AttendanceStatus.EXCUSED and not reason.strip():
        raise ScheduleError("Izin perlu alasan.")
    if status == AttendanceStatus.LATE and arrived_at is None:
        arrived_at = marked_at
    if status in (AttendanceStatus.PRESENT, AttendanceStatus.LATE):
        arrived_at = arrived_at or marked_at
    else:
        arrived_at = None
    fields = {
        "status": status,
        "arrived_at": arrived_at,
        "reason": reason.strip(),
        "workstation": workstation,
        "marked_at": marked_at,
        "marked_by": actor,
    }
    try:
        with transaction.atomic():
            return _write(session, registration, client_id, fields, device, replayed)
    except IntegrityError:
        seen = AttendanceMark.objects.filter(client_id=client_id).first()
        if seen is not None:  # the same mark arrived twice at once; the first one won
            return MarkResult(seen.attendance, duplicate=True)
    # Another proctor's first mark of this person landed a moment earlier: the attendance
    # row exists now, and this time it is found and locked.
    with transaction.atomic():
        return _write(session, registration, client_id, fields, device, replayed)


def _write(session, registration, client_id, fields: dict, device: str, replayed: bool):
    seen = AttendanceMark.objects.filter(client_id=client_id).select_related("attendance").first()
    if seen is not None:
        return MarkResult(seen.attendance, duplicate=True)
    attendance = (
        Attendance.objects.select_for_update()
        .filter(registration=registration, session=session)
        .first()
    )
    if attendance is None:
        attendance = Attendance.objects.create(registration=registration, session=session, **fields)
    elif fields["marked_at"] >= attendance.marked_at:
        for name, value in fields.items():
            setattr(attendance, name, value)
        attendance.save()
    AttendanceMark.objects.create(
        attendance=attendance, client_id=client_id, device=device[:120], replayed=replayed, **fields
    )
    audit_record(
        actor=fields["marked_by"],
        action=AuditEntry.Action.UPDATE,
        target_type="sessions_app.attendance",
        target_repr=f"Kehadiran {registration.participant.name} ({session})",
        changes={
            "status": fields["status"].label,
            "ditandai": fields["marked_at"].isoformat(),
            "perangkat": device[:120],
            "cara kirim": "luring, dikirim ulang" if replayed else "daring",
        },
    )
    return MarkResult(attendance, duplicate=False)


def session_close(*, session: Session, actor) -> int:
    """Close a session: everyone placed in it and not yet marked becomes Tidak Hadir."""
    now = timezone.now()
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.closed_at:
            return 0
        marked = Attendance.objects.filter(session=session).values("registration_id")
        missing = Placement.objects.filter(session=session).exclude(registration_id__in=marked)
        count = 0
        for registration_id in missing.values_list("registration_id", flat=True):
            attendance = Attendance.objects.create(
                registration_id=registration_id,
                session=session,
                status=AttendanceStatus.ABSENT,
                marked_at=now,
                marked_by=actor,
            )
            AttendanceMark.objects.create(
                attendance=attendance,
                client_id=uuid.uuid4(),
                status=AttendanceStatus.ABSENT,
                marked_at=now,
                marked_by=actor,
                device="penutupan sesi",
            )
            count += 1
        locked.closed_at, locked.closed_by = now, actor
        locked.save(update_fields=["closed_at", "closed_by"])
    session.closed_at = locked.closed_at
    return count


def session_reopen(*, session: Session, actor) -> None:
    Session.objects.filter(pk=session.pk).update(closed_at=None, closed_by=None)
    session.closed_at = None
