"""A PNBP bill as a PDF (fpdf2, A4): the office's letterhead, the number, the OPD billed,
each person who sat from the PNBP date, the tariff, the total in figures and in words, and
the signature block. A cancelled bill says so across the top, with its replacement."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from fpdf import FPDF

from reports.pnbp import rupiah
from reports.terbilang import rupiah_words
from sessions_app.documents import display_nip, fit_text, long_date, pdf_text
from sessions_app.letterhead import draw_letterhead, draw_signature

MARGIN, WIDTH = 18.0, 174.0
COLUMNS = (("No", 10.0), ("NIP", 44.0), ("Nama", 70.0), ("Tanggal hadir", 30.0))
ROW = 6.0


@dataclass(frozen=True, slots=True)
class BillLine:
    nip: str
    name: str
    sat_on: dt.date


@dataclass(frozen=True, slots=True)
class BillDocument:
    number: str
    issued_on: dt.date
    event: str
    opd: str
    pnbp_start_date: dt.date
    tariff: int
    total: int
    lines: Sequence[BillLine]
    cancelled_note: str = ""  # "" unless cancelled: why, and the bill that replaces it


def bill_pdf(bill: BillDocument) -> bytes:
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_margins(MARGIN, 12, MARGIN)
    pdf.set_auto_page_break(True, margin=15)
    pdf.set_title(pdf_text(f"Tagihan PNBP {bill.number}"))
    pdf.add_page()
    draw_letterhead(pdf)
    if bill.cancelled_note:
        pdf.set_font("Helvetica", "B", 11)
        pdf.set_text_color(180, 0, 0)
        pdf.multi_cell(WIDTH, 6, pdf_text(bill.cancelled_note), align="C")
        pdf.set_text_color(0)
        pdf.ln(2)
    pdf.set_font("Helvetica", "B", 13)
    pdf.cell(WIDTH, 7, "TAGIHAN PNBP", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(WIDTH, 5, pdf_text(f"Nomor: {bill.number}"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for label, value in (
        ("Kepada", f"Kepala {bill.opd}"),
        ("Kegiatan", bill.event),
        ("Tanggal tagihan", long_date(bill.issued_on)),
    ):
        pdf.cell(35, 5.5, pdf_text(label))
        pdf.multi_cell(WIDTH - 35, 5.5, pdf_text(f": {value}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.multi_cell(
        WIDTH,
        5,
        pdf_text(
            "Penerimaan Negara Bukan Pajak (PP 2/2024) atas penilaian kompetensi (CACT) "
            f"peserta yang hadir ujian pada tanggal {long_date(bill.pnbp_start_date)} atau "
            f"sesudahnya, Rp {rupiah(bill.tariff)} per peserta, dengan rincian:"
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)
    _table(pdf, bill)
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(28, 6, "Terbilang")
    pdf.set_font("Helvetica", "I", 10)
    words = rupiah_words(bill.total)
    pdf.multi_cell(
        WIDTH - 28, 6, pdf_text(f": {words[0].upper()}{words[1:]}"), new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(6)
    if pdf.will_page_break(45):
        pdf.add_page()
    draw_signature(pdf, bill.issued_on)
    return bytes(pdf.output())


def _table_header(pdf: FPDF) -> None:
    pdf.set_font("Helvetica", "B", 9)
    pdf.set_fill_color(230, 230, 230)
    for label, width in COLUMNS:
        pdf.cell(width, ROW + 1, label, border=1, fill=True, align="C")
    tariff_width = WIDTH - sum(width for _, width in COLUMNS)
    pdf.cell(tariff_width, ROW + 1, "Tarif (Rp)", border=1, fill=True, align="C")
    pdf.ln()
    pdf.set_font("Helvetica", "", 9)


def _table(pdf: FPDF, bill: BillDocument) -> None:
    tariff_width = WIDTH - sum(width for _, width in COLUMNS)
    _table_header(pdf)
    for number, line in enumerate(bill.lines, 1):
        if pdf.will_page_break(ROW):
            pdf.add_page()
            _table_header(pdf)
        cells = (str(number), display_nip(line.nip), line.name, line.sat_on.strftime("%d/%m/%Y"))
        for text, (_, width) in zip(cells, COLUMNS, strict=True):
            pdf.cell(width, ROW, fit_text(pdf, text, width), border=1)
        pdf.cell(tariff_width, ROW, rupiah(bill.tariff), border=1, align="R")
        pdf.ln()
    if pdf.will_page_break(2 * ROW):
        pdf.add_page()
    pdf.set_font("Helvetica", "B", 9)
    label = f"Jumlah {len(bill.lines)} peserta x Rp {rupiah(bill.tariff)}"
    pdf.cell(WIDTH - tariff_width, ROW + 1, pdf_text(label), border=1, align="R")
    pdf.cell(tariff_width, ROW + 1, rupiah(bill.total), border=1, align="R")
    pdf.ln()
