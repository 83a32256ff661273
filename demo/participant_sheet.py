"""The demo's participant sheet saved as a BKD operator keeps it: two title rows above the
header, NIP and phone numbers as text. Pure Python (no Django)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from core.excel import set_widths
from demo.participants import DEMO_HEADERS

DEMO_TITLE = "DAFTAR PESERTA PENILAIAN POTENSI DAN KOMPETENSI TAHAP III TAHUN 2024"
DEMO_SUBTITLE = (
    "Laboratorium SMK Negeri 1 Tanjung Selor, 27-29 Februari 2024 - BKD Provinsi Kaltara"
)
HEADER_ROW = 4
_WIDTHS = (21, 36, 10, 46, 16, 50, 42, 22, 15, 32, 24)


def write_demo_workbook(path: str | Path, rows: list[dict[str, str]]) -> None:
    """Save rows the way a BKD operator keeps the list: title rows above the header, NIP as text."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Peserta Tahap III"
    last_column = get_column_letter(len(DEMO_HEADERS))
    for row, text, font in ((1, DEMO_TITLE, Font(bold=True, size=13)), (2, DEMO_SUBTITLE, None)):
        cell = sheet.cell(row=row, column=1, value=text)
        cell.font = font or Font(italic=True)
        cell.alignment = Alignment(horizontal="center")
        sheet.merge_cells(f"A{row}:{last_column}{row}")
    for column, header in enumerate(DEMO_HEADERS, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=column, value=header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9E1F2")
    set_widths(sheet, _WIDTHS)
    for row, values in enumerate(rows, start=HEADER_ROW + 1):
        for column, header in enumerate(DEMO_HEADERS, start=1):
            cell = sheet.cell(row=row, column=column, value=values.get(header) or None)
            if header in ("NIP", "No HP"):  # as text, or Excel drops digits and leading zeros
                cell.number_format = "@"
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last_column}{HEADER_ROW + len(rows)}"
    workbook.save(path)
