"""Tests for core.spreadsheet, the reader every importer uses.

Files are built for real in tmp_path (openpyxl in write mode, hand-made CSV bytes and zips).
The module imports no Django; without a working Django setup run
`pytest tests/core/test_spreadsheet.py -p no:django --noconftest`
(tests/conftest.py imports Django models).
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from core.spreadsheet import (
    DEFAULT_MAX_BYTES,
    Column,
    Row,
    SpreadsheetError,
    Table,
    header_key,
    open_table,
)

PARTICIPANT = [
    Column("nip", "NIP"),
    Column("nama", "Nama"),
    Column("opd", "OPD", aliases=("Unit Kerja", "Perangkat Daerah")),
    Column("golongan", "Golongan", aliases=("Gol", "Pangkat/Gol"), required=False),
    Column("no_hp", "No HP", required=False),
]
NIP = "198609262015051001"


def write_xlsx(path: Path, rows: list[list[object]], *, row: int = 1, col: int = 1) -> Path:
    """Write rows with their top-left cell at (row, col), 1-based as in Excel."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if value is not None:
                ws.cell(row=row + r, column=col + c, value=value)
    wb.save(path)
    return path


def write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def rewrite_member(path: Path, member: str, change: Callable[[bytes], bytes]) -> Path:
    """Copy an xlsx with one member's bytes changed, to build files Excel would not write."""
    original = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(original)) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info, change(data) if info.filename == member else data)
    return path


def rows_of(table: Table) -> list[Row]:
    return list(table.rows)


def refused(path: Path, columns: list[Column] = PARTICIPANT, **options: Any) -> str:
    """The message of the SpreadsheetError raised while opening the file or reading its rows."""
    with pytest.raises(SpreadsheetError) as info:
        rows_of(open_table(path, columns=columns, **options))
    assert info.value.message == str(info.value)
    return info.value.message


# --- xlsx: where the table is ----------------------------------------------------------


