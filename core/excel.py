"""Writing cells people open in Excel: text stays text, never a formula."""

import math
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import IO
from xml.etree import ElementTree
from xml.sax.saxutils import escape as xml_escape
from zipfile import ZIP_DEFLATED

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from core.text import FORMULA_PREFIXES

BOLD = Font(bold=True)
# What makes Excel run a written cell as a formula: the formula prefixes, and a leading tab
# or carriage return, which Excel drops before reading the rest.
FORMULA_TRIGGERS = (*FORMULA_PREFIXES, "\t", "\r")


def safe_text(value: str) -> str:
    """value without the control characters an .xlsx cannot hold (openpyxl refuses them, and
    text stored before imports removed them may still have one)."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if ILLEGAL_CHARACTERS_RE.search(value) else value


def text_cell(sheet: WriteOnlyWorksheet, value: object) -> Cell:
    """A cell that Excel shows as the text given, whatever it starts with."""
    cell = WriteOnlyCell(sheet, value=None if value is None else safe_text(str(value)))
    cell.data_type = "s"
    cell.number_format = "@"
    return cell


def value_cell(sheet: WriteOnlyWorksheet, value: object) -> object:
    """Numbers and dates as they are; strings without control characters, and those that
    look like formulas as plain text. Every writer puts its text through this or text_cell."""
    if isinstance(value, str):
        value = safe_text(value)
        if value.startswith(FORMULA_TRIGGERS):
            return text_cell(sheet, value)
    return value


def styled_cell(
    sheet: WriteOnlyWorksheet, value: object, number_format: str = "", font: Font | None = None
) -> Cell:
    """value_cell with a number format and a font."""
    cell = value_cell(sheet, value)
    if not isinstance(cell, Cell):
        # openpyxl's stubs leave out values it writes all the same (Decimal, date).
        cell = WriteOnlyCell(sheet, value=cell)  # type: ignore[arg-type]
    if number_format:
        cell.number_format = number_format
    if font is not None:
        cell.font = font
    return cell


def header_cells(sheet: WriteOnlyWorksheet, labels: Iterable[str]) -> list[Cell]:
    return [styled_cell(sheet, label, font=BOLD) for label in labels]


def set_widths(sheet: Worksheet | WriteOnlyWorksheet, widths: Iterable[float]) -> None:
    """The widths of the sheet's first columns, in order, as many as given (past Z too)."""
    # openpyxl's stubs miss the column_dimensions a write-only sheet makes in its __init__.
    dimensions = sheet.column_dimensions  # type: ignore[union-attr]
    for index, width in enumerate(widths, start=1):
        dimensions[get_column_letter(index)].width = width


# --- the rows of a very large sheet ---------------------------------------------------------
#
# openpyxl builds an XML element for every cell it writes: about 17 µs a cell, 70 s for the
# four million cells of a 100,000-participant recap. A big table's rows are instead written
# here as XML text straight into the saved workbook, in place of the rows of a sheet that
# openpyxl wrote with its header only; openpyxl still writes the rest of the workbook (the
# sheet's header, widths, frozen panes and filter, the styles, the other sheets, the charts).

NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
SPLICE_BATCH = 1000  # rows encoded and written at a time
FRAGMENT_CACHE_LENGTH = 60  # texts up to this long are escaped once per workbook,
FRAGMENTS_KEPT = 5_000  # the first few thousand: names and NIPs differ on every row
# Deflate's fastest level: the rows' XML is most of the file, and level 6 spent twice the
# time for a quarter less size.
COMPRESS_LEVEL = 1


