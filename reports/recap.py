"""The managers' recap of an event's published results, one workbook: a summary with charts,
every participant, means per OPD and per region, the gap map and attendance per session.

Streamed: a write-only workbook fed by tuples read in chunks, so a large event takes little
memory. Group figures of fewer than SUPPRESS_BELOW people are withheld, because the mean of two
people is nearly their own scores, and so is a second group's beside a lone hidden one
(reports.disclosure).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from functools import cache
from typing import BinaryIO

from django.db.models import (
    Avg,
    Case,
    Count,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from audit.models import AuditEntry
from audit.services import audit_record
from cact_admin.excel import (
    BOLD,
    BulkRows,
    header_cells,
    save_with_rows,
    set_widths,
    styled_cell,
    value_cell,
)
from participants.competencies import COMPETENCY_CODES
from participants.models import Opd
from reports import pnbp, recap_groups
from reports.disclosure import SUPPRESSED, hide_small
from scoring import core, rounding
from scoring.groups import PROVINCE
from scoring.models import ScoreRun
from sessions_app.models import Attendance, AttendanceStatus, Placement, Registration

Target = str | os.PathLike[str] | BinaryIO  # a path or a binary file object

PERSON = "registration__participant__"
OPD_NAME = PERSON + "opd__name"
REGION_NAME = PERSON + "upt__region__name"

# (header, field of Participant, column width)
PERSON_COLUMNS = (
    ("NIP", "nip", 21),
    ("Nama", "name", 32),
    ("OPD", "opd__name", 36),
    ("UPT", "upt__name", 28),
    ("Kabupaten/Kota", "upt__region__name", 20),
    ("Jabatan", "position_title", 32),
    ("Jenis Jabatan", "position_class__name", 18),
    ("Golongan", "golongan", 10),
)
# (header, field of ParticipantResult, column width)
SCORE_COLUMNS = (
    ("JPM", "jpm", 8),
    ("Kategori JPM", "jpm_category", 15),
    ("Literasi Digital", "ld_score", 9),
    ("Keahlian Masa Depan", "es_score", 11),
    ("Skor Potensi", "potential", 9),
    ("Kategori Potensi", "potential_category", 11),
    ("Kinerja", "kinerja", 20),
    ("Kotak Talenta", "box", 8),
)
# A registered person's attendance when no mark says it: placed but not marked, or not placed.
NOT_MARKED = "Belum Ditandai"
NOT_PLACED = "Tidak Ditempatkan"
JPM_CATEGORIES = (core.JPM_OPTIMAL, core.JPM_CUKUP, core.JPM_KURANG)
POTENTIAL_CATEGORIES = (core.TINGGI, core.MENENGAH, core.RENDAH)
# (field, heading, the values counted, the label of the results without one)
SUMMARY_TABLES = (
    ("jpm_category", "Kategori JPM", JPM_CATEGORIES, "Tanpa kategori"),
    ("potential_category", "Kategori Potensi", POTENTIAL_CATEGORIES, "Tanpa kategori"),
    ("box", "Kotak Talenta", tuple(range(1, 10)), "Tanpa kotak"),
)
GROUP_HEADER = (
    "Jumlah Peserta",
    "Rata-rata JPM",
    "Rata-rata Literasi Digital",
    "Rata-rata Keahlian Masa Depan",
    "Rata-rata Skor Potensi",
    *(f"JPM {label}" for label in JPM_CATEGORIES),
    *(f"Potensi {label}" for label in POTENTIAL_CATEGORIES),
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
    people = _people_sheet(book.create_sheet("Per Peserta"), run, opd_ids, progress)
    _group_sheet(book.create_sheet("Per OPD"), "OPD", _groups(results, OPD_NAME))
    _group_sheet(book.create_sheet("Per Wilayah"), "Kabupaten/Kota", _groups(results, REGION_NAME))
    recap_groups.group_sheets(book, run, opd_ids)
    _gap_sheet(book.create_sheet("Peta Gap"), results)
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


# --- cells --------------------------------------------------------------------------------


def _mean(sheet: WriteOnlyWorksheet, value):
    if value is None:
        return None
    return styled_cell(sheet, float(rounding.round_half_up(float(value))), "0.00")


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
        ["Rata-rata JPM", _mean(sheet, overall["jpm"])],
        ["Rata-rata Skor Potensi", _mean(sheet, overall["potential"])],
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


# The Per Peserta sheet: every person registered for the event (in the scope), their
# attendance, and their result in the run, or empty score cells for those without one.
PEOPLE_LABELS = (
    *(label for label, _, _ in PERSON_COLUMNS),
    "Kehadiran",
    *COMPETENCY_CODES,
    *(f"Gap {code}" for code in COMPETENCY_CODES),
    *(label for label, _, _ in SCORE_COLUMNS),
)
PEOPLE_WIDTHS = (
    *(width for *_, width in PERSON_COLUMNS),
    17,
    *[7] * 2 * len(COMPETENCY_CODES),
    *(width for *_, width in SCORE_COLUMNS),
)
# Read from Registration: the person, the attendance status and whether placed, the result.
PEOPLE_FIELDS = (
    *(f"participant__{field}" for _, field, _ in PERSON_COLUMNS),
    "attendance_status",
    "placed_in",
    "result__levels",
    "result__gaps",
    *(f"result__{field}" for _, field, _ in SCORE_COLUMNS),
)


@cache
def _status_labels() -> dict[str, str]:
    """Attendance status -> its label as text (the cells take str, not lazy translations)."""
    return {status.value: str(status.label) for status in AttendanceStatus}


def registered(run: ScoreRun, opd_ids: set[int] | None = None) -> QuerySet:
    """The registrations of the run's event, limited to the OPDs given."""
    return Registration.objects.filter(event_id=run.event_id).visible_to_opds(opd_ids)


