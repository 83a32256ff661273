"""Writing cells people open in Excel: text stays text, never a formula."""

from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

# Excel (and LibreOffice) run a cell that starts with one of these as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(sheet: WriteOnlyWorksheet, value: object):
    """A cell that Excel shows as the text given, whatever it starts with."""
    cell = WriteOnlyCell(sheet, value=None if value is None else str(value))
    cell.data_type = "s"
    cell.number_format = "@"
    return cell


def value_cell(sheet: WriteOnlyWorksheet, value: object) -> object:
    """Numbers and dates as they are; strings that look like formulas as plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return text_cell(sheet, value)
    return value
