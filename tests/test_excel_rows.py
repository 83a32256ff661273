"""The rows of a very large sheet written as XML into a workbook openpyxl saved
(core.excel.BulkRows, save_with_rows), read back with openpyxl."""

from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from core.excel import SPLICE_BATCH, BulkRows, save_with_rows


def _book_with(rows, *, header=True, text_columns=(), progress=None):
    book = Workbook(write_only=True)
    book.create_sheet("Depan").append(["sebelum"])
    sheet = book.create_sheet("Besar")
    sheet.freeze_panes = "A2"
    if header:
        sheet.append(["NIP", "Nama", "Nilai"])
    book.create_sheet("Belakang").append(["sesudah"])
    start = 2 if header else 1
    return book, BulkRows(sheet, rows, start=start, text_columns=text_columns, progress=progress)


def test_values_keep_their_types_and_text_is_never_a_formula(tmp_path):
    rows = [
        (198609262015051001, "Ani & <Budi>", Decimal("72.50")),
        ("000123", '=HYPERLINK("http://x")', 3),
        ("198609262015051002", "  spasi di depan", 1.5),
        ("198609262015051003", "kendali\x07dibuang", True),
        ("198609262015051004", None, float("nan")),
    ]
    book, bulk = _book_with(rows, text_columns={0})
    save_with_rows(book, tmp_path / "b.xlsx", bulk)

    read = load_workbook(tmp_path / "b.xlsx")
    assert read.sheetnames == ["Depan", "Besar", "Belakang"]
    assert read["Depan"]["A1"].value == "sebelum" and read["Belakang"]["A1"].value == "sesudah"
    sheet = read["Besar"]
    assert sheet.freeze_panes == "A2"
    assert [cell.value for cell in sheet[1]] == ["NIP", "Nama", "Nilai"]
    nip = sheet["A2"]
    assert (nip.value, nip.data_type, nip.number_format) == ("198609262015051001", "s", "@")
    assert sheet["A3"].value == "000123"  # leading zeros kept: text, not a number
    assert (sheet["B2"].value, sheet["C2"].value) == ("Ani & <Budi>", 72.5)
    formula = sheet["B3"]
    assert formula.data_type == "s" and formula.number_format == "@"
    assert formula.value == '=HYPERLINK("http://x")'
    assert sheet["B2"].number_format == "General"
    assert sheet["B4"].value == "  spasi di depan"
    assert sheet["C4"].value == 1.5 and isinstance(sheet["C3"].value, int)
    assert sheet["B5"].value == "kendalidibuang" and sheet["C5"].value is True
    assert sheet["B6"].value is None and sheet["C6"].value is None  # NaN is left empty
    assert sheet.max_row == 6


def test_a_sheet_without_a_header_gets_its_rows(tmp_path):
    book, bulk = _book_with([("a", 1), ("b", 2)], header=False)
    save_with_rows(book, tmp_path / "b.xlsx", bulk)
    sheet = load_workbook(tmp_path / "b.xlsx")["Besar"]
    assert [tuple(row) for row in sheet.iter_rows(values_only=True)] == [("a", 1), ("b", 2)]


def test_progress_is_told_as_rows_are_written(tmp_path):
    told = []
    rows = [(str(n), n) for n in range(2 * SPLICE_BATCH + 5)]
    book, bulk = _book_with(rows, progress=told.append)
    save_with_rows(book, tmp_path / "b.xlsx", bulk)
    assert told == [SPLICE_BATCH, 2 * SPLICE_BATCH, 2 * SPLICE_BATCH + 5]
    sheet = load_workbook(tmp_path / "b.xlsx", read_only=True)["Besar"]
    assert sum(1 for _ in sheet.iter_rows(values_only=True)) == len(rows) + 1


def test_a_value_of_another_type_is_refused(tmp_path):
    book, bulk = _book_with([(object(),)])
    with pytest.raises(TypeError, match="object"):
        save_with_rows(book, tmp_path / "b.xlsx", bulk)
