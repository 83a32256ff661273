"""Hostile uploads: malformed or malicious files run through every importer's plan function.

Each file is generated once per session (tmp_path_factory) and fed to the participant import,
the instrument reader, the answers, pre-scored and SKP imports. Every call must end either in
a SpreadsheetError with an Indonesian message, or in a plan whose bad rows are issues with
messages; within 10 s and 300 MB, writing nothing to the database.
"""

from __future__ import annotations

import datetime as dt
import resource
import time
import zipfile
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from pathlib import Path

import openpyxl
import pytest

from core.spreadsheet import SpreadsheetError
from participants.importer import build_plan
from participants.models import Participant
from scoring.answers import answers_plan
from scoring.core import Item
from scoring.instrument import read_instrument
from scoring.models import AnswerSheet, Instrument, PrescoredResult, SkpRating
from scoring.prescored import prescored_plan
from scoring.skp import skp_plan
from tests.core.test_spreadsheet import _bomb, rewrite_member, write_xlsx

# A registered NIP of tests/sessions_app/fixtures.py (woman born 1990-01-01, sequence 1).
NIP = "199001012015012001"
ITEMS = [
    Item("M.01-01", "MSK", "M.01", "SJT", {"A": 2, "B": 5, "C": 4, "D": 3, "E": 1}),
    Item("LD.DS-01", "LD", "LD.DS", "MC", "A"),
    Item("ES.AD-01", "ES", "ES.AD", "LIKERT", None, True),
]
LEVELS = ["M.01", "M.02", "M.03", "M.04", "M.05", "M.06", "M.07", "M.08", "SK.01"]
# One header row that every importer recognises: its own columns, the others' are extra.
HEADER = [
    "NIP",
    "Nama",
    "Golongan",
    "Jabatan",
    "Jenis Jabatan",
    "OPD",
    "kode",
    "komponen",
    "skala",
    "tipe",
    "kunci",
    "terbalik",
    "Tahun",
    "Predikat",
    *LEVELS,
    "LD",
    "ES",
    *(item.code for item in ITEMS),
]
GOOD = [
    NIP,
    "Budi Santoso",
    "III/a",
    "Pengadministrasi",
    "Pelaksana",
    "BKD",
    "X-01",
    "MSK",
    "M.01",
    "SJT",
    "A=2;B=5;C=4;D=3;E=1",
    "N",  # not reversed (a lone T means Terbalik)
    2023,
    "Baik",
    *[3] * 9,
    70,
    80,
    "A",
    "B",
    4,
]
MB = 1 << 20
TRACEBACK_WORDS = ("Traceback", "NoneType", "Error:", "Exception", 'File "', "object has no")


def row_with(**changes: object) -> list[object]:
    row = list(GOOD)
    for column, value in changes.items():
        row[HEADER.index(column.replace("_", " "))] = value
    return row


def every_cell(value: object) -> list[object]:
    return [value] * len(HEADER)


