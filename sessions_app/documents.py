"""Printed and downloaded session documents: attendance lists, schedules, OPD letters.

Pure Python (fpdf2, openpyxl); views and tasks turn model rows into the dataclasses here.
"""

from __future__ import annotations

import datetime
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

from fpdf import FPDF
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from core.excel import set_widths, text_cell, value_cell
from participants.nip import NipError, parse_nip

Target = str | os.PathLike[str] | BinaryIO  # a path or a binary file object

DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip
CITY = "Tanjung Selor"
ARRIVAL_NOTE = (
    "Peserta dimohon hadir 30 menit sebelum sesi dimulai dengan membawa kartu peserta dan KTP."
)


@dataclass(frozen=True, slots=True)
class SeatRow:
    seat: str
    room: str
    nip: str
    name: str
    opd: str
    upt: str  # "" when main office
    position: str


@dataclass(frozen=True, slots=True)
class SessionSheet:
    event_name: str
    venue: str
    session_label: str
    day: datetime.date
    start: datetime.time
    end: datetime.time
    rows: Sequence[SeatRow]  # in seat order


@dataclass(frozen=True, slots=True)
class ScheduleRow:
    nip: str
    name: str
    opd: str
    upt: str
    day: datetime.date | None  # None: not placed
    session: str  # "" when not placed
    start: datetime.time | None
    end: datetime.time | None
    room: str
    seat: str
    unavailable: Sequence[datetime.date]


def indonesian_date(day: datetime.date) -> str:
    """ "Selasa, 27 Februari 2024", whatever the server locale."""
    return f"{DAYS[day.weekday()]}, {long_date(day)}"


