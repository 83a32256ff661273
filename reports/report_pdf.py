"""One participant's result report as a PDF (fpdf2, A4): what the result page shows, for
print and for the participant's file. Pure: a ResultReport in, bytes out."""

from __future__ import annotations

from dataclasses import dataclass

from fpdf import FPDF

from reports.development_plan import NO_GAP, PlanItem
from scoring.talent import GRID_ROWS
from sessions_app.documents import display_nip, pdf_text

MARGIN, WIDTH = 15.0, 180.0


@dataclass(frozen=True)
class ResultReport:
    event: str
    run: str
    nip: str
    name: str
    position: str
    position_class: str
    opd: str
    competencies: list[tuple[str, str, object, object, object]]  # code, name, level, std, gap
    figures: list[tuple[str, str]]  # label, value as shown
    pillars: list[tuple[str, str]]
    scales: list[tuple[str, str, str, str]]  # code, score, T, percentile
    kinerja: str
    potential_category: str
    box: int | None
    action: str
    plan: list[PlanItem]  # the individual development plan, largest shortfall first
    es_norm: str = ""  # the stored norm of the T-scores; empty: the event's own cohort


def _number(value) -> str:
    if value is None:
        return "-"
    return f"{float(value):.2f}".replace(".", ",")


def result_pdf(report: ResultReport) -> bytes:
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_margins(MARGIN, 12, MARGIN)
    pdf.set_auto_page_break(True, margin=14)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(
        WIDTH, 7, pdf_text("Laporan Hasil Penilaian Kompetensi"), new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font("Helvetica", "", 9)
    pdf.cell(WIDTH, 5, pdf_text(f"{report.event} - {report.run}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(WIDTH, 6, pdf_text(report.name), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    for line in (
        f"NIP {display_nip(report.nip)}",
        f"{report.position} - {report.position_class}",
        report.opd,
    ):
        pdf.cell(WIDTH, 5, pdf_text(line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    _figures(pdf, report.figures)
    _competencies(pdf, report.competencies)
    _pairs(pdf, "Literasi Digital per pilar", report.pillars)
    _scales(pdf, report.scales, report.es_norm)
    _talent(pdf, report)
    _plan(pdf, report.plan)
    return bytes(pdf.output())


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(2)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(WIDTH, 7, pdf_text(text), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)


def _figures(pdf: FPDF, figures: list[tuple[str, str]]) -> None:
    width = WIDTH / max(len(figures), 1)
    pdf.set_font("Helvetica", "B", 12)
    for _, value in figures:
        pdf.cell(width, 7, pdf_text(value), border="LTR", align="C")
    pdf.ln()
    pdf.set_font("Helvetica", "", 7)
    for label, _ in figures:
        pdf.cell(width, 5, pdf_text(label), border="LBR", align="C")
    pdf.ln()


def _competencies(pdf: FPDF, rows) -> None:
    _heading(pdf, "Profil kompetensi terhadap standar jabatan")
    columns = (("Kompetensi", 70.0), ("Level", 15.0), ("Standar", 15.0), ("Gap", 15.0))
    pdf.set_font("Helvetica", "B", 8)
    for label, width in columns:
        pdf.cell(width, 6, label, border=1)
    pdf.cell(WIDTH - sum(w for _, w in columns), 6, "Level (batang) dan standar (garis)", border=1)
    pdf.ln()
    pdf.set_font("Helvetica", "", 8)
    bar_x = MARGIN + sum(w for _, w in columns) + 2
    scale = (WIDTH - sum(w for _, w in columns) - 4) / 5
    for code, name, level, required, gap in rows:
        y = pdf.get_y()
        gap_text = "-" if gap is None else f"{gap:+d}" if gap else "0"
        for text, (_, width) in zip(
            (f"{code} {name}", str(level or "-"), str(required or "-"), gap_text),
            columns,
            strict=True,
        ):
            pdf.cell(width, 6, pdf_text(text), border=1)
        pdf.cell(WIDTH - sum(w for _, w in columns), 6, "", border=1)
        if level:
            below = gap is not None and gap < 0
            pdf.set_fill_color(*((179, 38, 30) if below else (29, 111, 66)))
            pdf.rect(bar_x, y + 1.2, level * scale, 3.6, style="F")
        if required:
            pdf.set_draw_color(0, 0, 0)
            pdf.set_line_width(0.6)
            pdf.line(bar_x + required * scale, y + 0.4, bar_x + required * scale, y + 5.6)
            pdf.set_line_width(0.2)
        pdf.ln()


def _pairs(pdf: FPDF, title: str, pairs: list[tuple[str, str]]) -> None:
    if not pairs:
        return
    _heading(pdf, title)
    for label, value in pairs:
        pdf.cell(60, 5, pdf_text(label), border="B")
        pdf.cell(25, 5, pdf_text(value), border="B", align="R", new_x="LMARGIN", new_y="NEXT")


def _scales(pdf: FPDF, scales: list[tuple[str, str, str, str]], es_norm: str) -> None:
    if not scales:
        return
    _heading(pdf, "Keahlian Masa Depan per skala")
    pdf.set_font("Helvetica", "B", 8)
    for label, width in (("Skala", 60), ("Skor 1-5", 25), ("Skor T", 25), ("Persentil", 25)):
        pdf.cell(width, 5, label, border="B", align="L" if label == "Skala" else "R")
    pdf.ln()
    pdf.set_font("Helvetica", "", 8)
    for code, score, t, percentile in scales:
        pdf.cell(60, 5, pdf_text(code), border="B")
        pdf.cell(25, 5, pdf_text(score), border="B", align="R")
        pdf.cell(25, 5, pdf_text(t), border="B", align="R")
        pdf.cell(25, 5, pdf_text(percentile), border="B", align="R", new_x="LMARGIN", new_y="NEXT")
    reference = f"norma {es_norm}" if es_norm else "seluruh peserta kegiatan ini"
    pdf.multi_cell(
        WIDTH,
        5,
        pdf_text(f"Skor T dan persentil dibandingkan dengan {reference}."),
        new_x="LMARGIN",
        new_y="NEXT",
    )


def _talent(pdf: FPDF, report: ResultReport) -> None:
    _heading(pdf, "Kotak talenta")
    pdf.multi_cell(
        WIDTH,
        5,
        pdf_text(
            f"Kinerja: {report.kinerja or 'belum ada predikat SKP'}. "
            f"Potensi: {report.potential_category or '-'}."
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(1)
    for row in GRID_ROWS:
        for box in row:
            here = box == report.box
            pdf.set_fill_color(*((29, 111, 66) if here else (255, 255, 255)))
            pdf.set_text_color(*((255, 255, 255) if here else (90, 90, 90)))
            pdf.cell(14, 9, str(box), border=1, align="C", fill=True)
        pdf.ln()
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("Helvetica", "", 7)
    pdf.cell(WIDTH, 4, "Baris: kinerja di atas, sesuai, di bawah ekspektasi. Kolom: potensi "
             "rendah, menengah, tinggi.", new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    if report.action:
        pdf.ln(1)
        pdf.set_font("Helvetica", "B", 9)
        pdf.cell(25, 5, "Rekomendasi:")
        pdf.set_font("Helvetica", "", 9)
        pdf.multi_cell(WIDTH - 25, 5, pdf_text(report.action), new_x="LMARGIN", new_y="NEXT")


PLAN_COLUMNS = (("Kompetensi", 62.0), ("Level", 14.0), ("Standar", 16.0), ("Gap", 12.0))
PLAN_FORMS_WIDTH = WIDTH - sum(width for _, width in PLAN_COLUMNS)


def _plan(pdf: FPDF, plan: list[PlanItem]) -> None:
    """The individual development plan: a row per competency below standard, the largest
    shortfall first; the section starts on a new page rather than as a lone heading, and a
    table carried over to the next page repeats its header."""
    if pdf.will_page_break(7 + 6 + 10):
        pdf.add_page()
    _heading(pdf, "Rencana pengembangan individu")
    if not plan:
        pdf.multi_cell(WIDTH, 5, pdf_text(NO_GAP), new_x="LMARGIN", new_y="NEXT")
        return
    _plan_header(pdf)
    for item in plan:
        forms = pdf_text("; ".join(item.forms) or "-")
        lines = pdf.multi_cell(PLAN_FORMS_WIDTH, 5, forms, dry_run=True, output="LINES")
        height = 5 * max(len(lines), 1)
        if pdf.will_page_break(height):
            pdf.add_page()
            _plan_header(pdf)
        texts = (f"{item.code} {item.name}", str(item.level), str(item.required), str(item.gap))
        for text, (_, width) in zip(texts, PLAN_COLUMNS, strict=True):
            pdf.cell(width, height, pdf_text(text), border=1, align="L" if width > 20 else "C")
        pdf.multi_cell(
            PLAN_FORMS_WIDTH, 5, forms, border=1, align="L", new_x="LMARGIN", new_y="NEXT"
        )


def _plan_header(pdf: FPDF) -> None:
    pdf.set_font("Helvetica", "B", 8)
    for label, width in (*PLAN_COLUMNS, ("Bentuk pengembangan", PLAN_FORMS_WIDTH)):
        pdf.cell(width, 6, label, border=1)
    pdf.ln()
    pdf.set_font("Helvetica", "", 8)
