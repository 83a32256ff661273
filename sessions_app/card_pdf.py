"""Participant cards: the card's QR code (SVG for the cards page, drawn for the PDF) and an
A4 PDF of cards, eight a page in two columns with dashed cut lines between them.

Pure Python (fpdf2, segno): Card rows in, PDF bytes out. The QR is drawn as vector squares
3 cm wide, its four-module quiet zone included, so it prints sharp at any resolution.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

import segno
from fpdf import FPDF

from sessions_app.documents import (
    display_nip,
    fit_text,
    indonesian_date,
    pdf_text,
    time_range,
    wrap_text,
)

QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks

# A4 portrait in mm: 2 x 4 cards of 90 x 66 mm, centred, cut lines on their edges.
PAGE_W, PAGE_H = 210.0, 297.0
CARD_W, CARD_H = 90.0, 66.0
COLUMNS, ROWS = 2, 4
LEFT, TOP = (PAGE_W - COLUMNS * CARD_W) / 2, (PAGE_H - ROWS * CARD_H) / 2
PAD = 4.0
QR_SIZE = 30.0  # mm, quiet zone included
TEXT_W = CARD_W - 2 * PAD - QR_SIZE - 2
CARD_NOTE = "Bawa kartu ini dan KTP; hadir 30 menit sebelum sesi dimulai."


@dataclass(frozen=True, slots=True)
class Card:
    code: str  # what the QR holds: sessions_app.cards.card_code of the registration
    event_name: str
    name: str
    nip: str
    opd: str
    session_label: str
    day: datetime.date
    start: datetime.time
    end: datetime.time
    venue: str
    room: str
    seat: str


def qr_code(text: str) -> segno.QRCode:
    """The QR code of a text, as every card draws it."""
    # micro=False: phone cameras and browser scanners do not read Micro QR codes.
    return segno.make(text, error="m", micro=False)


def qr_svg(text: str) -> str:
    """An inline <svg class="qr"> (no XML declaration) for the text, quiet zone included.

    It has a viewBox and no width or height, so CSS sizes the whole code instead of cropping
    a fixed-size drawing; crispEdges keeps the modules square at any size."""
    svg = qr_code(text).svg_inline(omitsize=True, border=QUIET_ZONE, svgclass="qr")
    return svg.replace("<svg ", '<svg shape-rendering="crispEdges" ', 1)


def draw_qr(pdf: FPDF, text: str, x: float, y: float, size: float) -> None:
    """The QR code of text as black squares in a white size x size mm box at (x, y)."""
    matrix = qr_code(text).matrix
    module = size / (len(matrix) + 2 * QUIET_ZONE)
    pdf.set_fill_color(255)
    pdf.rect(x, y, size, size, style="F")
    pdf.set_fill_color(0)
    # A hair of overlap between rows, so no rasteriser leaves a light seam between them.
    overlap = module * 0.04
    for row_index, row in enumerate(matrix):
        top = y + (QUIET_ZONE + row_index) * module
        column = 0
        while column < len(row):
            if not row[column]:
                column += 1
                continue
            run = column
            while run < len(row) and row[run]:
                run += 1
            left = x + (QUIET_ZONE + column) * module
            pdf.rect(left, top, (run - column) * module, module + overlap, style="F")
            column = run


class _CardsPdf(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.set_auto_page_break(False)
        self.set_margins(LEFT, TOP, LEFT)
        self.c_margin = 0.5
        self.set_title("Kartu Peserta CACT")

    def footer(self) -> None:
        self.set_xy(LEFT, PAGE_H - 10)
        self.set_font("Helvetica", "", 7)
        self.set_text_color(110)
        text = f"Kartu peserta - gunting pada garis putus-putus - halaman {self.page_no()}/{{nb}}"
        self.cell(COLUMNS * CARD_W, 4, text, align="C")
        self.set_text_color(0)

    def cut_lines(self) -> None:
        """Dashed lines along every card edge, across the whole sheet for a paper cutter."""
        self.set_draw_color(150)
        self.set_line_width(0.2)
        self.set_dash_pattern(dash=2, gap=1.5)
        for column in range(COLUMNS + 1):
            x = LEFT + column * CARD_W
            self.line(x, 4, x, PAGE_H - 12)
        for row in range(ROWS + 1):
            y = TOP + row * CARD_H
            self.line(4, y, PAGE_W - 4, y)
        self.set_dash_pattern()
        self.set_draw_color(0)

    def card(self, card: Card, x: float, y: float) -> None:
        self.heading(card, x, y)
        self.person(card, x + PAD, y + 15)
        qr_x, qr_y = x + CARD_W - PAD - QR_SIZE, y + 14
        draw_qr(self, card.code, qr_x, qr_y, QR_SIZE)
        self.set_xy(qr_x, qr_y + QR_SIZE + 0.5)
        self.set_font("Helvetica", "", 7)
        self.cell(QR_SIZE, 3, "Kursi", align="C", new_x="LEFT", new_y="NEXT")
        self.set_font("Helvetica", "B", 15)
        self.cell(QR_SIZE, 6.5, fit_text(self, card.seat, QR_SIZE), align="C")
        self.set_xy(x + PAD, y + CARD_H - PAD - 3)
        self.set_font("Helvetica", "I", 6.5)
        self.set_text_color(70)
        self.cell(CARD_W - 2 * PAD, 3, fit_text(self, CARD_NOTE, CARD_W - 2 * PAD))
        self.set_text_color(0)

    def heading(self, card: Card, x: float, y: float) -> None:
        width = CARD_W - 2 * PAD
        self.set_xy(x + PAD, y + PAD - 0.5)
        self.set_font("Helvetica", "B", 10)
        self.cell(width, 4.5, "KARTU PESERTA CACT", align="C", new_x="LEFT", new_y="NEXT")
        self.set_font("Helvetica", "", 7)
        self.cell(width, 3.5, fit_text(self, card.event_name, width), align="C")
        self.set_line_width(0.3)
        self.line(x + PAD, y + 12, x + CARD_W - PAD, y + 12)

    def person(self, card: Card, x: float, y: float) -> None:
        self.set_xy(x, y)
        lines = (
            ("B", 9.5, 4.2, card.name, 2),
            ("", 8.5, 4.2, f"NIP {display_nip(card.nip)}", 1),
            ("", 7, 3.2, card.opd, 2),
            ("", 0, 1.5, "", 0),
            ("B", 8, 3.8, indonesian_date(card.day), 1),
            ("", 8, 3.8, f"{card.session_label}, {time_range(card.start, card.end)}", 1),
            ("", 7, 3.2, card.venue, 2),
            ("", 7, 3.2, f"Ruang {card.room}", 1),
        )
        for style, size, height, text, max_lines in lines:
            if not max_lines:
                self.set_y(self.y + height)
                continue
            self.set_font("Helvetica", style, size)
            for line in wrap_text(self, text, TEXT_W, max_lines):
                self.set_x(x)
                self.cell(TEXT_W, height, line, new_x="LEFT", new_y="NEXT")


def cards_document(cards: Sequence[Card]) -> FPDF:
    """The cards laid out; .pages_count tells how many sheets they take."""
    pdf = _CardsPdf()
    per_page = COLUMNS * ROWS
    for index, card in enumerate(cards):
        slot = index % per_page
        if slot == 0:
            pdf.add_page()
            pdf.cut_lines()
        column, row = slot % COLUMNS, slot // COLUMNS
        pdf.card(card, LEFT + column * CARD_W, TOP + row * CARD_H)
    if not cards:
        pdf.add_page()
        pdf.set_font("Helvetica", "", 11)
        pdf.cell(0, 10, pdf_text("Tidak ada peserta terjadwal untuk pilihan ini."))
    return pdf


def cards_pdf(cards: Sequence[Card]) -> bytes:
    """The cards as A4 PDF bytes, in the order given."""
    return bytes(cards_document(cards).output())