def long_date(day: datetime.date) -> str:
    """ "27 Februari 2024", as a letter is dated."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def time_range(start: datetime.time, end: datetime.time) -> str:
    """ "07.30–12.00 WITA": Indonesian writes times with a dot."""
    return f"{start:%H.%M}\u2013{end:%H.%M} WITA"


def display_nip(nip: str) -> str:
    """A valid NIP grouped as on SK and ID cards; anything else as given."""
    try:
        return parse_nip(nip).formatted()
    except NipError:
        return nip


# --- Attendance list (PDF) -------------------------------------------------------------------

# Column widths in mm on A4 portrait with 15 mm margins (180 mm).
PDF_COLUMNS = (("No", 9.0), ("Kursi", 22.0), ("NIP", 38.0), ("Nama / OPD", 61.0))
SIGNATURE_WIDTH = 50.0
ROW_HEIGHT = 10.0
HEADER_HEIGHT = 8.0
_ASCII = str.maketrans({
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "\u2026": "...", "\u2022": "-", "\u200b": "", "\ufeff": "",
})  # fmt: skip


def pdf_text(text: str) -> str:
    """Text the core Helvetica font can print: latin-1, other characters by an ASCII stand-in."""
    return "".join(_latin1_char(char) for char in text.translate(_ASCII))


def _latin1_char(char: str) -> str:
    if ord(char) < 256:
        return char
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if ord(c) < 256)
    return base or "?"


def fit_text(pdf: FPDF, text: str, width: float) -> str:
    """The text, cut with "..." if it is wider than a cell of width at the current font."""
    text = pdf_text(text)
    width -= 2 * pdf.c_margin
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text.rstrip() + "...") > width:
        text = text[:-1]
    return text.rstrip() + "..."


def wrap_text(pdf: FPDF, text: str, width: float, max_lines: int) -> list[str]:
    """The text broken into lines of a cell of width at the current font, at most max_lines,
    the last one cut with "..." if the text goes on."""
    lines = pdf.multi_cell(width, text=pdf_text(text), dry_run=True, output="LINES")
    if len(lines) <= max_lines:
        return lines
    return [*lines[: max_lines - 1], fit_text(pdf, " ".join(lines[max_lines - 1 :]), width)]


class _AttendancePdf(FPDF):
    def __init__(self, sheet: SessionSheet) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.sheet = sheet
        self.set_margins(15, 12, 15)
        self.set_auto_page_break(False, margin=18)
        self.set_title(pdf_text(f"Daftar Hadir {sheet.session_label} {sheet.day:%d/%m/%Y}"))

    def header(self) -> None:
        if self.page_no() > 1:  # a loose continuation page still says which session it lists
            sheet = self.sheet
            when = f"{sheet.session_label} \u00b7 {indonesian_date(sheet.day)} \u00b7 {sheet.venue}"
            self.set_font("Helvetica", "", 8)
            self.set_text_color(90)
            self.cell(0, 5, self.fit(f"Daftar Hadir {when} (lanjutan)", self.epw))
            self.set_text_color(0)
            self.ln(7)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", "", 8)
        self.cell(0, 5, f"Halaman {self.page_no()} dari {{nb}}", align="C")

    def fit(self, text: str, width: float) -> str:
        return fit_text(self, text, width)

    def title_block(self) -> None:
        sheet = self.sheet
        self.set_font("Helvetica", "B", 14)
        self.cell(0, 7, "DAFTAR HADIR PESERTA", align="C", new_x="LMARGIN", new_y="NEXT")
        subtitle = f"{sheet.session_label}, {indonesian_date(sheet.day)}, pukul "
        for style, text in (
            ("B", sheet.event_name),
            ("", sheet.venue),
            ("", subtitle + time_range(sheet.start, sheet.end)),
        ):
            self.set_font("Helvetica", style, 10)
            self.cell(0, 5, self.fit(text, self.epw), align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(4)

    def table_header(self) -> None:
        self.set_font("Helvetica", "B", 9)
        self.set_fill_color(225)
        for label, width in (*PDF_COLUMNS, ("Tanda Tangan", SIGNATURE_WIDTH)):
            self.cell(width, HEADER_HEIGHT, label, border=1, align="C", fill=True)
        self.ln(HEADER_HEIGHT)

    def seat_row(self, number: int, row: SeatRow) -> None:
        if self.y + ROW_HEIGHT > self.page_break_trigger:
            self.add_page()
            self.table_header()
        x, y = self.x, self.y
        (_, no_w), (_, seat_w), (_, nip_w), (_, name_w) = PDF_COLUMNS
        self.set_font("Helvetica", "", 9)
        self.cell(no_w, ROW_HEIGHT, str(number), border=1, align="C")
        self.two_lines(seat_w, row.seat, row.room, align="C")
        self.set_font("Helvetica", "", 9)
        self.cell(nip_w, ROW_HEIGHT, self.fit(display_nip(row.nip), nip_w), border=1, align="C")
        opd = f"{row.upt} - {row.opd}" if row.upt else row.opd
        self.two_lines(name_w, row.name, opd, shrink=True)
        self.rect(self.x, y, SIGNATURE_WIDTH, ROW_HEIGHT)
        # Alternate left/right so neighbours' signatures never collide, as on paper lists.
        self.set_xy(self.x + (1 if number % 2 else SIGNATURE_WIDTH / 2), y + 1.5)
        self.set_font("Helvetica", "", 8)
        self.cell(8, 4, f"{number}.")
        self.set_xy(x, y + ROW_HEIGHT)

    def two_lines(
        self, width: float, top: str, bottom: str, align: str = "L", shrink: bool = False
    ):
        """A bordered cell of ROW_HEIGHT: a 9 pt line over a small grey one, both cut to fit."""
        x, y = self.x, self.y
        self.rect(x, y, width, ROW_HEIGHT)
        self.set_font("Helvetica", "B", 9)
        for size in (8, 7) if shrink else ():
            if self.get_string_width(pdf_text(top)) <= width - 2 * self.c_margin:
                break
            self.set_font_size(size)
        self.set_xy(x, y + 1)
        self.cell(width, 4.5, self.fit(top, width), align=align)
        self.set_font("Helvetica", "", 7)
        self.set_text_color(70)
        self.set_xy(x, y + 5.2)
        self.cell(width, 3.5, self.fit(bottom, width), align=align)
        self.set_text_color(0)
        self.set_xy(x + width, y)

    def signature_block(self) -> None:
        if self.y + 42 > self.page_break_trigger:
            self.add_page()
        self.ln(6)
        top, right = self.y, self.l_margin + 110
        self.set_font("Helvetica", "", 10)
        for text in (
            f"Jumlah peserta: {len(self.sheet.rows)} orang",
            "Hadir: ........ orang",
            "Tidak hadir: ........ orang",
        ):
            self.cell(90, 6, text, new_x="LMARGIN", new_y="NEXT")
        self.set_y(top)
        for text in (f"{CITY}, {long_date(self.sheet.day)}", "Pengawas,"):
            self.set_x(right)
            self.cell(70, 6, text, align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_xy(right, self.y + 18)
        self.cell(70, 6, "( .................................... )", align="C")


def attendance_document(sheet: SessionSheet) -> FPDF:
    """The attendance list laid out; .pages_count tells how many pages it takes."""
    pdf = _AttendancePdf(sheet)
    pdf.add_page()
    pdf.title_block()
    pdf.table_header()
    for number, row in enumerate(sheet.rows, start=1):
        pdf.seat_row(number, row)
    pdf.signature_block()
    return pdf


def attendance_pdf(sheet: SessionSheet) -> bytes:
    """The signed-on-paper attendance list of one session, as PDF bytes."""
    return bytes(attendance_document(sheet).output())


# --- Workbooks ---------------------------------------------------------------------------------

SCHEDULE_HEADER = (
    "NIP", "Nama", "OPD", "UPT", "Tanggal", "Sesi", "Mulai", "Selesai", "Ruang", "Kursi",
    "Tidak Bisa",
)  # fmt: skip
SCHEDULE_WIDTHS = (22, 32, 40, 28, 12, 10, 8, 8, 18, 9, 26)
LETTER_HEADER = ("No", "NIP", "Nama", "UPT", "Tanggal", "Sesi", "Waktu", "Ruang", "Kursi")
LETTER_WIDTHS = (5, 22, 32, 26, 25, 9, 17, 16, 8)
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="DDDDDD")
_TOP = Alignment(vertical="top", wrap_text=True)
# Characters a sheet title cannot hold: Excel's own, and the controls XML cannot.
_SHEET_TITLE_JUNK = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f]")


def _cell(sheet: WriteOnlyWorksheet, value: Any, number_format: str | None = None, **style):
    """A write-only cell with styles; strings never become formulas, "" stays empty."""
    cell = value_cell(sheet, None if value == "" else value)
    if not (number_format or style):
        return cell
    if not isinstance(cell, Cell):
        cell = WriteOnlyCell(sheet, value=cell)
    if number_format:
        cell.number_format = number_format
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _schedule_cells(sheet: WriteOnlyWorksheet, row: ScheduleRow) -> list:
    placed = row.day is not None
    unavailable = "; ".join(f"{day:%d/%m/%Y}" for day in row.unavailable)
    return [
        text_cell(sheet, row.nip),
        _cell(sheet, row.name),
        _cell(sheet, row.opd),
        _cell(sheet, row.upt),
        _cell(sheet, row.day, "DD/MM/YYYY") if placed else None,
        _cell(sheet, row.session) if placed else None,
        _cell(sheet, row.start, "HH:MM") if placed else None,
        _cell(sheet, row.end, "HH:MM") if placed else None,
        _cell(sheet, row.room) if placed else None,
        _cell(sheet, row.seat) if placed else None,
        text_cell(sheet, unavailable) if unavailable else None,
    ]


def schedule_workbook(rows: Iterable[ScheduleRow], target: Target) -> None:
    """Every participant's placement, one row each, streamed to target (path or binary file)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Jadwal")
    sheet.freeze_panes = "A2"
    set_widths(sheet, SCHEDULE_WIDTHS)
    sheet.append([_cell(sheet, label, font=Font(bold=True)) for label in SCHEDULE_HEADER])
    last_row = 1
    for row in rows:
        sheet.append(_schedule_cells(sheet, row))
        last_row += 1
    sheet.auto_filter.ref = f"A1:K{last_row}"
    workbook.save(target)