def people_rows(run: ScoreRun, opd_ids: set[int] | None = None) -> Iterator[tuple]:
    """The rows of the Per Peserta sheet, by OPD then name, read in chunks."""
    # The mark of the session the person is placed in (none yet: not marked, even if marked
    # in a session they were moved from); for a person no longer placed, their latest mark.
    marks = Attendance.objects.filter(registration=OuterRef("pk"))
    placed_mark = marks.filter(session_id=OuterRef("placed_in")).values("status")[:1]
    latest_mark = marks.order_by("-marked_at").values("status")[:1]
    attendance = Case(
        When(placed_in__isnull=True, then=Subquery(latest_mark)), default=Subquery(placed_mark)
    )
    rows = (
        registered(run, opd_ids)
        .annotate(placed_in=F("placement__session_id"))
        .annotate(
            result=FilteredRelation("results", condition=Q(results__run=run)),
            attendance_status=attendance,
        )
        .order_by("participant__opd__name", "participant__name", "participant__nip")
        .values_list(*PEOPLE_FIELDS)
    )
    return (_person_row(row) for row in rows.iterator(chunk_size=5000))


def _people_sheet(
    sheet, run: ScoreRun, opd_ids: set[int] | None, progress: Callable[[int, int], None] | None
) -> BulkRows:
    """The header and settings of the sheet of every registered person, and its rows to come."""
    count = registered(run, opd_ids).count()
    set_widths(sheet, PEOPLE_WIDTHS)
    sheet.freeze_panes = "A2"  # before the first row: a write-only sheet writes it first
    sheet.append(header_cells(sheet, PEOPLE_LABELS))
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(PEOPLE_LABELS))}{count + 1}"
    told = None if progress is None else (lambda written: progress(written, count))
    rows = people_rows(run, opd_ids)
    return BulkRows(sheet, rows, start=2, text_columns={0}, progress=told)


