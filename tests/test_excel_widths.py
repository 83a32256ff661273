"""core.excel.set_widths, the one helper that sets column widths, read back with openpyxl."""

from openpyxl import Workbook, load_workbook

from core.excel import set_widths

WIDTHS = [10 + index for index in range(30)]  # A to AD


def test_it_sets_widths_past_column_z_on_a_write_only_sheet(tmp_path):
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Lebar")
    set_widths(sheet, WIDTHS)
    sheet.append(["x"] * len(WIDTHS))
    book.save(tmp_path / "w.xlsx")

    read = load_workbook(tmp_path / "w.xlsx")["Lebar"]
    assert read.column_dimensions["A"].width == 10
    assert read.column_dimensions["Z"].width == 35
    assert read.column_dimensions["AA"].width == 36
    assert read.column_dimensions["AD"].width == 39


def test_it_sets_widths_on_an_ordinary_sheet(tmp_path):
    book = Workbook()
    set_widths(book.active, WIDTHS)
    book.save(tmp_path / "w.xlsx")

    read = load_workbook(tmp_path / "w.xlsx").active
    assert [read.column_dimensions[letter].width for letter in ("B", "AB")] == [11, 37]
