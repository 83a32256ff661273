"""The letterhead and signature block print the settings' lines on a real PDF."""

import datetime
import io

from fpdf import FPDF
from pypdf import PdfReader

from sessions_app.letterhead import draw_letterhead, draw_signature


def _text(pdf: FPDF) -> str:
    return PdfReader(io.BytesIO(bytes(pdf.output()))).pages[0].extract_text()


def test_letterhead_and_signature_print_the_configured_lines(settings):
    settings.LETTERHEAD = {
        **settings.LETTERHEAD,
        "office": "BADAN KEPEGAWAIAN DAERAH",
        "contact": "Telepon (0552) 123456",
        "signatory_name": "Dra. Hj. Siti Rahmah",
        "signatory_nip": "197001011990032001",
    }
    pdf = FPDF(format="A4")
    pdf.add_page()
    draw_letterhead(pdf)
    draw_signature(pdf, datetime.date(2027, 2, 1))
    text = _text(pdf)
    assert "PEMERINTAH PROVINSI KALIMANTAN UTARA" in text
    assert "Telepon (0552) 123456" in text
    assert "Tanjung Selor, 1 Februari 2027" in text
    assert "Dra. Hj. Siti Rahmah" in text
    assert "NIP 19700101 199003 2 001" in text


def test_unset_signatory_leaves_the_name_to_be_written(settings):
    settings.LETTERHEAD = {**settings.LETTERHEAD, "signatory_name": "", "signatory_nip": ""}
    pdf = FPDF(format="A4")
    pdf.add_page()
    draw_signature(pdf, datetime.date(2027, 2, 1))
    text = _text(pdf)
    assert "Kepala Badan" in text
    assert "NIP" not in text