def _person_row(row: tuple) -> tuple:
    """The person columns, the attendance, the nine levels and gaps, the scores; a person
    without a result has empty level, gap and score cells."""
    nine, person = len(COMPETENCY_CODES), len(PERSON_COLUMNS)
    status, placement, levels, gaps = row[person : person + 4]
    attendance = _status_labels().get(status) or (NOT_PLACED if placement is None else NOT_MARKED)
    levels = (list(levels or []) + [None] * nine)[:nine]
    gaps = (list(gaps or []) + [None] * nine)[:nine]
    # Level 0: the instrument had no MSK items, so there is no level and no gap either.
    gaps = [gap if level else None for level, gap in zip(levels, gaps, strict=True)]
    levels = [level or None for level in levels]
    return (*row[:person], attendance, *levels, *gaps, *row[person + 4 :])


def _groups(results: QuerySet, field: str) -> list[dict]:
    """n, means and category counts per value of field, by name; no region last."""
    rows = (
        results.values(field)
        .annotate(
            n=Count("pk"),
            jpm=Avg("jpm"),
            ld=Avg("ld_score"),
            es=Avg("es_score"),
            potential=Avg("potential"),
            **{
                f"jpm_{i}": Count("pk", filter=Q(jpm_category=label))
                for i, label in enumerate(JPM_CATEGORIES)
            },
            **{
                f"pot_{i}": Count("pk", filter=Q(potential_category=label))
                for i, label in enumerate(POTENTIAL_CATEGORIES)
            },
        )
        .order_by(field)
    )
    groups = [{**row, "name": row[field] or PROVINCE} for row in rows]
    return sorted(groups, key=lambda row: (row[field] is None, row["name"].casefold()))


def _group_sheet(sheet, label: str, groups: list[dict]) -> None:
    set_widths(sheet, (36, 10, 10, 12, 14, 12, 10, 10, 10, 10, 10, 10))
    sheet.freeze_panes = "B2"
    sheet.append(header_cells(sheet, (label, *GROUP_HEADER)))
    for group in hide_small(groups).rows:
        name = value_cell(sheet, group["name"])
        if group["suppressed"]:
            sheet.append([name, SUPPRESSED])
            continue
        means = [_mean(sheet, group[key]) for key in ("jpm", "ld", "es", "potential")]
        counts = [group[f"jpm_{i}"] for i in range(3)] + [group[f"pot_{i}"] for i in range(3)]
        sheet.append([name, group["n"], *means, *counts])


def _gap_sheet(sheet, results: QuerySet) -> None:
    """Per OPD and competency, the share of its people below the standard (gap < 0)."""
    codes = COMPETENCY_CODES
    set_widths(sheet, (36, 10, *[8] * len(codes)))
    sheet.freeze_panes = "C2"
    sheet.append(header_cells(sheet, ("OPD", "Jumlah Peserta", *codes)))
    rows = (
        results.values(OPD_NAME)
        .annotate(
            n=Count("pk"),
            measured=Count("pk", filter=Q(levels__0__gte=1)),
            **{
                f"below_{i}": Count("pk", filter=Q(**{f"gaps__{i}__lt": 0}))
                for i in range(len(codes))
            },
        )
        .order_by(OPD_NAME)
    )
    last = 1
    for row in hide_small({**row, "name": row[OPD_NAME]} for row in rows).rows:
        name = value_cell(sheet, row["name"])
        last += 1
        if row["suppressed"]:
            sheet.append([name, SUPPRESSED])
            continue
        shares = [
            styled_cell(sheet, row[f"below_{i}"] / row["measured"], "0%")
            if row["measured"]
            else None
            for i in range(len(codes))
        ]
        sheet.append([name, row["n"], *shares])
    if last > 1:
        cells = f"C2:{get_column_letter(2 + len(codes))}{last}"
        scale = ColorScaleRule(
            start_type="num", start_value=0, start_color="FFFFFF",
            end_type="num", end_value=1, end_color="F8696B",
        )  # fmt: skip
        sheet.conditional_formatting.add(cells, scale)
    sheet.append([])
    sheet.append(["Angka: bagian peserta OPD dengan level di bawah standar jabatannya (gap < 0)."])


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
