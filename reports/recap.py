"""The managers' recap of an event's published results, one workbook: a summary with charts,
every participant (reports.recap_people), means per OPD and per region and the gap map
(reports.recap_opds), the sheets per UPT, golongan, gender and age (reports.recap_groups),
attendance per session and PNBP (reports.pnbp).

Streamed: a write-only workbook fed by tuples read in chunks, so a large event takes little
memory. Group figures of fewer than SUPPRESS_BELOW people are withheld, because the mean of two
people is nearly their own scores, and so is a second group's beside a lone hidden one
(reports.disclosure).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import BinaryIO

from django.db.models import Avg, Count, QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font

from audit.models import AuditEntry
from audit.services import audit_record
from core.excel import BOLD, header_cells, save_with_rows, set_widths, styled_cell, value_cell
from participants.models import Opd
from reports import pnbp, recap_groups
from reports.recap_opds import (
    JPM_CATEGORIES,
    POTENTIAL_CATEGORIES,
    gap_sheet,
    mean_cell,
    opd_sheet,
    region_sheet,
)
from reports.recap_people import people_sheet
from scoring.models import ScoreRun
from sessions_app.models import Attendance, AttendanceStatus, Placement

Target = str | os.PathLike[str] | BinaryIO  # a path or a binary file object

# (field, heading, the values counted, the label of the results without one)
SUMMARY_TABLES = (
    ("jpm_category", "Kategori JPM", JPM_CATEGORIES, "Tanpa kategori"),
    ("potential_category", "Kategori Potensi", POTENTIAL_CATEGORIES, "Tanpa kategori"),
    ("box", "Kotak Talenta", tuple(range(1, 10)), "Tanpa kotak"),
)
ATTENDANCE_HEADER = (
    "Tanggal",
    "Sesi",
    "Mulai",
    "Selesai",
    "Ditempatkan",
    "Hadir",
    "Terlambat",
    "Izin",
    "Tidak Hadir",
    "Belum Ditandai",
)


def write_recap(
    run: ScoreRun,
    out: Target,
    opd_ids: set[int] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write the recap of the run (limited to the OPDs given) to out; the participant rows,
    one per registered person, scored or not.

    progress, when given, is told (participant rows written, participant rows in all) as the
    people sheet is written, which is nearly all of the work.
    """
    results = run.results.visible_to_opds(opd_ids)
    book = Workbook(write_only=True)
    _summary_sheet(book.create_sheet("Ringkasan"), run, results, opd_ids)
    people = people_sheet(book.create_sheet("Per Peserta"), run, opd_ids, progress)
    opd_sheet(book.create_sheet("Per OPD"), results)
    region_sheet(book.create_sheet("Per Wilayah"), results)
    recap_groups.group_sheets(book, run, opd_ids)
    gap_sheet(book.create_sheet("Peta Gap"), results)
    _attendance_sheet(book.create_sheet("Kehadiran"), run, opd_ids)
    pnbp.pnbp_sheet(book.create_sheet("PNBP"), run.event, opd_ids)
    save_with_rows(book, out, people)
    return people.written


def recap_export(*, run: ScoreRun, out: Target, actor, opd_ids: set[int] | None = None) -> int:
    """write_recap, recorded in the audit trail: the recap holds personal data."""
    count = write_recap(run, out, opd_ids)
    audit_recap(run=run, actor=actor, opd_ids=opd_ids, count=count)
    return count


def audit_recap(*, run: ScoreRun, actor, opd_ids: set[int] | None, count: int) -> None:
    """Record that actor took the recap of run (its scope and its rows) out of the site."""
    scope: list[str] | str = "semua"
    if opd_ids is not None:
        scope = list(Opd.objects.filter(pk__in=opd_ids).values_list("name", flat=True))
    audit_record(
        actor=actor,
        action=AuditEntry.Action.EXPORT,
        target=run,
        changes={"rekap": run.event.code, "opd": scope, "baris": count},
    )


# --- sheets -------------------------------------------------------------------------------


def _counts(results: QuerySet, field: str) -> dict:
    rows = results.values_list(field).annotate(n=Count("pk")).order_by(field)
    return {key: n for key, n in rows}


