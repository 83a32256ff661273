"""Corrections to a closed session's attendance: an operator, one person, a reason, audited.

A closed session is the record of what happened; nothing changes it on the way (seats out
of order, reschedules). When that record is wrong (a mark on the wrong row, a late letter
of excuse), an operator corrects one person at a time and says why. The correction is one
more mark in the person's history, so the earlier marks stay readable.
"""

import uuid

from django.db import transaction
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
)
from sessions_app.services import ScheduleError

CORRECTION_DEVICE = "koreksi operator"


def attendance_correct(
    *, session: Session, registration: Registration, status: str, reason: str, actor
) -> Attendance:
    if not actor.has_perm("sessions_app.change_attendance"):
        raise ScheduleError("Hanya operator yang dapat mengoreksi kehadiran sesi yang ditutup.")
    reason = reason.strip()
    if not reason:
        raise ScheduleError("Tuliskan alasan koreksi.")
    try:
        status = AttendanceStatus(status)
    except ValueError:
        raise ScheduleError("Status kehadiran tidak dikenal.") from None
    now = timezone.now()
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.closed_at is None:
            raise ScheduleError(
                "Sesi ini belum ditutup; kehadirannya ditandai di halaman pengawas."
            )
        attendance = (
            Attendance.objects.select_for_update()
            .filter(session=session, registration=registration)
            .first()
        )
        if attendance is None:
            if not Placement.objects.filter(session=session, registration=registration).exists():
                raise ScheduleError(
                    f"{registration.participant.name} tidak terjadwal dan tidak ditandai di "
                    "sesi ini."
                )
            attendance = Attendance(session=session, registration=registration, marked_at=now)
        before = attendance.get_status_display() if attendance.pk else "–"
        if before == status.label:
            raise ScheduleError(
                f"Status {registration.participant.name} sudah {status.label}; tidak ada yang "
                "dikoreksi."
            )
        present = status in (AttendanceStatus.PRESENT, AttendanceStatus.LATE)
        attendance.status = status
        attendance.arrived_at = attendance.arrived_at if present else None
        attendance.reason = reason if status == AttendanceStatus.EXCUSED else ""
        attendance.marked_at, attendance.marked_by = now, actor
        attendance.save()
        AttendanceMark.objects.create(
            attendance=attendance,
            client_id=uuid.uuid4(),
            status=status,
            arrived_at=attendance.arrived_at,
            reason=reason,
            workstation=attendance.workstation,
            marked_at=now,
            marked_by=actor,
            device=CORRECTION_DEVICE,
        )
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            target_type="sessions_app.attendance",
            target_repr=f"Kehadiran {registration.participant.name} ({session})",
            changes={"koreksi": [before, status.label], "alasan": reason},
        )
    return attendance