def csv_bytes(rows: list[list[object]], encoding: str = "utf-8", sep: str = ",") -> bytes:
    lines = [sep.join("" if v is None else str(v) for v in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def zip_of(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def good_xlsx(path: Path, rows: list[list[object]] | None = None) -> Path:
    return write_xlsx(path, [HEADER, *(rows if rows is not None else [GOOD])])


def replace_in(member: str, old: bytes, new: bytes) -> Callable[[bytes], bytes]:
    def change(data: bytes) -> bytes:
        assert old in data, (member, old)
        return data.replace(old, new, 1)

    return change


# --- the corpus: name -> builder(directory) -> path --------------------------------------


def empty_xlsx(d: Path) -> Path:
    (d / "kosong.xlsx").write_bytes(b"")
    return d / "kosong.xlsx"


def whitespace_csv(d: Path) -> Path:
    (d / "spasi.csv").write_bytes(b"\xef\xbb\xbf \r\n\t\r\n\xc2\xa0\r\n")
    return d / "spasi.csv"


def junk_xlsx(d: Path) -> Path:
    import random

    (d / "data.xlsx").write_bytes(random.Random(7).randbytes(64 * 1024))
    return d / "data.xlsx"


def png_csv(d: Path) -> Path:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    (d / "foto.csv").write_bytes(png + bytes(range(256)) * 8)
    return d / "foto.csv"


def truncated_xlsx(d: Path) -> Path:
    data = good_xlsx(d / "utuh.xlsx").read_bytes()
    (d / "potong.xlsx").write_bytes(data[: len(data) * 2 // 3])
    return d / "potong.xlsx"


def zip_not_workbook(d: Path) -> Path:
    return zip_of(d / "arsip.xlsx", {"readme.txt": b"bukan excel", "data/peserta.csv": b"NIP\n1"})


def ods(d: Path) -> Path:
    path = d / "peserta.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
        archive.writestr("META-INF/manifest.xml", "<manifest/>")
    return path


def zip_bomb(d: Path) -> Path:
    return _bomb(d / "bom.xlsx", 300)


def padded_sheet_bomb(d: Path) -> Path:
    """A real workbook whose sheet XML carries 60 MB of blanks (ratio far above 200:1)."""
    source = good_xlsx(d / "asli.xlsx")
    path = d / "bom_xml.xlsx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename != "xl/worksheets/sheet1.xml":
                dst.writestr(info.filename, data)
                continue
            head, tail = data.split(b"<sheetData>", 1)
            with dst.open(info.filename, "w", force_zip64=True) as member:
                member.write(head + b"<sheetData>")
                for _ in range(60):
                    member.write(b" " * MB)
                member.write(tail)
    return path


def many_members(d: Path) -> Path:
    path = good_xlsx(d / "anggota.xlsx")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_STORED) as archive:
        for number in range(10_050):
            archive.writestr(f"xl/media/p{number}.bin", b"")
    return path


def encrypted_member(d: Path) -> Path:
    path = good_xlsx(d / "sandi.xlsx")
    data = bytearray(path.read_bytes())
    # Set the "encrypted" flag on every local and central header.
    for magic, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = data.find(magic)
        while start != -1:
            data[start + offset] |= 1
            start = data.find(magic, start + 4)
    path.write_bytes(bytes(data))
    return path


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lolololololololololol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>"
)


def billion_laughs_string(d: Path) -> Path:
    path = good_xlsx(d / "tawa.xlsx", [row_with(Nama="@@NAMA@@")])
    # openpyxl writes text cells as inline strings: point the name at the 9th entity.
    change = _laugh_change(b"@@NAMA@@", b"&lol9;")
    return rewrite_member(path, "xl/worksheets/sheet1.xml", change)


def _laugh_change(marker: bytes, reference: bytes) -> Callable[[bytes], bytes]:
    def change(data: bytes) -> bytes:
        assert marker in data
        body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
        return LAUGHS + body.replace(marker, reference)

    return change


def billion_laughs_sheet(d: Path) -> Path:
    path = good_xlsx(d / "tawa_sheet.xlsx", [row_with(Tahun=2023)])
    change = _laugh_change(b"<v>2023</v>", b"<v>&lol9;</v>")
    return rewrite_member(path, "xl/worksheets/sheet1.xml", change)


def xxe_external_entity(d: Path) -> Path:
    path = good_xlsx(d / "xxe.xlsx", [row_with(Nama="@@NAMA@@", OPD="@@OPD@@")])

    def change(data: bytes) -> bytes:
        assert b"@@NAMA@@" in data
        body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
        doctype = (
            b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">'
            b'<!ENTITY % ext SYSTEM "file:///etc/passwd"> %ext;]>'
        )
        return doctype + body.replace(b"@@NAMA@@", b"&xxe;").replace(b"@@OPD@@", b"x&xxe;x")

    return rewrite_member(path, "xl/worksheets/sheet1.xml", change)


def malformed_sheet_xml(d: Path) -> Path:
    path = good_xlsx(d / "rusak_xml.xlsx")
    return rewrite_member(
        path, "xl/worksheets/sheet1.xml", lambda data: data[: len(data) // 2] + b"<c><<<&&&"
    )


def missing_sheet_part(d: Path) -> Path:
    path = good_xlsx(d / "tanpa_sheet.xlsx")
    with zipfile.ZipFile(path) as src:
        parts = {i.filename: src.read(i) for i in src.infolist()}
    del parts["xl/worksheets/sheet1.xml"]
    return zip_of(d / "tanpa_sheet2.xlsx", parts)


def columns_100k_csv(d: Path) -> Path:
    header = HEADER + [f"Kolom{i}" for i in range(100_000)]
    row = GOOD + ["x"] * 100_000
    (d / "lebar.csv").write_bytes(csv_bytes([header, row]))
    return d / "lebar.csv"


def huge_cell_csv(d: Path) -> Path:
    big = row_with(Nama="A" * (10 * MB))
    (d / "sel_besar.csv").write_bytes(csv_bytes([HEADER, GOOD, big]))
    return d / "sel_besar.csv"


def huge_cell_xlsx(d: Path) -> Path:
    return good_xlsx(d / "sel_besar.xlsx", [row_with(Nama="B" * 32_000, kode="K" * 32_000)])


def unclosed_quote_csv(d: Path) -> Path:
    text = csv_bytes([HEADER, GOOD]) + b'199001012015012002,"Budi,BKD\r\n'
    (d / "kutip.csv").write_bytes(text)
    return d / "kutip.csv"


def utf16_csv(d: Path) -> Path:
    rows = [HEADER, row_with(Nama="Ägnes Ñúñez"), row_with(NIP="12345")]
    (d / "unicode.txt").write_bytes(csv_bytes(rows, "utf-16", "\t"))
    return d / "unicode.txt"


def utf16_odd_bytes(d: Path) -> Path:
    (d / "ganjil.csv").write_bytes(csv_bytes([HEADER, GOOD], "utf-16") + b"\x00")
    return d / "ganjil.csv"


def latin1_csv(d: Path) -> Path:
    rows = [HEADER, row_with(Nama="José Müller Ñandú"), row_with(Nama="Françoise Çelik")]
    (d / "latin1.csv").write_bytes(csv_bytes(rows, "latin-1", ";"))
    return d / "latin1.csv"


def nul_bytes_csv(d: Path) -> Path:
    data = csv_bytes([HEADER, GOOD]).replace(b"Budi", b"Bu\x00di")
    (d / "nul.csv").write_bytes(data)
    return d / "nul.csv"


def nul_bytes_late_csv(d: Path) -> Path:
    rows = [HEADER] + [GOOD] * 200 + [row_with(Nama="Bu\x00di")]
    (d / "nul_akhir.csv").write_bytes(csv_bytes(rows))
    return d / "nul_akhir.csv"


def header_only_csv(d: Path) -> Path:
    (d / "judul.csv").write_bytes(csv_bytes([HEADER]))
    return d / "judul.csv"


def header_not_found_xlsx(d: Path) -> Path:
    words = [["lorem", "ipsum", "dolor"], ["sit", "amet", 42], ["NIPP", "Namanya", "OPDD"]]
    return write_xlsx(d / "acak.xlsx", words * 5)


def uncomputed_formulas(d: Path) -> Path:
    """Written by a program, never saved by Excel: formulas with no stored result."""
    formulas = {
        "Nama": '=CONCAT("A";"B")',
        "kode": "=1+1",
        "komponen": "=1+1",
        "Tahun": "=2000+23",
        "Predikat": '="Baik"',
        "LD": "=50+20",
        "M.01": "=1+2",
    }
    everything = row_with(NIP="=1+1", **formulas)
    everything[-3:] = ["=1+1", '="A"', "=2+2"]
    good_nip = row_with(**formulas)
    good_nip[-3:] = ["=1+1", '="A"', "=2+2"]
    return good_xlsx(d / "rumus.xlsx", [everything, good_nip])


INJECTIONS = ("=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A2)", '=HYPERLINK("http://x")')


def formula_injection_csv(d: Path) -> Path:
    rows = [HEADER]
    for payload in INJECTIONS:
        rows.append(every_cell(payload))
        rows.append(row_with(Nama=payload, kode=payload, Predikat=payload))
    text = csv_bytes([[f'"{v}"' if "," in str(v) else v for v in row] for row in rows])
    (d / "injeksi.csv").write_bytes(text)
    return d / "injeksi.csv"


def formula_injection_xlsx(d: Path) -> Path:
    # openpyxl stores a str starting with "=" as a formula; the others stay text.
    rows = [every_cell(p) for p in INJECTIONS[1:4]]
    rows += [row_with(Nama=p, kode=p, Predikat=p) for p in INJECTIONS[1:4]]
    return good_xlsx(d / "injeksi.xlsx", rows)


def ole_xls(d: Path) -> Path:
    data = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504) + b"Workbook" + bytes(4000)
    (d / "lama.xls").write_bytes(data)
    return d / "lama.xls"


def html_as_xlsx(d: Path) -> Path:
    text = "<!DOCTYPE html><html><body><table><tr><td>NIP</td><td>Nama</td></tr></table>"
    (d / "ekspor.xlsx").write_bytes(text.encode())
    return d / "ekspor.xlsx"


def last_row_used(d: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append(GOOD)
    ws["A1048576"] = "x"
    wb.save(d / "baris_akhir.xlsx")
    return d / "baris_akhir.xlsx"


def lying_dimension(d: Path) -> Path:
    """The sheet claims A1:XFD1048576 in <dimension> but holds two rows."""
    path = good_xlsx(d / "dimensi.xlsx")

    def change(data: bytes) -> bytes:
        start = data.index(b"<dimension ref=")
        end = data.index(b"/>", start)
        return data[:start] + b'<dimension ref="A1:XFD1048576"' + data[end:]

    return rewrite_member(path, "xl/worksheets/sheet1.xml", change)


def merged_cells(d: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "DAFTAR PESERTA"
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    ws.append(HEADER)
    ws.append(GOOD)
    ws.append(row_with(NIP="199001012015012002"))
    ws.append(row_with(NIP=None))
    ws.merge_cells("A3:A5")  # one NIP spanning three rows: the lower two are empty
    ws.merge_cells("G3:L3")  # an instrument row merged across its columns
    wb.save(d / "gabung.xlsx")
    return d / "gabung.xlsx"


def hidden_second_sheet(d: Path) -> Path:
    wb = openpyxl.Workbook()
    wb.active.title = "Petunjuk"
    wb.active["A1"] = "Data ada di sheet berikutnya"
    hidden = wb.create_sheet("Data")
    hidden.append(HEADER)
    hidden.append(GOOD)
    hidden.sheet_state = "veryHidden"
    wb.save(d / "tersembunyi.xlsx")
    return d / "tersembunyi.xlsx"


def long_nips_csv(d: Path) -> Path:
    rows = [HEADER, row_with(NIP="1" * 5000), row_with(NIP="9" * 30_000)]
    rows.append(row_with(NIP="１９９００１０１２０１５０１２００１"))  # full-width digits
    rows.append(row_with(NIP="١٩٩٠٠١٠١٢٠١٥٠١٢٠٠١"))  # Arabic-Indic digits
    rows.append(row_with(NIP=NIP + "\u200b"))
    (d / "nip_panjang.csv").write_bytes(csv_bytes(rows))
    return d / "nip_panjang.csv"


def weird_numbers_csv(d: Path) -> Path:
    rows = [HEADER]
    for value in ("-5", "NaN", "Infinity", "-inf", "1e309", "1e-400", "0x1F", "٣", "７0"):
        rows.append(row_with(Tahun=value, LD=value, ES=value, **{"M.01": value, "ES.AD-01": value}))
        rows.append(row_with(NIP=value))
    (d / "angka_aneh.csv").write_bytes(csv_bytes(rows))
    return d / "angka_aneh.csv"


def weird_numbers_xlsx(d: Path) -> Path:
    rows = [
        row_with(Tahun=-2023, LD=-1e308, ES=1e308, NIP=-1, **{"M.01": -3, "ES.AD-01": -4}),
        row_with(Tahun=2023.5, LD=70.5, **{"M.01": 3.000001}),
        row_with(Tahun=777, LD=777),
    ]
    path = good_xlsx(d / "angka_aneh.xlsx", rows)
    # Excel never writes these: NaN and infinity as the stored value.
    change = replace_in("sheet", b"<v>777</v>", b"<v>NaN</v>")

    def both(data: bytes) -> bytes:
        return change(data).replace(b"<v>777</v>", b"<v>INF</v>", 1)

    return rewrite_member(path, "xl/worksheets/sheet1.xml", both)


def dates_for_numbers(d: Path) -> Path:
    when = dt.datetime(2023, 12, 31, 8, 30)
    rows = [
        row_with(
            NIP=dt.date(1990, 1, 1),
            Tahun=dt.date(2023, 1, 1),
            LD=when,
            ES=dt.time(13, 0),
            kunci=when,
            komponen=dt.date(2024, 2, 27),
            **{"M.01": dt.date(2024, 1, 3), "ES.AD-01": dt.time(4), "LD.DS-01": when},
        ),
        row_with(Tahun=True, LD=False, **{"M.02": True}),
    ]
    return good_xlsx(d / "tanggal.xlsx", rows)


def oversized_csv(d: Path) -> Path:
    path = d / "besar.csv"
    with path.open("wb") as f:
        f.write(csv_bytes([HEADER]))
        line = csv_bytes([GOOD])
        for _ in range(21 * MB // len(line) + 1):
            f.write(line)
    return path


def blank_lines_then_header_csv(d: Path) -> Path:
    data = b"\r\n" * 200_000 + b",,,\r\n" * 1000 + csv_bytes([HEADER, GOOD])
    (d / "kosong_atas.csv").write_bytes(data)
    return d / "kosong_atas.csv"


def duplicate_rows_csv(d: Path) -> Path:
    (d / "kembar.csv").write_bytes(csv_bytes([HEADER] + [GOOD] * 3))
    return d / "kembar.csv"


CASES: dict[str, Callable[[Path], Path]] = {
    f.__name__: f
    for f in (
        empty_xlsx,
        whitespace_csv,
        junk_xlsx,
        png_csv,
        truncated_xlsx,
        zip_not_workbook,
        ods,
        zip_bomb,
        padded_sheet_bomb,
        many_members,
        encrypted_member,
        billion_laughs_string,
        billion_laughs_sheet,
        xxe_external_entity,
        malformed_sheet_xml,
        missing_sheet_part,
        columns_100k_csv,
        huge_cell_csv,
        huge_cell_xlsx,
        unclosed_quote_csv,
        utf16_csv,
        utf16_odd_bytes,
        latin1_csv,
        nul_bytes_csv,
        nul_bytes_late_csv,
        header_only_csv,
        header_not_found_xlsx,
        uncomputed_formulas,
        formula_injection_csv,
        formula_injection_xlsx,
        ole_xls,
        html_as_xlsx,
        last_row_used,
        lying_dimension,
        merged_cells,
        hidden_second_sheet,
        long_nips_csv,
        weird_numbers_csv,
        weird_numbers_xlsx,
        dates_for_numbers,
        oversized_csv,
        blank_lines_then_header_csv,
        duplicate_rows_csv,
    )
}

IMPORTERS: dict[str, Callable[[object, Path, str], object]] = {
    "peserta": lambda event, path, name: build_plan(path, name),
    "instrumen": lambda event, path, name: read_instrument(path, filename=name),
    "jawaban": lambda event, path, name: answers_plan(event, ITEMS, path, filename=name),
    "skor_jadi": lambda event, path, name: prescored_plan(event, path, name),
    "skp": lambda event, path, name: skp_plan(path, name),
}

# Known bugs, one (case, importer) each: xfail(strict) until the product code is fixed.
BUGS: dict[tuple[str, str], str] = {}


def _params() -> list:
    params = []
    for case in CASES:
        for importer in IMPORTERS:
            reason = BUGS.get((case, importer))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            params.append(pytest.param(case, importer, marks=marks, id=f"{case}-{importer}"))
    return params


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Callable[[str], Path]:
    """Each hostile file built once, on first use."""
    built: dict[str, Path] = {}

    def get(case: str) -> Path:
        if case not in built:
            built[case] = CASES[case](tmp_path_factory.mktemp(case))
        return built[case]

    return get


def counts() -> dict[str, int]:
    models = (Participant, AnswerSheet, PrescoredResult, SkpRating, Instrument)
    return {model.__name__: model.objects.count() for model in models}


def assert_indonesian(message: object) -> None:
    assert isinstance(message, str) and message.strip(), message
    for word in TRACEBACK_WORDS:
        assert word not in message, message
    assert "root:" not in message  # nothing of /etc/passwd leaks


def strings_in(value: object) -> list[str]:
    """Every str held by a plan, walking dataclasses, tuples, lists and dicts."""
    if isinstance(value, str):
        return [value]
    if is_dataclass(value) and not isinstance(value, type):
        return [s for f in fields(value) for s in strings_in(getattr(value, f.name))]
    if isinstance(value, dict):
        return [s for pair in value.items() for part in pair for s in strings_in(part)]
    if isinstance(value, list | tuple | set):
        return [s for part in value for s in strings_in(part)]
    return []


def max_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KB on Linux


@pytest.mark.parametrize(("case", "importer"), _params())
def test_a_hostile_file_is_refused_or_reported(corpus, event, registered, case, importer) -> None:
    path = corpus(case)
    before = counts()
    rss_before = max_rss_bytes()
    started = time.perf_counter()
    try:
        plan = IMPORTERS[importer](event, path, path.name)
    except SpreadsheetError as error:
        plan, message = None, error.message
    elapsed = time.perf_counter() - started

    assert elapsed < 10, f"{case} took {elapsed:.1f} s"
    assert max_rss_bytes() - rss_before < 300 * MB
    assert counts() == before
    if plan is None:
        assert_indonesian(message)
        return
    issues = plan.issues
    for issue in issues:
        assert_indonesian(issue.message)
        assert isinstance(issue.row, int) and issue.row > 0
    assert all("root:" not in text for text in strings_in(plan))
    CHECKS.get(case, lambda plan, importer: None)(plan, importer)


# --- what some plans must show, beyond "no crash" ---------------------------------------


def _injections_kept_as_text(plan, importer) -> None:
    texts = set(strings_in(plan))
    assert texts & set(INJECTIONS), texts
    assert plan.issues


def _formulas_reported(plan, importer) -> None:
    assert {issue.row for issue in plan.issues} == {2, 3}
    if importer in ("peserta", "instrumen", "skor_jadi"):
        assert any("rumus Excel" in issue.message for issue in plan.issues)


def _every_row_rejected(plan, importer) -> None:
    rows = {issue.row for issue in plan.issues}
    assert rows, "a bad row was accepted silently"


CHECKS: dict[str, Callable[[object, str], None]] = {
    "formula_injection_csv": _injections_kept_as_text,
    "uncomputed_formulas": _formulas_reported,
    "long_nips_csv": _every_row_rejected,
    "weird_numbers_csv": _every_row_rejected,
    "weird_numbers_xlsx": _every_row_rejected,
    "dates_for_numbers": _every_row_rejected,
}


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 30