def sheet_titles(names: Iterable[str]) -> list[str]:
    """Excel sheet titles for names: at most 31 characters, no []:*?/\\, unique (ignoring case)."""
    titles: list[str] = []
    taken: set[str] = set()
    for name in names:
        base = _SHEET_TITLE_JUNK.sub("", name).strip().strip("'").strip() or "OPD"
        title, number = base[:31].rstrip(), 1
        while title.casefold() in taken:
            number += 1
            suffix = f" ({number})"
            title = base[: 31 - len(suffix)].rstrip() + suffix
        taken.add(title.casefold())
        titles.append(title)
    return titles


def _letter_cells(sheet: WriteOnlyWorksheet, number: int, row: ScheduleRow) -> list:
    nip = text_cell(sheet, row.nip)
    nip.border, nip.alignment = _BOX, _TOP
    placement: tuple[str, ...] = ("Belum dijadwalkan", "", "", "", "")
    if row.day and row.start and row.end:
        when = time_range(row.start, row.end)
        placement = (indonesian_date(row.day), row.session, when, row.room, row.seat)
    values = (number, row.name, row.upt, *placement)
    cells = [_cell(sheet, value, border=_BOX, alignment=_TOP) for value in values]
    return [cells[0], nip, *cells[1:]]


def _letter_sheet(
    sheet: WriteOnlyWorksheet, event_name: str, venue: str, opd: str, rows: Sequence[ScheduleRow]
) -> None:
    set_widths(sheet, LETTER_WIDTHS)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = 9  # A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "6:6"
    heading = "JADWAL PESERTA PENILAIAN POTENSI DAN KOMPETENSI"
    sheet.append([_cell(sheet, heading, font=Font(bold=True, size=13))])
    sheet.append([_cell(sheet, event_name, font=Font(bold=True))])
    sheet.append([_cell(sheet, venue)])
    sheet.append([_cell(sheet, f"Kepada Yth. Kepala {opd}")])
    sheet.append([])
    bold = Font(bold=True)
    sheet.append(
        [_cell(sheet, label, font=bold, fill=_HEAD_FILL, border=_BOX) for label in LETTER_HEADER]
    )
    for number, row in enumerate(rows, start=1):
        sheet.append(_letter_cells(sheet, number, row))
    sheet.append([])
    sheet.append([_cell(sheet, ARRIVAL_NOTE, font=Font(italic=True))])


def opd_letters_workbook(
    event_name: str,
    venue: str,
    rows_by_opd: Mapping[str, Sequence[ScheduleRow]],
    target: Target,
) -> None:
    """One letter-like sheet per OPD listing its participants in the order given."""
    workbook = Workbook(write_only=True)
    for title, (opd, rows) in zip(sheet_titles(rows_by_opd), rows_by_opd.items(), strict=True):
        _letter_sheet(workbook.create_sheet(title), event_name, venue, opd, rows)
    if not rows_by_opd:
        sheet = workbook.create_sheet("Jadwal")
        sheet.append([_cell(sheet, "Belum ada peserta terjadwal.")])
    workbook.save(target)
