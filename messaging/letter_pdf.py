"""The schedule letter to an OPD as a PDF: the office's letterhead, the addressee, the list
of its people with day, session, room and seat, the arrival note and the signature block.

fpdf2 only (no database): messaging.letters turns rows of the schedule into this.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from fpdf import FPDF

from sessions_app.documents import (
    ARRIVAL_NOTE,
    ScheduleRow,
    display_nip,
    indonesian_date,
    pdf_text,
    time_range,
    wrap_text,
)
from sessions_app.letterhead import Letterhead, draw_letterhead, draw_signature

# No, NIP, name, day, session and hours, room, seat: 180 mm, A4 portrait's text width.
COLUMNS = (
    ("No", 8),
    ("NIP", 35),
    ("Nama", 52),
    ("Hari/tanggal", 32),
    ("Sesi", 27),
    ("Ruang", 14),
    ("Kursi", 12),
)
ROW_HEIGHT = 6
LINE_HEIGHT = 4.2  # a row holds up to two lines of each cell (a long name, a long day)


def _cells(number: int, row: ScheduleRow) -> tuple[str, ...]:
    if row.day is None or row.start is None or row.end is None:
        placed: tuple[str, ...] = ("Belum dijadwalkan", "", "", "")
    else:
        hours = time_range(row.start, row.end).removesuffix(" WITA")
        placed = (indonesian_date(row.day), f"{row.session} {hours}", row.room, row.seat)
    return (str(number), display_nip(row.nip), row.name, *placed)


def _header(pdf: FPDF) -> None:
    pdf.set_font("Helvetica", "B", 8.5)
    pdf.set_fill_color(221, 221, 221)
    for label, width in COLUMNS:
        pdf.cell(width, ROW_HEIGHT, label, border=1, fill=True)
    pdf.ln(ROW_HEIGHT)
    pdf.set_font("Helvetica", "", 8.5)


def _row(pdf: FPDF, cells: list[list[str]], height: float) -> None:
    x, y = pdf.l_margin, pdf.get_y()
    for (_label, width), lines in zip(COLUMNS, cells, strict=True):
        pdf.rect(x, y, width, height)
        for number, line in enumerate(lines):
            pdf.set_xy(x, y + 0.75 + number * LINE_HEIGHT)
            pdf.cell(width, LINE_HEIGHT, line)
        x += width
    pdf.set_xy(pdf.l_margin, y + height)


def opd_letter_pdf(
    *,
    event_name: str,
    venue: str,
    opd: str,
    contact: str,
    rows: Sequence[ScheduleRow],
    day: datetime.date,
    head: Letterhead | None = None,
) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_margins(15, 12, 15)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    draw_letterhead(pdf, head)
    width = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.set_font("Helvetica", "", 10)
    for label, value in (("Perihal", "Jadwal peserta Penilaian Potensi dan Kompetensi"),):
        pdf.cell(width, 5, pdf_text(f"{label} : {value}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.cell(width, 5, pdf_text(f"Kepada Yth. Kepala {opd}"), new_x="LMARGIN", new_y="NEXT")
    if contact:
        pdf.cell(width, 5, pdf_text(f"u.p. {contact}"), new_x="LMARGIN", new_y="NEXT")
    pdf.cell(width, 5, "di tempat", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    intro = (
        f"Dengan hormat, bersama ini kami sampaikan jadwal {len(rows)} pegawai {opd} yang "
        f"mengikuti {event_name} di {venue}, sebagai berikut:"
    )
    pdf.multi_cell(width, 5, pdf_text(intro), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    _header(pdf)
    for number, row in enumerate(rows, start=1):
        cells = [
            wrap_text(pdf, text, width, 2)
            for (_label, width), text in zip(COLUMNS, _cells(number, row), strict=True)
        ]
        height = max(ROW_HEIGHT, LINE_HEIGHT * max(len(lines) for lines in cells) + 1.5)
        if pdf.get_y() + height > pdf.page_break_trigger:
            pdf.add_page()
            _header(pdf)
        _row(pdf, cells, height)
    pdf.ln(3)
    pdf.set_font("Helvetica", "", 10)
    closing = f"{ARRIVAL_NOTE} Mohon jadwal ini diteruskan kepada pegawai yang bersangkutan."
    pdf.multi_cell(width, 5, pdf_text(closing), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    if pdf.get_y() + 40 > pdf.page_break_trigger:
        pdf.add_page()
    draw_signature(pdf, day, head)
    return bytes(pdf.output())
