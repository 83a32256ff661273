"""The seating list of one session as a PDF (fpdf2, A4): a seat map of each lab on a landscape
page, who sits where, spare and out-of-order computers marked, then the list in seat order.

Pure Python: a SessionSheet and LabMaps in, PDF bytes out. Workstations carry only a label,
so the map's grid comes from the labels (seat_grid).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from fpdf import FPDF

from sessions_app.documents import (
    SeatRow,
    SessionSheet,
    display_nip,
    fit_text,
    indonesian_date,
    pdf_text,
    time_range,
    wrap_text,
)

ROW_SEATS = 10  # seats per map row when labels are plain numbers (PC-01 ... PC-70)
MAP_MARGIN = 12.0
LIST_COLUMNS = (("No", 10.0), ("Kursi", 26.0), ("NIP", 40.0), ("Nama / OPD", 104.0))
LIST_ROW = 9.0
_NUMBERED = re.compile(r"^(.*?)(\d+)$")


class SeatStatus(StrEnum):  # the values of sessions_app.models.Workstation.Status
    USABLE = "usable"
    SPARE = "spare"
    BROKEN = "broken"


@dataclass(frozen=True, slots=True)
class MapSeat:
    label: str
    status: SeatStatus
    name: str = ""  # who sits there this session; "" when nobody


@dataclass(frozen=True, slots=True)
class LabMap:
    room: str
    seats: Sequence[MapSeat]


def natural_key(label: str) -> tuple:
    """PC-2 before PC-10."""
    return tuple(
        int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", label)
    )


def seat_grid(labels: Sequence[str], row_seats: int = ROW_SEATS) -> list[list[str | None]]:
    """The labels placed on rows of a grid; None is an empty place.

    Labels naming their row by a letter (A1 ... A8, B1 ..., or A-01) give one row per letter,
    each seat at its number's column. Anything else (PC-01 ... PC-70) is read in natural
    order, row_seats to a row.
    """
    matches = [_NUMBERED.match(label.strip()) for label in labels]
    if labels and all(matches):
        rows = {m.group(1).rstrip("-_. ").upper() for m in matches if m}
        numbers = [int(m.group(2)) for m in matches if m]
        if len(rows) > 1 and all(r.isalpha() and len(r) <= 2 for r in rows) and max(numbers) <= 30:
            order = sorted(rows, key=lambda r: (len(r), r))
            grid: list[list[str | None]] = [[None] * max(numbers) for _ in order]
            for label, match in zip(labels, matches, strict=True):
                assert match is not None
                row = order.index(match.group(1).rstrip("-_. ").upper())
                grid[row][int(match.group(2)) - 1] = label
            return grid
    ordered = sorted(labels, key=natural_key)
    return [list(ordered[start : start + row_seats]) for start in range(0, len(ordered), row_seats)]


class _SeatingPdf(FPDF):
    def __init__(self, sheet: SessionSheet) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.sheet = sheet
        self.set_margins(15, 12, 15)
        self.set_auto_page_break(False, margin=18)
        self.set_title(pdf_text(f"Daftar Tempat Duduk {sheet.session_label} {sheet.day:%d/%m/%Y}"))

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font("Helvetica", "", 8)
        self.cell(0, 5, f"Halaman {self.page_no()} dari {{nb}}", align="C")

    def title_block(self, title: str, room: str = "") -> None:
        sheet = self.sheet
        self.set_font("Helvetica", "B", 14)
        self.cell(0, 7, title, align="C", new_x="LMARGIN", new_y="NEXT")
        venue = f"{sheet.venue} - {room}" if room else sheet.venue
        when = f"{sheet.session_label}, {indonesian_date(sheet.day)}, pukul "
        for style, text in (
            ("B", sheet.event_name),
            ("", venue),
            ("", when + time_range(sheet.start, sheet.end)),
        ):
            self.set_font("Helvetica", style, 10)
            self.cell(
                0, 5, fit_text(self, text, self.epw), align="C", new_x="LMARGIN", new_y="NEXT"
            )
        self.ln(3)

    # --- Seat map ------------------------------------------------------------------------------

    def seat_map(self, lab: LabMap) -> None:
        self.add_page(orientation="L")
        self.set_margins(MAP_MARGIN, 10, MAP_MARGIN)
        self.set_xy(MAP_MARGIN, 10)
        self.title_block("DENAH TEMPAT DUDUK", lab.room)
        seats = {seat.label: seat for seat in lab.seats}
        grid = seat_grid([seat.label for seat in lab.seats])
        columns = max((len(row) for row in grid), default=1)
        gap = 2.0
        width = min(30.0, (self.epw - gap * (columns - 1)) / columns)
        top = self.y + 1
        height = min(18.0, (self.h - 26 - top) / max(len(grid), 1) - gap)
        left = (self.w - columns * width - (columns - 1) * gap) / 2
        for row_index, row in enumerate(grid):
            for column, label in enumerate(row):
                if label is not None:
                    x = left + column * (width + gap)
                    self.seat_box(seats[label], x, top + row_index * (height + gap), width, height)
        self.legend(lab, self.h - 20)

    def seat_box(self, seat: MapSeat, x: float, y: float, width: float, height: float) -> None:
        broken, spare = seat.status == SeatStatus.BROKEN, seat.status == SeatStatus.SPARE
        self.set_fill_color(
            *((90, 90, 90) if broken else (225, 225, 225) if spare else (255, 255, 255))
        )
        self.set_line_width(0.5 if seat.name else 0.2)
        self.rect(x, y, width, height, style="DF")
        self.set_text_color(255 if broken else 0)
        self.set_xy(x, y + 0.8)
        self.set_font("Helvetica", "B", 8)
        self.cell(width, 3.6, fit_text(self, seat.label, width), align="L")
        tag = "RUSAK" if broken else "cadangan" if spare else "" if seat.name else "kosong"
        if tag:
            self.set_xy(x, y + 0.8)
            self.set_font("Helvetica", "B" if broken else "I", 6)
            self.cell(width, 3.6, tag, align="R")
        self.set_font("Helvetica", "", 6.5)
        lines = (
            wrap_text(self, seat.name, width, max(1, int((height - 5) // 2.8))) if seat.name else []
        )
        for number, line in enumerate(lines):
            self.set_xy(x, y + 5 + number * 2.8)
            self.cell(width, 2.8, line)
        self.set_text_color(0)
        self.set_line_width(0.2)

    def legend(self, lab: LabMap, y: float) -> None:
        taken = sum(1 for seat in lab.seats if seat.name)
        free = sum(1 for seat in lab.seats if not seat.name and seat.status == SeatStatus.USABLE)
        spare = sum(1 for seat in lab.seats if not seat.name and seat.status == SeatStatus.SPARE)
        broken = sum(1 for seat in lab.seats if seat.status == SeatStatus.BROKEN)
        self.set_xy(MAP_MARGIN, y)
        self.set_font("Helvetica", "", 8)
        for fill, text in (
            ((255, 255, 255), f"Terisi: {taken}"),
            ((255, 255, 255), f"Kosong: {free}"),
            ((225, 225, 225), f"Cadangan kosong: {spare}"),
            ((90, 90, 90), f"Rusak: {broken}"),
        ):
            self.set_fill_color(*fill)
            self.rect(self.x, y + 0.8, 5, 3.4, style="DF")
            self.set_x(self.x + 6.5)
            self.cell(self.get_string_width(text) + 8, 5, text)
        self.set_font("Helvetica", "I", 8)
        self.cell(0, 5, "Kursi disusun menurut urutan label komputer.", align="R")

    # --- List in seat order --------------------------------------------------------------------

    def seat_list(self) -> None:
        self.add_page(orientation="P")
        self.set_margins(15, 12, 15)
        self.set_xy(15, 12)
        self.title_block("DAFTAR TEMPAT DUDUK PESERTA")
        self.list_header()
        for number, row in enumerate(self.sheet.rows, start=1):
            if self.y + LIST_ROW > self.page_break_trigger:
                self.add_page(orientation="P")
                self.continuation_line()
                self.list_header()
            self.list_row(number, row)
        self.set_font("Helvetica", "", 10)
        self.ln(4)
        self.cell(0, 6, f"Jumlah peserta: {len(self.sheet.rows)} orang")

    def continuation_line(self) -> None:
        """A loose page still says which session it lists."""
        sheet = self.sheet
        text = (
            f"Daftar Tempat Duduk {sheet.session_label} - {indonesian_date(sheet.day)} (lanjutan)"
        )
        self.set_font("Helvetica", "", 8)
        self.set_text_color(90)
        self.cell(0, 5, fit_text(self, text, self.epw), new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0)
        self.ln(2)

    def list_header(self) -> None:
        self.set_font("Helvetica", "B", 9)
        self.set_fill_color(225)
        for label, width in LIST_COLUMNS:
            self.cell(width, 7, label, border=1, align="C", fill=True)
        self.ln(7)

    def list_row(self, number: int, row: SeatRow) -> None:
        (_, no_w), (_, seat_w), (_, nip_w), (_, name_w) = LIST_COLUMNS
        x, y = self.x, self.y
        self.set_font("Helvetica", "", 9)
        self.cell(no_w, LIST_ROW, str(number), border=1, align="C")
        self.stacked(seat_w, row.seat, row.room, align="C")
        self.set_font("Helvetica", "", 9)
        self.cell(nip_w, LIST_ROW, fit_text(self, display_nip(row.nip), nip_w), border=1, align="C")
        self.stacked(name_w, row.name, f"{row.upt} - {row.opd}" if row.upt else row.opd)
        self.set_xy(x, y + LIST_ROW)

    def stacked(self, width: float, top: str, bottom: str, align: str = "L") -> None:
        """A bordered cell: a bold line over a small grey one."""
        x, y = self.x, self.y
        self.rect(x, y, width, LIST_ROW)
        self.set_xy(x, y + 0.6)
        self.set_font("Helvetica", "B", 9)
        self.cell(width, 4.4, fit_text(self, top, width), align=align)
        self.set_xy(x, y + 4.9)
        self.set_font("Helvetica", "", 7)
        self.set_text_color(70)
        self.cell(width, 3.4, fit_text(self, bottom, width), align=align)
        self.set_text_color(0)
        self.set_xy(x + width, y)


def seating_document(sheet: SessionSheet, labs: Sequence[LabMap]) -> FPDF:
    """The seat map of each lab, then the list; .pages_count tells how many pages."""
    pdf = _SeatingPdf(sheet)
    for lab in labs:
        pdf.seat_map(lab)
    pdf.seat_list()
    return pdf


def seating_pdf(sheet: SessionSheet, labs: Sequence[LabMap]) -> bytes:
    return bytes(seating_document(sheet, labs).output())
