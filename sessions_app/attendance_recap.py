"""Attendance counts per session, per day and per OPD, on screen and as a workbook."""

from django.db.models import Count, Q
from django.utils import timezone
from openpyxl import Workbook

from core.excel import text_cell, value_cell
from sessions_app.models import Attendance, AttendanceMark, AttendanceStatus, Event

STATUSES = [status.value for status in AttendanceStatus]
HEADERS = ["Hadir", "Terlambat", "Izin", "Tidak Hadir", "Jumlah"]
HISTORY_HEADERS = [
    "NIP",
    "Nama",
    "Sesi",
    "Status",
    "Ditandai (perangkat)",
    "Diterima server",
    "Oleh",
    "Perangkat",
    "Cara kirim",
]


def _grouped(event: Event, *keys: str) -> list[dict]:
    counts = {status: Count("id", filter=Q(status=status)) for status in STATUSES}
    rows = (
        Attendance.objects.filter(session__event=event)
        .values(*keys)
        .annotate(total=Count("id"), **counts)
        .order_by(*keys)
    )
    return list(rows)


def recap_rows(event: Event) -> dict:
    return {
        "by_session": _grouped(event, "session__date", "session__start_time", "session__name"),
        "by_day": _grouped(event, "session__date"),
        "by_opd": _grouped(event, "registration__participant__opd__name"),
    }


def recap_workbook(event: Event, target) -> None:
    data = recap_rows(event)
    workbook = Workbook(write_only=True)
    session_keys = ("session__date", "session__start_time", "session__name")
    sheets = (
        ("Per Sesi", ["Tanggal", "Mulai", "Sesi"], data["by_session"], session_keys),
        ("Per Hari", ["Tanggal"], data["by_day"], ("session__date",)),
        ("Per OPD", ["OPD"], data["by_opd"], ("registration__participant__opd__name",)),
    )
    for title, labels, rows, keys in sheets:
        sheet = workbook.create_sheet(title)
        sheet.freeze_panes = "A2"
        sheet.append(labels + HEADERS)
        for row in rows:
            sheet.append(
                [value_cell(sheet, row[key]) for key in keys]
                + [row[status] for status in STATUSES]
                + [row["total"]]
            )
    history = workbook.create_sheet("Riwayat Penandaan")
    history.freeze_panes = "A2"
    history.append(HISTORY_HEADERS)
    marks = (
        AttendanceMark.objects.filter(attendance__session__event=event)
        .select_related("attendance__registration__participant", "attendance__session", "marked_by")
        .order_by("marked_at")
    )
    for mark in marks.iterator(chunk_size=2000):
        participant = mark.attendance.registration.participant
        history.append(
            [
                text_cell(history, participant.nip),
                value_cell(history, participant.name),
                value_cell(history, str(mark.attendance.session)),
                mark.get_status_display(),
                timezone.localtime(mark.marked_at).replace(tzinfo=None),
                timezone.localtime(mark.received_at).replace(tzinfo=None),
                value_cell(history, mark.marked_by.get_username() if mark.marked_by else "sistem"),
                value_cell(history, mark.device),
                "dikirim ulang dari luring" if mark.replayed else "daring",
            ]
        )
    workbook.save(target)
