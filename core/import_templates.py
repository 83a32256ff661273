"""Empty import workbooks to fill in: the header row an importer reads, the NIP (and other
digit-string) columns formatted as text so Excel keeps all 18 digits, and a sheet of notes."""

import io
from collections.abc import Sequence

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from core.excel import set_widths

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEXT = "@"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def template_workbook(
    *,
    sheet: str,
    headers: Sequence[str],
    text_columns: Sequence[str] = ("NIP",),
    notes: Sequence[str] = (),
) -> bytes:
    """The workbook: sheet holds the header row (frozen), text_columns formatted as text;
    a second sheet, Petunjuk, the notes (an importer reads the first sheet with its header)."""
    book = Workbook()
    table = book.active
    table.title = sheet
    table.append(list(headers))
    set_widths(table, [22 if h in text_columns else max(12, len(h) + 4) for h in headers])
    for index, header in enumerate(headers, start=1):
        cell = table.cell(row=1, column=index)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        if header in text_columns:
            # The whole column formatted as Text, as Excel's Format Cells on a column does:
            # what is typed or pasted below the header stays text, and no empty row is made.
            table.column_dimensions[get_column_letter(index)].number_format = TEXT
    table.freeze_panes = "A2"
    if notes:
        guide = book.create_sheet("Petunjuk")
        set_widths(guide, [110])
        for line in notes:
            guide.append([line])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def template_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