class BulkRows:
    """Rows of plain values (str, int, float, Decimal, bool, None) for a sheet, from start.

    text_columns are written as text whatever they hold (a NIP); any other string that
    Excel would run as a formula is written with the text format, as text_cell does.
    """

    def __init__(
        self,
        sheet: WriteOnlyWorksheet,
        rows: Iterable[tuple],
        *,
        start: int,
        text_columns: Iterable[int] = (),
        progress: Callable[[int], None] | None = None,
    ):
        self.title = sheet.title
        self.rows, self.start, self.progress = rows, start, progress
        self.text_columns = frozenset(text_columns)
        # The style of a text cell, registered in the workbook's styles now, its index kept.
        self.text_style = text_cell(sheet, "").style_id
        self.written = 0

    def xml(self) -> Iterator[str]:
        letters: list[str] = []
        is_text: list[bool] = []
        # The markup after a text cell's reference, by text column or not and value: a
        # recap repeats its OPD, position and category names on every row.
        fragments: dict[tuple[bool, str], str] = {}
        for number, values in enumerate(self.rows, start=self.start):
            while len(letters) < len(values):
                is_text.append(len(letters) in self.text_columns)
                letters.append(get_column_letter(len(letters) + 1))
            row = str(number)
            cells = []
            for column, value in enumerate(values):
                kind = type(value)
                if value is None:
                    continue
                if kind is str or is_text[column]:
                    text = value if kind is str else str(value)
                    if text == "":
                        continue
                    key = (is_text[column], text)
                    fragment = fragments.get(key)
                    if fragment is None:
                        fragment = self._text_fragment(text, is_text[column])
                        if len(text) <= FRAGMENT_CACHE_LENGTH and len(fragments) < FRAGMENTS_KEPT:
                            fragments[key] = fragment
                    cells.append(f'<c r="{letters[column]}{row}"{fragment}')
                elif kind is float or kind is int:
                    if kind is float and not math.isfinite(value):
                        continue
                    cells.append(f'<c r="{letters[column]}{row}"><v>{value}</v></c>')
                else:
                    cell = self._other_cell(value)
                    if cell:
                        cells.append(f'<c r="{letters[column]}{row}"{cell}')
            yield f'<row r="{row}">{"".join(cells)}</row>'
            self.written += 1
            if self.progress is not None and self.written % SPLICE_BATCH == 0:
                self.progress(self.written)

    def _text_fragment(self, text: str, text_column: bool) -> str:
        value = _xml_text(text)
        styled = text_column or value.startswith(FORMULA_TRIGGERS)
        kind = f' s="{self.text_style}" t="inlineStr"' if styled else ' t="inlineStr"'
        space = ' xml:space="preserve"' if value != value.strip() else ""
        return f"{kind}><is><t{space}>{value}</t></is></c>"

    def _other_cell(self, value: object) -> str:
        """The markup after the reference of a cell that is not exactly str, int or float;
        empty for a value that writes no cell."""
        if isinstance(value, str):
            return self._text_fragment(str(value), False) if value != "" else ""
        if isinstance(value, bool):
            return f' t="b"><v>{int(value)}</v></c>'
        if isinstance(value, int | float | Decimal):
            number = float(value) if isinstance(value, Decimal) else value
            if isinstance(number, float) and not math.isfinite(number):
                return ""
            return f"><v>{number}</v></c>"
        raise TypeError(f"{type(value).__name__} in a bulk row: {value!r}")


def _xml_text(value: str) -> str:
    return xml_escape(safe_text(value))


def save_with_rows(book: Workbook, out: str | os.PathLike[str] | IO[bytes], bulk: BulkRows) -> None:
    """Save book to out (a path or a binary file) with bulk's rows added to its sheet."""
    with tempfile.TemporaryFile() as saved:
        book.save(saved)
        saved.seek(0)
        with (
            zipfile.ZipFile(saved) as source,
            zipfile.ZipFile(out, "w", ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL) as target,
        ):
            name = _sheet_part(source, bulk.title)
            for info in source.infolist():
                if info.filename != name:
                    target.writestr(info, source.read(info.filename), ZIP_DEFLATED)
                    continue
                head, tail = _split_rows(source.read(name).decode("utf-8"))
                # Opened by name: the part takes the archive's method and level.
                with target.open(name, "w", force_zip64=True) as part:
                    part.write(head.encode())
                    batch: list[str] = []
                    for row in bulk.xml():
                        batch.append(row)
                        if len(batch) == SPLICE_BATCH:
                            part.write("".join(batch).encode())
                            batch.clear()
                    part.write(("".join(batch) + "</sheetData>" + tail).encode())
    if bulk.progress is not None:
        bulk.progress(bulk.written)


def _split_rows(sheet_xml: str) -> tuple[str, str]:
    """The sheet's XML up to the end of its rows, and from there on."""
    if "<sheetData />" in sheet_xml:  # a sheet openpyxl wrote with no row at all
        head, tail = sheet_xml.split("<sheetData />", 1)
        return head + "<sheetData>", tail
    head, tail = sheet_xml.split("</sheetData>", 1)
    return head, tail


def _sheet_part(source: zipfile.ZipFile, title: str) -> str:
    """The zip member holding the worksheet called title."""
    # The parts openpyxl has just written, not a file from outside.
    book = ElementTree.fromstring(source.read("xl/workbook.xml"))  # noqa: S314
    rel_id = next(
        sheet.get(f"{NS_REL}id")
        for sheet in book.iter(f"{NS_MAIN}sheet")
        if sheet.get("name") == title
    )
    rels = ElementTree.fromstring(source.read("xl/_rels/workbook.xml.rels"))  # noqa: S314
    target = next(rel.attrib["Target"] for rel in rels if rel.get("Id") == rel_id)
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
