"""The recap's Per Peserta sheet: every person registered for the event (in the scope), their
attendance, and their result in the run, or empty score cells for those without one.

The rows are read in chunks and streamed into the write-only sheet (core.excel.BulkRows),
so a large event takes little memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache

from django.db.models import Case, F, FilteredRelation, OuterRef, Q, QuerySet, Subquery, When
from openpyxl.utils import get_column_letter

from core.excel import BulkRows, header_cells, set_widths
from participants.competencies import COMPETENCY_CODES
from scoring.models import ScoreRun
from sessions_app.models import Attendance, AttendanceStatus, Registration

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


def people_sheet(
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
