"""Tests for sessions_app.documents (attendance PDF, schedule and OPD workbooks) and the
cards' QR codes (sessions_app.card_pdf).

The module imports no Django; run
`pytest tests/sessions_app/test_documents.py -p no:django --noconftest`.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from sessions_app.card_pdf import qr_svg
from sessions_app.documents import (
    ARRIVAL_NOTE,
    SCHEDULE_HEADER,
    ScheduleRow,
    SeatRow,
    SessionSheet,
    attendance_document,
    attendance_pdf,
    display_nip,
    indonesian_date,
    opd_letters_workbook,
    pdf_text,
    schedule_workbook,
    sheet_titles,
    time_range,
)

NIP = "198609262015051001"
LONG_OPD = "Badan Pengelolaan Keuangan dan Aset Daerah Provinsi Kalimantan Utara"


def seat_row(number: int, **changes: str) -> SeatRow:
    values = {
        "seat": f"PC-{number:02d}",
        "room": "Lab Komputer 1",
        "nip": NIP,
        "name": f"Peserta Nomor {number}",
        "opd": "Dinas Kesehatan",
        "upt": "",
        "position": "Analis Kebijakan",
    }
    return SeatRow(**(values | changes))


def session_sheet(rows: list[SeatRow]) -> SessionSheet:
    return SessionSheet(
        event_name="Penilaian Potensi dan Kompetensi Tahap III 2024",
        venue="Laboratorium SMK Negeri 1 Tanjung Selor",
        session_label="Sesi 1",
        day=dt.date(2024, 2, 27),
        start=dt.time(7, 30),
        end=dt.time(12, 0),
        rows=rows,
    )


def uncompressed(sheet: SessionSheet) -> bytes:
    """The PDF with plain content streams, so tests can read the text drawn."""
    document = attendance_document(sheet)
    document.set_compression(False)
    return bytes(document.output())


def schedule_row(**changes: object) -> ScheduleRow:
    values: dict[str, object] = {
        "nip": NIP,
        "name": "Ahmad Fauzi",
        "opd": "Dinas Kesehatan",
        "upt": "",
        "day": dt.date(2024, 2, 27),
        "session": "Sesi 1",
        "start": dt.time(7, 30),
        "end": dt.time(12, 0),
        "room": "Lab Komputer 1",
        "seat": "PC-01",
        "unavailable": (),
    }
    return ScheduleRow(**(values | changes))  # type: ignore[arg-type]


UNPLACED = {"day": None, "session": "", "start": None, "end": None, "room": "", "seat": ""}


# --- Dates, times, NIPs ----------------------------------------------------------------------


def test_indonesian_date_names_the_day_and_month_in_indonesian() -> None:
    assert indonesian_date(dt.date(2024, 2, 27)) == "Selasa, 27 Februari 2024"
    assert indonesian_date(dt.date(2023, 12, 31)) == "Minggu, 31 Desember 2023"
    assert indonesian_date(dt.date(2024, 3, 1)) == "Jumat, 1 Maret 2024"


def test_time_range_writes_times_with_a_dot_in_wita() -> None:
    assert time_range(dt.time(7, 30), dt.time(12, 0)) == "07.30\u201312.00 WITA"


def test_display_nip_groups_a_pns_nip_and_leaves_other_text_alone() -> None:
    assert display_nip(NIP) == "19860926 201505 1 001"
    assert display_nip("19860926201505100X") == "19860926201505100X"
    assert display_nip("") == ""


def test_pdf_text_replaces_what_latin1_cannot_hold_and_keeps_the_rest() -> None:
    assert pdf_text("\u201cSiti\u201d \u2013 O\u2019Neil\u2026") == '"Siti" - O\'Neil...'
    assert pdf_text("Fran\u00e7ois \u00c7elik") == "Fran\u00e7ois \u00c7elik"
    assert pdf_text("\u015eahin \u4e2d") == "Sahin ?"


# --- Attendance PDF --------------------------------------------------------------------------


def test_attendance_pdf_is_a_pdf() -> None:
    content = attendance_pdf(session_sheet([seat_row(1)]))

    assert content.startswith(b"%PDF-")
    assert content.rstrip().endswith(b"%%EOF")


def test_an_attendance_list_of_66_rows_takes_three_pages() -> None:
    sheet = session_sheet([seat_row(number) for number in range(1, 67)])

    assert attendance_document(sheet).pages_count == 3
    content = attendance_pdf(sheet)
    assert len(re.findall(rb"/Type /Page\b", content)) == 3  # \b: not the /Pages tree
    assert re.search(rb"/Count 3\b", content)


def test_every_page_repeats_the_table_header_and_numbers_its_pages() -> None:
    content = uncompressed(session_sheet([seat_row(number) for number in range(1, 67)]))

    assert content.count(b"(Tanda Tangan)") == 3
    assert content.count(b"(DAFTAR HADIR PESERTA)") == 1
    for page in (1, 2, 3):  # fpdf2 draws the page total "{nb}" as a text run of its own
        assert re.search(rf"\(Halaman {page} dari \) Tj \(3\) Tj".encode(), content)


def test_the_list_shows_the_session_the_grouped_nip_and_the_supervisor_block() -> None:
    content = uncompressed(session_sheet([seat_row(1), seat_row(2)]))

    assert b"(Sesi 1, Selasa, 27 Februari 2024, pukul 07.30-12.00 WITA)" in content
    assert b"(19860926 201505 1 001)" in content
    assert b"(Tanjung Selor, 27 Februari 2024)" in content
    assert b"(Pengawas,)" in content
    assert b"(1.)" in content and b"(2.)" in content


def test_names_with_dashes_curly_quotes_and_cedillas_do_not_crash() -> None:
    rows = [
        seat_row(1, name="Fran\u00e7ois \u201c\u00c7elik\u201d \u2013 \u015eahin"),
        seat_row(2, opd="Dinas \u2018Pendidikan\u2019 \u2014 Kebudayaan", upt="UPT \u2026"),
    ]
    sheet = SessionSheet(
        event_name="Penilaian \u2013 Tahap III",
        venue="Lab \u201cUtama\u201d",
        session_label="Sesi 1",
        day=dt.date(2024, 2, 27),
        start=dt.time(7, 30),
        end=dt.time(12, 0),
        rows=rows,
    )

    content = uncompressed(sheet)

    assert '(Fran\u00e7ois "\u00c7elik" - Sahin)'.encode("latin-1") in content


def test_a_long_name_is_cut_with_an_ellipsis_instead_of_overflowing() -> None:
    name = "Dr. Hj. Siti Nurhaliza Binti Abdul Rahman Wijayakusuma Putri, S.Kep., Ns., M.Kes."
    content = uncompressed(session_sheet([seat_row(1, name=name, opd=LONG_OPD)]))

    assert name.encode() not in content
    assert re.search(rb"\(Dr\. Hj\. Siti Nurhaliza [^)]*\.\.\.\)", content)
    assert re.search(rb"\(Badan Pengelolaan Keuangan [^)]*\.\.\.\)", content)


def test_an_empty_session_still_gives_a_one_page_list() -> None:
    sheet = session_sheet([])

    assert attendance_document(sheet).pages_count == 1
    assert attendance_pdf(sheet).startswith(b"%PDF")


# --- Schedule workbook -----------------------------------------------------------------------


def read_schedule(rows: list[ScheduleRow], tmp_path: Path):
    path = tmp_path / "jadwal.xlsx"
    schedule_workbook(rows, path)
    return openpyxl.load_workbook(path)


def test_the_schedule_has_one_sheet_jadwal_with_the_exact_header(tmp_path: Path) -> None:
    workbook = read_schedule([schedule_row()], tmp_path)

    assert workbook.sheetnames == ["Jadwal"]
    sheet = workbook["Jadwal"]
    assert [cell.value for cell in sheet[1]] == list(SCHEDULE_HEADER)
    assert list(SCHEDULE_HEADER) == [
        "NIP", "Nama", "OPD", "UPT", "Tanggal", "Sesi", "Mulai", "Selesai", "Ruang", "Kursi",
        "Tidak Bisa",
    ]  # fmt: skip
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:K2"


def test_a_placed_row_has_a_text_nip_a_real_date_and_real_times(tmp_path: Path) -> None:
    unavailable = (dt.date(2024, 2, 27), dt.date(2024, 2, 28))
    sheet = read_schedule([schedule_row(unavailable=unavailable)], tmp_path)["Jadwal"]
    nip, name, opd, upt, day, session, start, end, room, seat, unable = sheet[2]

    assert (nip.value, nip.data_type) == (NIP, "s")
    assert isinstance(day.value, dt.datetime) and day.value.date() == dt.date(2024, 2, 27)
    assert day.number_format == "DD/MM/YYYY"
    assert (start.value, start.number_format) == (dt.time(7, 30), "HH:MM")
    assert (end.value, end.number_format) == (dt.time(12, 0), "HH:MM")
    assert [session.value, room.value, seat.value] == ["Sesi 1", "Lab Komputer 1", "PC-01"]
    assert upt.value is None
    assert (unable.value, unable.data_type) == ("27/02/2024; 28/02/2024", "s")


def test_a_name_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    formula = '=HYPERLINK("http://contoh.invalid","klik")'
    sheet = read_schedule([schedule_row(name=formula, opd="+62 811", upt="-UPT")], tmp_path)[
        "Jadwal"
    ]

    for cell in sheet[2][1:4]:
        assert cell.data_type == "s"
    assert sheet["B2"].value == formula


def test_an_unplaced_row_leaves_the_placement_cells_empty(tmp_path: Path) -> None:
    sheet = read_schedule([schedule_row(**UNPLACED)], tmp_path)["Jadwal"]

    assert [cell.value for cell in sheet[2]][4:] == [None] * 7
    assert sheet["A2"].value == NIP


def test_the_schedule_can_be_written_to_a_file_object() -> None:
    buffer = io.BytesIO()
    schedule_workbook(iter([schedule_row(), schedule_row(**UNPLACED)]), buffer)

    sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))["Jadwal"]
    assert sheet.max_row == 3


def test_the_schedule_streams_rows_in_flat_memory(tmp_path: Path) -> None:
    def rows(count: int) -> Iterator[ScheduleRow]:
        for index in range(count):
            yield schedule_row(nip=str(int(NIP) + index), name=f"Peserta {index}")

    def peak(count: int) -> int:
        tracemalloc.start()
        try:
            schedule_workbook(rows(count), tmp_path / f"{count}.xlsx")
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small, large = peak(300), peak(1500)

    assert large < small * 1.5  # five times the rows, about the same memory
    assert openpyxl.load_workbook(tmp_path / "1500.xlsx")["Jadwal"].max_row == 1501


# --- OPD letters -----------------------------------------------------------------------------


def test_sheet_titles_are_short_clean_and_unique() -> None:
    titles = sheet_titles(
        [LONG_OPD, LONG_OPD + " B", "Dinas [PU]: Jalan/Jembatan?", "dinas pujalanjembatan"]
    )

    assert titles[0] == LONG_OPD[:31].rstrip()
    assert titles[1] == LONG_OPD[:27].rstrip() + " (2)"
    assert titles[2] == "Dinas PU JalanJembatan"
    assert len({title.casefold() for title in titles}) == 4
    assert all(len(title) <= 31 for title in titles)


def test_opd_letters_get_one_unique_sheet_per_opd(tmp_path: Path) -> None:
    path = tmp_path / "surat.xlsx"
    rows_by_opd = {LONG_OPD: [schedule_row()], LONG_OPD + " Bagian Dua": [schedule_row()]}

    opd_letters_workbook("Tahap III 2024", "Lab SMKN 1", rows_by_opd, path)

    names = openpyxl.load_workbook(path).sheetnames
    assert len(names) == 2 and len(set(names)) == 2
    assert all(len(name) <= 31 for name in names)


def test_an_opd_letter_has_a_heading_a_table_and_the_arrival_note(tmp_path: Path) -> None:
    path = tmp_path / "surat.xlsx"
    rows = [schedule_row(name="=1+1", upt="UPT Puskesmas"), schedule_row(**UNPLACED)]

    opd_letters_workbook("Tahap III 2024", "Lab SMKN 1", {"Dinas Kesehatan": rows}, path)

    sheet = openpyxl.load_workbook(path)["Dinas Kesehatan"]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "JADWAL PESERTA PENILAIAN POTENSI DAN KOMPETENSI"
    assert sheet["A1"].font.bold
    assert [row[0] for row in values[1:5]] == [
        "Tahap III 2024",
        "Lab SMKN 1",
        "Kepada Yth. Kepala Dinas Kesehatan",
        None,
    ]
    assert values[5] == ["No", "NIP", "Nama", "UPT", "Tanggal", "Sesi", "Waktu", "Ruang", "Kursi"]
    assert values[6] == [
        1, NIP, "=1+1", "UPT Puskesmas", "Selasa, 27 Februari 2024", "Sesi 1",
        "07.30\u201312.00 WITA", "Lab Komputer 1", "PC-01",
    ]  # fmt: skip
    assert sheet["B7"].data_type == "s" and sheet["C7"].data_type == "s"
    assert values[7][4] == "Belum dijadwalkan"
    assert values[-1][0] == ARRIVAL_NOTE


def test_opd_letters_without_any_opd_still_make_a_workbook(tmp_path: Path) -> None:
    opd_letters_workbook("Tahap III 2024", "Lab SMKN 1", {}, tmp_path / "kosong.xlsx")

    assert openpyxl.load_workbook(tmp_path / "kosong.xlsx").sheetnames == ["Jadwal"]


# --- QR codes --------------------------------------------------------------------------------


def test_qr_svg_is_inline_svg_with_the_qr_class_and_path_data() -> None:
    svg = qr_svg("CACT-2024-000123")

    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "<?xml" not in svg
    assert 'class="qr"' in svg
    assert re.search(r'<path [^>]*d="M[^"]+"', svg)


def test_qr_svg_is_sized_by_its_viewbox_with_the_quiet_zone_inside() -> None:
    assert qr_svg("CACT-1") != qr_svg("CACT-2")
    # A full 21-module QR code (never Micro QR) plus 4 modules of quiet zone on each side,
    # and no fixed width or height for CSS to crop.
    svg = qr_svg("1")
    assert 'viewBox="0 0 29 29"' in svg
    assert not re.search(r"<svg [^>]*\b(width|height)=", svg)
    assert 'shape-rendering="crispEdges"' in svg


@pytest.mark.parametrize("text", ["", "https://cact.kaltaraprov.go.id/cek/ABC?x=1&y=<2>"])
def test_qr_svg_accepts_empty_and_url_text(text: str) -> None:
    assert qr_svg(text).startswith("<svg")
