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

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from audit.models import AuditEntry
from audit.services import audit_entry
from core.db import fetch_objects, insert_objects, save_fields
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
    session: Session,
    registration: Registration,
    *,
    via: MarkVia,
    confirmed: bool = False,
    in_session: bool | None = None,
) -> NotHere | None:
    """Why this person cannot be marked in this session as the device asked, or None.

    A bare id is taken only for someone on the session's list, and anyone else gets the
    same answer as an id that does not exist, so counting through ids tells nothing. A card
    in hand may be told where its holder belongs: the card prints it. A row of the list the
    page showed, whose person has been moved since, needs the proctor's confirmation.
    `in_session` spares the queries when the caller read it with the person."""
    if in_session is None:
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


@dataclass(frozen=True)
class MarkRequest:
    """One mark to store: its id, whom it names, what it says, when on the device it was
    made. `status` is a status, or ARRIVED for the server to decide."""

    registration: Registration  # its participant loaded: the audit entry names them
    status: str
    client_id: uuid.UUID
    marked_at: dt.datetime
    replayed: bool = False
    reason: str = ""
    workstation: Workstation | None = None
    arrived_at: dt.datetime | None = None


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
    """Record one mark (attendance_marks_store with one). Raises ScheduleError when the
    mark says Izin without a reason."""
    request = MarkRequest(
        registration=registration, status=status, client_id=client_id, marked_at=marked_at,
        replayed=replayed, reason=reason, workstation=workstation, arrived_at=arrived_at,
    )  # fmt: skip
    (result,) = attendance_marks_store(session=session, marks=[request], actor=actor, device=device)
    if isinstance(result, ScheduleError):
        raise result
    return result


def attendance_marks_store(
    *, session: Session, marks: list[MarkRequest], actor, device: str = ""
) -> list[MarkResult | ScheduleError]:
    """Record marks of one session, in one transaction of a few bulk writes whatever their
    number (a phone's offline queue arrives at once). For each mark, in order: the result,
    or the ScheduleError that refused it.

    Each is judged alone, as if sent alone in this order: an arrival becomes Hadir or
    Terlambat by its device time; a mark whose id was recorded before (or earlier in the
    list) is a duplicate and changes nothing; the attendance row takes the mark made last
    on the devices' clocks; every stored mark lands in the history and the audit trail."""
    outcomes: list[MarkResult | ScheduleError | dict] = []
    for mark in marks:
        try:
            outcomes.append(_fields(session, mark, actor))
        except ScheduleError as error:
            outcomes.append(error)
    for attempt in range(3):
        try:
            with transaction.atomic():
                return _store(session, marks, outcomes, device[:120])
        except IntegrityError:
            # Another request recorded one of these ids, or a first mark of one of these
            # people, a moment earlier: read again, and this time it is found (and locked).
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _fields(session: Session, mark: MarkRequest, actor) -> dict:
    marked_at = min(mark.marked_at, timezone.now() + CLOCK_SKEW)
    status = mark.status
    if status == ARRIVED:
        status = arrival_status(session, marked_at)
    status = AttendanceStatus(status)
    if status == AttendanceStatus.EXCUSED and not mark.reason.strip():
        raise ScheduleError("Izin perlu alasan.")
    arrived_at = None
    if status in (AttendanceStatus.PRESENT, AttendanceStatus.LATE):
        arrived_at = mark.arrived_at or marked_at
    return {
        "status": status,
        "arrived_at": arrived_at,
        "reason": mark.reason.strip(),
        "workstation": mark.workstation,
        "marked_at": marked_at,
        "marked_by": actor,
    }


def _store(session: Session, marks: list[MarkRequest], outcomes: list, device: str) -> list:
    seen = _seen_marks([mark.client_id for mark in marks])
    rows = _rows_locked(session, {mark.registration.pk for mark in marks})
    results: list[MarkResult | ScheduleError] = []
    new_rows, changed, history, trail = {}, {}, [], []
    for mark, fields in zip(marks, outcomes, strict=True):
        if isinstance(fields, ScheduleError):
            results.append(fields)
            continue
        if mark.client_id in seen:
            results.append(MarkResult(seen[mark.client_id], duplicate=True))
            continue
        registration = mark.registration
        attendance = rows.get(registration.pk)
        if attendance is None:
            attendance = Attendance(registration=registration, session=session, **fields)
            rows[registration.pk] = new_rows[registration.pk] = attendance
        elif fields["marked_at"] >= attendance.marked_at:
            for name, value in fields.items():
                setattr(attendance, name, value)
            if registration.pk not in new_rows:
                changed[registration.pk] = attendance
        seen[mark.client_id] = attendance
        history.append((attendance, mark, fields))
        trail.append(_audit(session, registration, mark, fields, device))
        results.append(MarkResult(attendance, duplicate=False))
    insert_objects(list(new_rows.values()))
    save_fields(list(changed.values()), ATTENDANCE_FIELDS)
    insert_objects([
        AttendanceMark(
            attendance=attendance, client_id=mark.client_id, device=device,
            replayed=mark.replayed, **fields,
        )
        for attendance, mark, fields in history
    ])  # fmt: skip
    insert_objects(trail)
    return results


ATTENDANCE_FIELDS = ("status", "arrived_at", "reason", "workstation", "marked_at", "marked_by")


# The two reads of every mark, in SQL written out: the ORM spends about 2 ms of CPU
# compiling each of these (filter, join, lock) against 0.3 ms to run it, on the path of
# every live scan.


def _seen_marks(client_ids: list[uuid.UUID]) -> dict[uuid.UUID, Attendance]:
    """The attendance row of each of these mark ids already recorded."""
    if not client_ids:
        return {}
    marks, rows = AttendanceMark._meta.db_table, Attendance._meta.db_table
    field = AttendanceMark._meta.get_field("client_id")
    params = [field.get_db_prep_value(client_id, connection) for client_id in client_ids]
    found = fetch_objects(
        Attendance, "a",
        f"FROM {marks} m JOIN {rows} a ON a.id = m.attendance_id "
        f"WHERE m.client_id IN ({_places(params)})",
        params, extra=[("seen_id", "m.client_id")],
    )  # fmt: skip
    return {uuid.UUID(str(row.seen_id)): row for row in found}


def _rows_locked(session: Session, registration_ids: set[int]) -> dict[int, Attendance]:
    """The attendance rows of these people in the session, locked in one order (by id), so
    two batches naming the same people cannot deadlock."""
    ids = sorted(registration_ids)
    if not ids:
        return {}
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    found = fetch_objects(
        Attendance, "a",
        f"FROM {Attendance._meta.db_table} a WHERE a.session_id = %s "
        f"AND a.registration_id IN ({_places(ids)}) ORDER BY a.id{lock}",
        [session.pk, *ids],
    )  # fmt: skip
    return {row.registration_id: row for row in found}


def _places(values: list) -> str:
    return ", ".join(["%s"] * len(values))


def _audit(session, registration, mark: MarkRequest, fields: dict, device: str) -> AuditEntry:
    return audit_entry(
        actor=fields["marked_by"],
        action=AuditEntry.Action.UPDATE,
        target_type="sessions_app.attendance",
        target_repr=f"Kehadiran {registration.participant.name} ({session})",
        changes={
            "status": fields["status"].label,
            "ditandai": fields["marked_at"].isoformat(),
            "perangkat": device,
            "cara kirim": "luring, dikirim ulang" if mark.replayed else "daring",
        },
    )


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