def test_it_finds_header_below_title_rows(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "DAFTAR PESERTA CACT TAHAP III"
    ws.merge_cells("A1:E1")
    ws["A2"] = "BKD Provinsi Kalimantan Utara"
    ws.append([])
    ws.append(["No", "NIP", "Nama", "OPD"])
    ws.append([1, NIP, "Budi Santoso", "Dinas Kesehatan"])
    wb.save(tmp_path / "peserta.xlsx")

    table = open_table(tmp_path / "peserta.xlsx", columns=PARTICIPANT)

    assert (table.sheet, table.header_row) == ("Sheet", 4)
    assert table.columns == {"nip": 1, "nama": 2, "opd": 3}
    [row] = rows_of(table)
    assert row.number == 5
    assert row.get(table.columns["nama"]) == "Budi Santoso"


def test_it_numbers_rows_as_excel_when_data_starts_at_row_5_column_c(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "geser.xlsx",
        [
            ["NIP", "Nama", "OPD"],
            [NIP, "Budi", "BKD"],
            [None, None, None],
            ["199001012020121002", "Sari", "Dinas Pendidikan"],
        ],
        row=5,
        col=3,
    )

    table = open_table(path, columns=PARTICIPANT)

    assert table.header_row == 5
    # Indices are Excel's columns (A = 0), so column C is 2 even though the sheet starts there.
    assert table.columns == {"nip": 2, "nama": 3, "opd": 4}
    rows = rows_of(table)
    assert [r.number for r in rows] == [6, 8]
    assert rows[1].values == (None, None, "199001012020121002", "Sari", "Dinas Pendidikan")


def test_it_numbers_rows_as_excel_below_title_rows_and_blank_rows(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["D3"] = "DAFTAR PESERTA"
    ws["C7"], ws["D7"], ws["E7"] = "NIP", "Nama", "Unit Kerja"
    ws["C8"], ws["D8"], ws["E8"] = NIP, "Budi", "BKD"
    ws["C12"], ws["D12"], ws["E12"] = "199001012020121002", "Sari", "BKD"
    wb.save(tmp_path / "a.xlsx")

    table = open_table(tmp_path / "a.xlsx", columns=PARTICIPANT)

    assert table.header_row == 7
    assert [r.number for r in rows_of(table)] == [8, 12]


def test_it_uses_the_first_visible_sheet_that_has_the_header(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "Petunjuk"
    wb.active["A1"] = "Isi data pada sheet Peserta"
    hidden = wb.create_sheet("Lama")
    hidden.append(["NIP", "Nama", "OPD"])
    hidden.append(["1", "Dari sheet tersembunyi", "X"])
    hidden.sheet_state = "hidden"
    data = wb.create_sheet("Peserta")
    data.append(["NIP", "Nama", "OPD"])
    data.append([NIP, "Budi", "BKD"])
    wb.save(tmp_path / "multi.xlsx")

    table = open_table(tmp_path / "multi.xlsx", columns=PARTICIPANT)

    assert table.sheet == "Peserta"
    assert [r.values[1] for r in rows_of(table)] == ["Budi"]


def test_it_matches_headers_by_alias_ignoring_case_and_spacing(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "alias.xlsx",
        [[" nip ", "NAMA", "perangkat  daerah", "Pangkat / Gol", "No. HP", "Catatan"]],
    )

    table = open_table(path, columns=PARTICIPANT)

    assert table.columns == {"nip": 0, "nama": 1, "opd": 2, "golongan": 3, "no_hp": 4}
    assert table.headers["opd"] == "perangkat daerah"  # every cell is normalised as read
    assert table.headers["golongan"] == "Pangkat / Gol"
    assert table.extra == {}
    assert rows_of(table) == []


@pytest.mark.parametrize(
    ("written", "documented"),
    [
        (" no  hp ", "No HP"),
        ("No. HP", "No HP"),
        ("no_hp", "No HP"),
        ("Pangkat / Gol", "pangkat/gol"),
        ("KABUPATEN / KOTA", "Kabupaten/Kota"),
        ("Jenis\u00a0Jabatan", "Jenis Jabatan"),
        ("NIP*", "NIP"),
    ],
)
def test_header_key_treats_case_spacing_and_separators_uniformly(
    written: str, documented: str
) -> None:
    assert header_key(written) == header_key(documented)


def test_header_key_keeps_different_words_apart() -> None:
    assert header_key("Jenis Jabatan") != header_key("Jabatan")
    assert header_key("No HP") != header_key("NoHP HP")


def test_it_collects_unknown_headers_when_asked(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "jawaban.xlsx", [["NIP", "SJT01", "SJT02", 3], [NIP, "A", "C", 4]])

    table = open_table(path, columns=[Column("nip", "NIP")], extra_columns=True)

    assert table.extra == {"SJT01": 1, "SJT02": 2, "3": 3}
    assert rows_of(table)[0].values == (NIP, "A", "C", 4)


def test_it_refuses_two_unknown_columns_with_the_same_code(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "jawaban.xlsx", [["NIP", "SJT01", "sjt01"], [NIP, "A", "B"]])

    message = refused(path, columns=[Column("nip", "NIP")], extra_columns=True)

    assert "sjt01" in message and "lebih dari sekali" in message


# --- xlsx: cell values -----------------------------------------------------------------


def test_a_nip_typed_as_a_number_comes_back_as_a_float(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "angka.xlsx", [["NIP", "Nama", "OPD"], [198609262015051001, "Budi", "BKD"]]
    )

    [row] = rows_of(open_table(path, columns=PARTICIPANT))

    # Excel keeps 15 significant digits: the importer sees a float and rejects the NIP.
    assert isinstance(row.values[0], float)
    assert row.values[0] == 1.98609262015051e17


def test_integral_numbers_come_back_as_int_and_fractions_as_float(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "angka.xlsx",
        [["NIP", "Nama", "OPD", "Nilai", "Bool"], [NIP, "Budi", 2024, 3.5, True]],
    )

    [row] = rows_of(open_table(path, columns=PARTICIPANT))

    assert row.values[2:] == (2024, 3.5, True)
    assert type(row.values[2]) is int


def test_date_cells_come_back_as_dates(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "tanggal.xlsx",
        [
            ["NIP", "Nama", "OPD", "Tidak Bisa", "Waktu", "Jam"],
            [
                NIP,
                "Budi",
                "BKD",
                dt.date(2024, 2, 27),
                dt.datetime(2024, 2, 27, 8, 30),
                dt.time(13),
            ],
        ],
    )

    [row] = rows_of(open_table(path, columns=PARTICIPANT))

    assert row.values[3] == dt.date(2024, 2, 27)
    assert type(row.values[3]) is dt.date
    assert row.values[4] == dt.datetime(2024, 2, 27, 8, 30)
    assert row.values[5] == dt.time(13)


def test_strings_are_trimmed_and_empty_strings_become_none(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "spasi.xlsx",
        [["NIP", "Nama", "OPD"], [f" {NIP}\u00a0", "\u00a0Budi  Santoso ", "   "]],
    )

    [row] = rows_of(open_table(path, columns=PARTICIPANT))

    assert row.values == (NIP, "Budi Santoso", None)  # inner runs of spaces are one


def test_a_20000_row_xlsx_is_streamed(tmp_path: Path) -> None:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Peserta")
    ws.append(["DAFTAR PESERTA"])
    ws.append(["NIP", "Nama", "OPD", "No HP"])
    for i in range(20_000):
        ws.append([f"19860926201505{i:04d}", f"Peserta {i}", "BKD", "08123"])
    wb.save(tmp_path / "besar.xlsx")

    table = open_table(tmp_path / "besar.xlsx", columns=PARTICIPANT)

    assert isinstance(table.rows, Iterator)
    count, last = 0, None
    for row in table.rows:
        count, last = count + 1, row
    assert count == 20_000
    assert last is not None and last.number == 20_002
    assert last.values[1] == "Peserta 19999"


# --- xlsx: refused files ---------------------------------------------------------------


def test_missing_required_columns_are_named(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "kurang.xlsx",
        [["Daftar peserta"], ["NIP", "Jabatan", "Unit Kerja"], ["1", "x", "y"]],
    )

    message = refused(path)

    assert message.startswith("Kolom wajib tidak ditemukan: Nama.")
    assert "30 baris pertama" in message


def test_missing_columns_are_named_from_the_closest_row(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "kurang.xlsx", [["Nama"], ["NIP", "Nama"]])

    assert refused(path).startswith("Kolom wajib tidak ditemukan: OPD.")


def test_a_header_below_the_first_30_non_blank_rows_is_not_found(tmp_path: Path) -> None:
    rows: list[list[object]] = [[f"catatan {i}"] for i in range(30)]
    path = write_xlsx(tmp_path / "jauh.xlsx", [*rows, ["NIP", "Nama", "OPD"], [NIP, "B", "C"]])

    assert "Kolom wajib tidak ditemukan: NIP, Nama, OPD" in refused(path)


def test_a_duplicate_header_is_refused_naming_the_column(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "dobel.xlsx", [["NIP", "Nama", "OPD", "nip"], [NIP, "B", "C", NIP]]
    )

    message = refused(path)

    assert "Kolom 'NIP' muncul lebih dari sekali" in message
    assert "baris 1" in message


def test_an_empty_sheet_is_refused(tmp_path: Path) -> None:
    openpyxl.Workbook().save(tmp_path / "kosong.xlsx")

    assert "tidak berisi data" in refused(tmp_path / "kosong.xlsx")


def test_binary_junk_named_xlsx_is_refused(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "data.xlsx", bytes(range(256)) * 40)

    message = refused(path)

    assert "'data.xlsx' bukan file spreadsheet (.xlsx) atau CSV" in message


def test_the_upload_name_is_used_in_messages(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "tmpab12cd", b"\x00\x01\x02")

    assert "'Peserta BKD.xlsx'" in refused(path, filename="Peserta BKD.xlsx")


def test_a_truncated_xlsx_is_refused(tmp_path: Path) -> None:
    whole = write_xlsx(tmp_path / "utuh.xlsx", [["NIP", "Nama", "OPD"], [NIP, "B", "C"]])
    data = whole.read_bytes()
    path = write_bytes(tmp_path / "potong.xlsx", data[: len(data) // 2])

    assert "rusak atau terpotong" in refused(path)


def test_an_old_xls_file_is_refused(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "lama.xls", bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 600)

    message = refused(path)

    assert "Excel lama (.xls)" in message and "Simpan Sebagai .xlsx" in message


def test_a_zip_without_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "dokumen.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<document/>")

    assert "bukan workbook Excel" in refused(path)


def _bomb(path: Path, megabytes: int) -> Path:
    # Streamed into the archive so the test never holds the inflated member in memory.
    zeros = b"\0" * (1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            for _ in range(megabytes):
                member.write(zeros)
    return path


def test_a_zip_bomb_of_300_mb_is_refused(tmp_path: Path) -> None:
    path = _bomb(tmp_path / "bom.xlsx", 300)
    assert path.stat().st_size < DEFAULT_MAX_BYTES

    assert "tidak wajar" in refused(path)


def test_a_highly_compressed_member_is_refused(tmp_path: Path) -> None:
    # 50 MB stays under the 200 MB total; the 200:1 ratio catches it.
    assert "tidak wajar" in refused(_bomb(tmp_path / "bom.xlsx", 50))


def test_a_zip_whose_declared_size_lies_is_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "bohong.xlsx", [["NIP", "Nama", "OPD"], [NIP, "B", "C"]])
    data = bytearray(path.read_bytes())
    # Shrink the uncompressed size the central directory declares for the worksheet.
    name = b"xl/worksheets/sheet1.xml"
    entry = data.index(b"PK\x01\x02")
    while data[entry + 46 : entry + 46 + len(name)] != name:
        entry = data.index(b"PK\x01\x02", entry + 4)
    data[entry + 24 : entry + 28] = struct.pack("<I", 10)
    write_bytes(path, bytes(data))

    assert "tidak wajar" in refused(path)


def test_a_cell_far_away_is_refused_before_calamine_allocates_the_sheet(tmp_path: Path) -> None:
    # calamine would try to allocate 16384 x 1048576 cells and abort the whole process.
    wb = openpyxl.Workbook()
    wb.active.append(["NIP", "Nama", "OPD"])
    wb.active["XFD1048576"] = "x"
    wb.save(tmp_path / "jauh.xlsx")

    message = refused(tmp_path / "jauh.xlsx")

    assert "baris 1.048.576 kolom ke-16.384" in message and "Ctrl+End" in message


def test_a_far_row_of_cells_without_references_is_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "tanpa_r.xlsx", [["NIP", "Nama", "OPD"]])
    far_row = b'<row r="1048576"><c t="inlineStr"><is><t>x</t></is></c><c><v>1</v></c></row>'
    rewrite_member(
        path,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b"</sheetData>", far_row + b"</sheetData>"),
    )

    assert "terlalu besar" in refused(path)


def test_broken_xml_inside_a_valid_zip_is_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "xml.xlsx", [["NIP", "Nama", "OPD"], [NIP, "B", "C"]])
    rewrite_member(path, "xl/worksheets/sheet1.xml", lambda xml: xml[: len(xml) // 2])

    assert "rusak" in refused(path)


def test_the_format_is_decided_by_content_not_by_name(tmp_path: Path) -> None:
    xlsx = write_xlsx(tmp_path / "sebenarnya_excel.csv", [["NIP", "Nama", "OPD"], [NIP, "B", "C"]])
    csv_file = write_bytes(tmp_path / "sebenarnya_csv.xlsx", b"NIP;Nama;OPD\n1;B;C\n")

    assert open_table(xlsx, columns=PARTICIPANT).sheet == "Data"
    assert rows_of(open_table(csv_file, columns=PARTICIPANT))[0].values == ("1", "B", "C")


def test_formatting_far_away_is_not_mistaken_for_data(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["NIP", "Nama", "OPD"])
    wb.active.append([NIP, "Budi", "BKD"])
    wb.active["Z1048576"].number_format = "0.00"  # a styled cell without a value
    wb.save(tmp_path / "format.xlsx")

    assert len(rows_of(open_table(tmp_path / "format.xlsx", columns=PARTICIPANT))) == 1


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "besar.csv", b"NIP,Nama,OPD\n" + b"1,a,b\n" * 20_000)

    message = refused(path, max_bytes=100_000)

    assert "terlalu besar" in message and "0,1 MB" in message


# --- CSV -------------------------------------------------------------------------------


def test_a_comma_csv_is_read(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "p.csv", f"NIP,Nama,OPD\r\n{NIP},Budi,BKD\r\n".encode())

    table = open_table(path, columns=PARTICIPANT)

    assert (table.sheet, table.header_row, table.columns) == (
        None,
        1,
        {"nip": 0, "nama": 1, "opd": 2},
    )
    assert rows_of(table) == [Row(2, (NIP, "Budi", "BKD"))]


def test_a_semicolon_csv_with_commas_in_names_is_read(tmp_path: Path) -> None:
    text = (
        "DAFTAR PESERTA;;\n"
        "NIP;Nama;Unit Kerja\n"
        f"{NIP};Dr. Budi, S.Kom., M.T.;Dinas Kesehatan, Bidang P2P\n"
        "199001012020121002;Sari, S.E.;BKD\n"
    )
    path = write_bytes(tmp_path / "p.csv", text.encode())

    table = open_table(path, columns=PARTICIPANT)

    assert table.header_row == 2
    rows = rows_of(table)
    assert rows[0].values == (NIP, "Dr. Budi, S.Kom., M.T.", "Dinas Kesehatan, Bidang P2P")
    assert [r.number for r in rows] == [3, 4]


def test_a_tab_separated_file_is_read(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "p.txt", f"NIP\tNama\tOPD\n{NIP}\tBudi, S.E.\tBKD\n".encode())

    assert rows_of(open_table(path, columns=PARTICIPANT))[0].values == (NIP, "Budi, S.E.", "BKD")


def test_a_utf8_bom_does_not_hide_the_first_header(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "p.csv", "\ufeffNIP;Nama;OPD\n1;Ågnes Ö;BKD\n".encode())

    table = open_table(path, columns=PARTICIPANT)

    assert table.headers["nip"] == "NIP"
    assert rows_of(table)[0].values == ("1", "Ågnes Ö", "BKD")


def test_a_utf16_unicode_text_export_is_read(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "p.txt", "NIP\tNama\tOPD\r\n1\tBudi\tBKD\r\n".encode("utf-16"))

    assert rows_of(open_table(path, columns=PARTICIPANT))[0].values == ("1", "Budi", "BKD")


def test_a_cp1252_csv_from_excel_on_windows_is_read(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "p.csv", "NIP;Nama;OPD\n1;Müller – Dinas;BKD\n".encode("cp1252"))

    assert rows_of(open_table(path, columns=PARTICIPANT))[0].values == (
        "1",
        "Müller – Dinas",
        "BKD",
    )


def test_an_embedded_newline_keeps_row_numbers_at_the_record_start(tmp_path: Path) -> None:
    text = 'NIP,Nama,OPD\n1,"Budi\nSantoso",BKD\n2,Sari,"Dinas\r\nPendidikan\nKota"\n3,Ani,BKD\n'
    path = write_bytes(tmp_path / "p.csv", text.encode())

    rows = rows_of(open_table(path, columns=PARTICIPANT))

    assert [(r.number, r.values[0]) for r in rows] == [(2, "1"), (4, "2"), (7, "3")]
    assert rows[0].values[1] == "Budi\nSantoso"


def test_blank_rows_are_skipped_but_numbering_is_kept(tmp_path: Path) -> None:
    text = "\n\nNIP,Nama,OPD\n1,Budi,BKD\n\n,,\n  ,\u00a0,\n2,Sari,BKD\n3,Ani\n"
    path = write_bytes(tmp_path / "p.csv", text.encode())

    table = open_table(path, columns=PARTICIPANT)

    assert table.header_row == 3
    rows = rows_of(table)
    assert [r.number for r in rows] == [4, 8, 9]
    assert rows[2].values == ("3", "Ani") and rows[2].get(2) is None and rows[2].get(99) is None


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    assert refused(write_bytes(tmp_path / "p.csv", b"")).startswith("File kosong")


@pytest.mark.parametrize("content", [b" \r\n\t\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf \n\n"])
def test_a_whitespace_only_file_is_refused_as_empty(tmp_path: Path, content: bytes) -> None:
    assert refused(write_bytes(tmp_path / "p.csv", content)).startswith("File kosong")


def test_a_40_kb_csv_field_is_refused(tmp_path: Path) -> None:
    text = "NIP,Nama,OPD\n1,Budi,BKD\n2," + "x" * 40_000 + ",BKD\n"
    path = write_bytes(tmp_path / "p.csv", text.encode())

    message = refused(path)

    assert message.startswith("Baris 3: ada sel yang terlalu panjang")


def test_a_40_kb_quoted_field_of_short_lines_is_refused_at_its_first_line(tmp_path: Path) -> None:
    """Each of its lines is short: the reader measures the record, not the line."""
    text = 'NIP,Nama,OPD\n1,Budi,BKD\n2,"' + "xxxxxxxxx\n" * 4_000 + '",BKD\n3,Ani,BKD\n'
    path = write_bytes(tmp_path / "p.csv", text.encode())

    assert refused(path).startswith("Baris 3: ada sel yang terlalu panjang")


def test_a_long_record_of_short_cells_is_read(tmp_path: Path) -> None:
    header = "NIP,Nama,OPD," + ",".join(f"K{n}" for n in range(150))
    row = "1,Budi,BKD," + ",".join(["x" * 250] * 150)  # 37 KB, no cell over 250 characters
    path = write_bytes(tmp_path / "p.csv", f"{header}\n{row}\n".encode())

    table = open_table(path, columns=PARTICIPANT, extra_columns=True)

    assert [len(row.values) for row in table.rows] == [153]


def test_an_unclosed_quote_is_reported_instead_of_a_csv_error(tmp_path: Path) -> None:
    text = 'NIP,Nama,OPD\n1,"Budi,BKD\n' + "2,Sari,BKD\n" * 20_000
    path = write_bytes(tmp_path / "p.csv", text.encode())

    message = refused(path)

    assert message.startswith("Baris 2:") and "tanda kutip" in message


def test_control_characters_in_a_non_utf8_file_are_refused(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "p.csv", b"NIP,Nama\n1,\x81\x02\x03\xff\n")

    assert "bukan file spreadsheet" in refused(path)


def test_a_web_page_saved_as_xls_is_refused(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "export.xls", b"<html><body><table><tr><td>NIP</td></tr></table>")

    assert "halaman web" in refused(path)


def _rewrite_sheet(path, old: bytes, new: bytes) -> None:
    import zipfile as zf

    with zf.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(old, new)
    with zf.ZipFile(path, "w", zf.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def test_a_formula_saved_by_excel_reads_as_its_result(tmp_path):
    from openpyxl import Workbook as _Workbook

    path = tmp_path / "saved.xlsx"
    workbook = _Workbook()
    workbook.active.append(["NIP", "Nama"])
    workbook.active.append(["198609262015051001", "=1+1"])
    workbook.save(path)
    _rewrite_sheet(path, b"<f>1+1</f><v />", b"<f>1+1</f><v>2</v>")
    table = open_table(path, columns=[Column("nip", "NIP"), Column("name", "Nama")])
    assert [row.values for row in table.rows] == [("198609262015051001", 2)]


def test_a_formula_without_a_stored_result_is_marked(tmp_path):
    from openpyxl import Workbook as _Workbook

    from core.spreadsheet import UncomputedFormula

    path = tmp_path / "generated.xlsx"
    workbook = _Workbook()
    workbook.active.append(["NIP", "Nama"])
    workbook.active.append(["198609262015051001", '=CONCAT("A";"B")'])
    workbook.save(path)
    values = next(open_table(path, columns=[Column("nip", "NIP")], extra_columns=True).rows).values
    assert isinstance(values[1], UncomputedFormula)
    assert values[1] == '=CONCAT("A";"B")'


def test_a_formula_tag_with_a_namespace_prefix_is_marked_too(tmp_path):
    from openpyxl import Workbook as _Workbook

    from core.spreadsheet import UncomputedFormula

    path = tmp_path / "prefixed.xlsx"
    workbook = _Workbook()
    workbook.active.append(["NIP", "Nama"])
    workbook.active.append(["198609262015051001", "=1+1"])
    workbook.save(path)
    # As some generators write it: every tag of the sheet under a namespace prefix.
    _rewrite_sheet(path, b"<f>1+1</f><v />", b"<spreadsheet:f>1+1</spreadsheet:f>")
    values = next(open_table(path, columns=[Column("nip", "NIP")], extra_columns=True).rows).values
    assert isinstance(values[1], UncomputedFormula) and values[1] == "=1+1"


@pytest.mark.parametrize("spacing", [b" ", b"\t", b"\n  "])
def test_a_far_cell_is_refused_whatever_the_space_before_its_reference(tmp_path, spacing):
    path = write_xlsx(tmp_path / "spasi.xlsx", [["NIP", "Nama", "OPD"]])
    far = b'<row r="5"><c' + spacing + b"r='XFD1048576' t=\"n\"><v>1</v></c></row>"
    rewrite_member(
        path,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b"</sheetData>", far + b"</sheetData>"),
    )

    assert "baris 1.048.576 kolom ke-16.384" in refused(path)