def _summary_sheet(sheet, run: ScoreRun, results: QuerySet, opd_ids: set[int] | None) -> None:
    """The event, the scope, the overall figures and the counts per category."""
    set_widths(sheet, (26, 44))
    overall = results.aggregate(n=Count("pk"), jpm=Avg("jpm"), potential=Avg("potential"))
    scope = "Semua OPD"
    if opd_ids is not None:
        scope = "; ".join(Opd.objects.filter(pk__in=opd_ids).values_list("name", flat=True))
    published = timezone.localtime(run.published_at).replace(tzinfo=None)
    title = "Rekap Hasil Penilaian Potensi dan Kompetensi"
    lines = [
        [styled_cell(sheet, title, font=Font(bold=True, size=13))],
        ["Kegiatan", value_cell(sheet, f"{run.event.name} ({run.event.code})")],
        ["Penilaian", run.number],
        ["Diterbitkan", styled_cell(sheet, published, "DD/MM/YYYY HH:MM")],
        ["Cakupan", value_cell(sheet, scope)],
        ["Peserta dinilai", overall["n"]],
        ["Rata-rata JPM", mean_cell(sheet, overall["jpm"])],
        ["Rata-rata Skor Potensi", mean_cell(sheet, overall["potential"])],
    ]
    for line in lines:
        sheet.append(line)
    row, starts = len(lines), {}
    for field, heading, keys, missing in SUMMARY_TABLES:
        counts = _counts(results, field)
        sheet.append([])
        sheet.append(header_cells(sheet, (heading, "Jumlah")))
        starts[field] = row + 2
        for key in keys:
            sheet.append([key, counts.get(key, 0)])
        sheet.append([missing, sum(n for key, n in counts.items() if key in (None, ""))])
        row += 3 + len(keys)
    sheet.add_chart(_bar_chart(sheet, "Sebaran kotak talenta", starts["box"], 9), "D2")
    sheet.add_chart(_bar_chart(sheet, "Kategori JPM", starts["jpm_category"], 3), "D18")


def _bar_chart(sheet, title: str, header_row: int, size: int) -> BarChart:
    """Bars of the counts in column B under header_row, labelled by column A."""
    chart = BarChart()
    chart.title, chart.legend = title, None
    chart.y_axis.title = "Jumlah peserta"
    chart.height, chart.width = 7, 14
    data = Reference(sheet, min_col=2, min_row=header_row, max_row=header_row + size)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(
        Reference(sheet, min_col=1, min_row=header_row + 1, max_row=header_row + size)
    )
    return chart


def _attendance_sheet(sheet, run: ScoreRun, opd_ids: set[int] | None) -> None:
    placements = Placement.objects.filter(session__event=run.event).visible_to_opds(opd_ids)
    marks = Attendance.objects.filter(session__event=run.event).visible_to_opds(opd_ids)
    placed = dict(placements.values_list("session").annotate(n=Count("pk")).order_by())
    status_counts = {
        (session, status): n
        for session, status, n in marks.values_list("session", "status")
        .annotate(n=Count("pk"))
        .order_by()
    }
    set_widths(sheet, (12, 14, 8, 8, 12, 8, 10, 8, 11, 14))
    sheet.freeze_panes = "A2"
    sheet.append(header_cells(sheet, ATTENDANCE_HEADER))
    totals = [0] * 6
    for session in run.event.sessions.order_by("date", "start_time"):
        counts = [status_counts.get((session.pk, status), 0) for status in AttendanceStatus]
        expected = placed.get(session.pk, 0)
        figures = [expected, *counts, max(expected - sum(counts), 0)]
        totals = [a + b for a, b in zip(totals, figures, strict=True)]
        sheet.append(
            [
                styled_cell(sheet, session.date, "DD/MM/YYYY"),
                value_cell(sheet, session.name or "Sesi"),
                styled_cell(sheet, session.start_time, "HH:MM"),
                styled_cell(sheet, session.end_time, "HH:MM"),
                *figures,
            ]
        )
    sheet.append([styled_cell(sheet, "Jumlah", font=BOLD), None, None, None, *totals])
