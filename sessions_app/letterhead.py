"""The office's letterhead and signature block, drawn on an fpdf2 page.

Letters to OPDs and PNBP bills carry the same heading: the government, the office, its
address, a double rule; and end with the place, date and signatory. The lines come from
settings.LETTERHEAD (each from the environment), so another office changes them without code.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from fpdf import FPDF

from sessions_app.documents import display_nip, long_date, pdf_text


@dataclass(frozen=True, slots=True)
class Letterhead:
    government: str
    office: str
    address: str
    contact: str
    city: str
    signatory_title: str
    signatory_name: str
    signatory_nip: str


def letterhead() -> Letterhead:
    return Letterhead(**settings.LETTERHEAD)


def draw_letterhead(pdf: FPDF, head: Letterhead | None = None) -> None:
    """The heading across the page's text width, then the cursor below the rule."""
    head = head or letterhead()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(width, 6, pdf_text(head.government), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(width, 7, pdf_text(head.office), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    for line in (head.address, head.contact):
        if line:
            pdf.cell(width, 4.5, pdf_text(line), align="C", new_x="LMARGIN", new_y="NEXT")
    y = pdf.get_y() + 1.5
    pdf.set_line_width(0.8)
    pdf.line(pdf.l_margin, y, pdf.l_margin + width, y)
    pdf.set_line_width(0.2)
    pdf.line(pdf.l_margin, y + 1.2, pdf.l_margin + width, y + 1.2)
    pdf.set_y(y + 5)


def draw_signature(pdf: FPDF, day: datetime.date, head: Letterhead | None = None) -> None:
    """Place and date, the signatory's title, room to sign, name and NIP; on the right half."""
    head = head or letterhead()
    width = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    x = pdf.l_margin + width
    pdf.set_font("Helvetica", "", 10)
    lines = [f"{head.city}, {long_date(day)}", head.signatory_title]
    for line in lines:
        pdf.set_x(x)
        pdf.cell(width, 5, pdf_text(line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(18)
    if head.signatory_name:  # unset: the official writes the name under the signature
        pdf.set_font("Helvetica", "B", 10)
        pdf.set_x(x)
        pdf.cell(width, 5, pdf_text(head.signatory_name), new_x="LMARGIN", new_y="NEXT")
    if head.signatory_nip:
        pdf.set_font("Helvetica", "", 10)
        pdf.set_x(x)
        pdf.cell(
            width,
            5,
            pdf_text(f"NIP {display_nip(head.signatory_nip)}"),
            new_x="LMARGIN",
            new_y="NEXT",
        )
