"""The coverage workbook: sheet `Cakupan` (one row per OPD and the total row `Jumlah`) and
sheet `Belum Dinilai` (every person of the scope without a valid published result).

The unassessed rows are streamed into the sheet (core.excel.BulkRows), so 100,000
people take little memory.
"""

from __future__ import annotations

import datetime
from typing import IO

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from audit.models import AuditEntry
from audit.services import audit_record
from core.excel import BOLD, BulkRows, header_cells, save_with_rows, set_widths, styled_cell
from participants.models import Opd
from talent.coverage import Row, Scope, coverage, unassessed

COVERAGE_HEADER = ("OPD", "Jumlah ASN", "Sudah Dinilai", "Belum Dinilai", "Persen")
UNASSESSED_HEADER = ("NIP", "Nama", "OPD", "Jabatan", "Jenis Jabatan")
UNASSESSED_FIELDS = ("nip", "name", "opd__name", "position_title", "position_class__name")


def _coverage_row(sheet, row: Row, bold: bool = False) -> list:
    values = (row.name, row.total, row.assessed, row.unassessed, row.percent)
    font = BOLD if bold else None
    return [
        styled_cell(sheet, value, "0.00" if index == 4 else "", font=font)
        for index, value in enumerate(values)
    ]


def write_coverage(out: str | IO[bytes], scope: Scope, as_of: datetime.date) -> int:
    """Write the workbook to out (a path or a binary file); the number of unassessed rows."""
    figures = coverage(scope, as_of)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Cakupan")
    set_widths(sheet, (44, 12, 14, 14, 10))
    sheet.freeze_panes = "A2"
    sheet.append(header_cells(sheet, COVERAGE_HEADER))
    for row in figures.by_opd:
        sheet.append(_coverage_row(sheet, row))
    sheet.append(_coverage_row(sheet, figures.total, bold=True))
    people = book.create_sheet("Belum Dinilai")
    set_widths(people, (21, 32, 40, 36, 18))
    people.freeze_panes = "A2"
    people.append(header_cells(people, UNASSESSED_HEADER))
    count = figures.total.unassessed
    people.auto_filter.ref = f"A1:{get_column_letter(len(UNASSESSED_HEADER))}{count + 1}"
    rows = unassessed(scope, as_of).values_list(*UNASSESSED_FIELDS).iterator(chunk_size=5000)
    bulk = BulkRows(people, rows, start=2, text_columns={0})
    save_with_rows(book, out, bulk)
    return bulk.written


def coverage_export(*, out: str | IO[bytes], scope: Scope, as_of: datetime.date, actor) -> int:
    """write_coverage, recorded in the audit trail: the list names people."""
    count = write_coverage(out, scope, as_of)
    names: list[str] | str = "semua"
    if scope is not None:
        names = list(Opd.objects.filter(pk__in=scope).values_list("name", flat=True))
    audit_record(
        actor=actor,
        action=AuditEntry.Action.EXPORT,
        target_type="talent.coverage",
        target_repr=f"Cakupan penilaian per {as_of:%d/%m/%Y}",
        changes={"opd": names, "per tanggal": as_of.isoformat(), "belum dinilai": count},
    )
    return count
