"""Tests for scoring.instrument, the reader of an instrument workbook (sheet Items).

Files are built for real in tmp_path. The module imports no Django; run
`pytest tests/scoring/test_instrument.py -p no:django --noconftest`.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from core.spreadsheet import SpreadsheetError
from scoring.instrument import (
    COMPONENT_SCALES,
    InstrumentPlan,
    ItemIssue,
    ParsedItem,
    read_instrument,
)

HEADER = ["kode", "komponen", "skala", "tipe", "kunci", "terbalik"]
SJT_KEY = "A=5;B=3;C=1;D=2;E=4"
SJT_SCORES = {"A": 5, "B": 3, "C": 1, "D": 2, "E": 4}


def full_instrument() -> list[list[object]]:
    """104 items: 9 competencies x 6 SJT, 4 pillars x 5 MC, 6 scales x 5 LIKERT."""
    rows: list[list[object]] = []
    for scale in COMPONENT_SCALES["MSK"]:
        rows += [[f"{scale}-{n}", "MSK", scale, "SJT", SJT_KEY, None] for n in range(1, 7)]
    for scale in COMPONENT_SCALES["LD"]:
        rows += [[f"{scale}-{n}", "LD", scale, "MC", "ABCDE"[n - 1], None] for n in range(1, 6)]
    for scale in COMPONENT_SCALES["ES"]:
        # Items 2 and 4 of every scale are reverse keyed; "N", "Tidak" and blank mean not.
        marks = [None, "Y", "N", "Ya", "Tidak"]
        rows += [[f"{scale}-{n}", "ES", scale, "LIKERT", None, marks[n - 1]] for n in range(1, 6)]
    return rows


def write_xlsx(
    path: Path, rows: list[list[object]], *, title: str | None = None, before: str | None = None
) -> Path:
    """An Items sheet with the header (below a title and a blank row when given); `before`
    names an extra sheet placed first, holding only a line of text."""
    wb = openpyxl.Workbook()
    ws = wb.active
    if before:
        ws.title = before
        ws["A1"] = "Petunjuk pengisian: isi sheet Items."
        ws = wb.create_sheet("Items")
    else:
        ws.title = "Items"
    if title:
        ws.append([title])
        ws.append([])
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def read_rows(tmp_path: Path, rows: list[list[object]], **kwargs: object) -> InstrumentPlan:
    return read_instrument(write_xlsx(tmp_path / "instrumen.xlsx", rows), **kwargs)  # type: ignore[arg-type]


def only_issue(plan: InstrumentPlan) -> ItemIssue:
    assert len(plan.issues) == 1, plan.issues
    return plan.issues[0]


def sjt(code: str = "M.01-1", key: object = SJT_KEY, **changes: object) -> list[object]:
    row = {"kode": code, "komponen": "MSK", "skala": "M.01", "tipe": "SJT", "kunci": key}
    row.update(changes)
    return [row.get(column) for column in HEADER]


def mc(key: object = "B", **changes: object) -> list[object]:
    row = {"kode": "LD-1", "komponen": "LD", "skala": "LD.DS", "tipe": "MC", "kunci": key}
    row.update(changes)
    return [row.get(column) for column in HEADER]


def likert(reverse: object = None, **changes: object) -> list[object]:
    row = {"kode": "ES-1", "komponen": "ES", "skala": "ES.AD", "tipe": "LIKERT"}
    row.update(changes, terbalik=reverse)
    return [row.get(column) for column in HEADER]


# --- a valid instrument -----------------------------------------------------------------


def test_it_reads_a_full_instrument_of_104_items(tmp_path):
    plan = read_rows(tmp_path, full_instrument())

    assert plan.issues == []
    assert len(plan.items) == 104
    assert plan.counts() == {"MSK": 54, "LD": 20, "ES": 30}
    assert plan.sheet == "Items"
    assert plan.items[0] == ParsedItem("M.01-1", "MSK", "M.01", "SJT", SJT_SCORES, False)
    assert plan.items[55] == ParsedItem("LD.DS-2", "LD", "LD.DS", "MC", "B", False)
    es = [item for item in plan.items if item.component == "ES"]
    assert [item.reverse for item in es[:5]] == [False, True, False, True, False]
    assert all(item.key is None for item in es)


def test_it_finds_the_header_below_a_title_and_numbers_rows_as_excel_does(tmp_path):
    path = write_xlsx(tmp_path / "i.xlsx", [sjt(), sjt("M.01-2", "")], title="INSTRUMEN CACT")

    plan = read_instrument(path)

    assert plan.header_row == 3
    assert len(plan.items) == 1
    assert only_issue(plan).row == 5


def test_it_reads_the_items_sheet_after_an_instructions_sheet(tmp_path):
    path = write_xlsx(tmp_path / "i.xlsx", [sjt()], before="Petunjuk")

    plan = read_instrument(path)

    assert plan.sheet == "Items"
    assert [item.code for item in plan.items] == ["M.01-1"]


def test_it_reads_a_semicolon_csv_as_excel_saves_it(tmp_path):
    path = tmp_path / "instrumen.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        # Excel quotes the key, whose semicolons are also the delimiter.
        writer = csv.writer(f, delimiter=";")
        writer.writerows([HEADER, sjt(), likert("Y")])

    plan = read_instrument(path)

    assert plan.issues == []
    assert plan.sheet is None
    assert plan.items[1] == ParsedItem("ES-1", "ES", "ES.AD", "LIKERT", None, True)


def test_it_accepts_lowercase_components_scales_and_types(tmp_path):
    plan = read_rows(tmp_path, [sjt(komponen="msk", skala="m.01", tipe="sjt")])

    assert plan.items[0].component == "MSK"
    assert plan.items[0].scale == "M.01"
    assert plan.items[0].kind == "SJT"


def test_it_keeps_codes_as_written_without_surrounding_spaces(tmp_path):
    plan = read_rows(tmp_path, [sjt("  Msk.Int 01  ")])

    assert plan.items[0].code == "Msk.Int 01"


def test_an_empty_instrument_is_an_empty_plan_without_issues(tmp_path):
    plan = read_rows(tmp_path, [])

    assert plan.items == [] and plan.issues == []
    assert plan.counts() == {"MSK": 0, "LD": 0, "ES": 0}


def test_a_file_without_the_item_columns_is_refused_as_a_whole(tmp_path):
    path = tmp_path / "salah.csv"
    path.write_text("NIP,Nama\n198609262015051001,Budi\n", encoding="utf-8")

    with pytest.raises(SpreadsheetError, match="Kolom wajib tidak ditemukan"):
        read_instrument(path, filename="salah.csv")


def test_the_es_scales_can_be_configured(tmp_path):
    rows = [likert(kode="ES-1", skala="ES.XY"), likert(kode="ES-2", skala="ES.AD")]

    plan = read_rows(tmp_path, rows, es_scales=("ES.XY",))

    assert [item.scale for item in plan.items] == ["ES.XY"]
    assert only_issue(plan).row == 3 and only_issue(plan).column == "skala"


# --- SJT keys -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key",
    [
        "a=5;b=3;c=1;d=2;e=4",
        "A = 5 ; B = 3 ; C = 1 ; D = 2 ; E = 4 ;",
        "A:5, B:3, C:1, D:2, E:4",
        "E=4;D=2;C=1;B=3;A=5",
    ],
)
def test_it_accepts_sjt_keys_written_in_common_ways(tmp_path, key):
    plan = read_rows(tmp_path, [sjt(key=key)])

    assert plan.items[0].key == SJT_SCORES


def test_it_allows_two_options_with_the_same_score(tmp_path):
    plan = read_rows(tmp_path, [sjt(key="A=5;B=5;C=1;D=1;E=3")])

    assert plan.items[0].key == {"A": 5, "B": 5, "C": 1, "D": 1, "E": 3}


@pytest.mark.parametrize(
    ("key", "message"),
    [
        (None, "wajib diisi"),
        ("A=5;B=3;C=1;D=2", "opsi E belum diisi"),
        ("A=5;A=4;B=3;C=1;D=2;E=4", "Opsi A ditulis lebih dari sekali"),
        ("A=5;B=3;C=1;D=2;E=4;F=1", "Opsi F tidak ada"),
        ("A=6;B=3;C=1;D=2;E=4", "harus bilangan bulat 1-5, bukan 6"),
        ("A=0;B=3;C=1;D=2;E=4", "bukan 0"),
        ("A=4.5;B=3;C=1;D=2;E=4", "bukan 4.5"),
        ("A=\u00b2;B=3;C=1;D=2;E=4", "bukan \u00b2"),
        ("A5 B3 C1 D2 E4", "tidak terbaca"),
        ("B", "tidak terbaca"),
    ],
)
def test_it_rejects_a_bad_sjt_key(tmp_path, key, message):
    plan = read_rows(tmp_path, [sjt(), sjt("M.01-2", key)])

    issue = only_issue(plan)
    assert (issue.row, issue.column) == (3, "kunci")
    assert issue.value == (key or "")
    assert message in issue.message
    assert [item.code for item in plan.items] == ["M.01-1"]


# --- MC and LIKERT keys ------------------------------------------------------------------


def test_it_accepts_a_lowercase_mc_key(tmp_path):
    assert read_rows(tmp_path, [mc(" d ")]).items[0].key == "D"


@pytest.mark.parametrize("key", [None, "F", "AB", "A=1", 1])
def test_it_rejects_an_mc_key_that_is_not_one_letter_a_to_e(tmp_path, key):
    issue = only_issue(read_rows(tmp_path, [mc(key)]))

    assert (issue.row, issue.column) == (2, "kunci")
    assert "satu huruf A-E" in issue.message


def test_it_rejects_a_likert_item_with_a_key(tmp_path):
    issue = only_issue(read_rows(tmp_path, [likert(kunci="A")]))

    assert (issue.row, issue.column, issue.value) == (2, "kunci", "A")
    assert "kosongkan kolom kunci" in issue.message


def test_it_rejects_a_formula_without_a_stored_result(tmp_path):
    issue = only_issue(read_rows(tmp_path, [mc("=CHAR(65)")]))

    assert (issue.row, issue.column) == (2, "kunci")
    assert "rumus Excel" in issue.message


# --- terbalik -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mark", "reverse"),
    [
        ("Y", True), ("ya", True), ("YA", True), (" y ", True), ("1", True), (1, True),
        (1.0, True), ("TRUE", True), ("true", True), (True, True), ("BENAR", True),
        # A lone T is Terbalik (true): "Tidak" is written out, or N.
        ("T", True), ("t", True), ("Terbalik", True),
        ("N", False), ("n", False), ("tidak", False), ("Tidak", False), ("0", False),
        (0, False), ("FALSE", False), (False, False), ("salah", False), (None, False), ("", False),
    ],
)  # fmt: skip
def test_it_reads_the_reverse_mark_of_a_likert_item(tmp_path, mark, reverse):
    assert read_rows(tmp_path, [likert(mark)]).items[0].reverse is reverse


@pytest.mark.parametrize(("mark", "reverse"), [("T", True), ("1", True), ("N", False), ("", False)])
def test_it_reads_the_reverse_mark_from_a_csv(tmp_path, mark, reverse):
    path = tmp_path / "items.csv"
    path.write_text(f"kode;komponen;skala;tipe;kunci;terbalik\nES1;ES;ES.AD;LIKERT;;{mark}\n")
    (item,) = read_instrument(path).items
    assert item.reverse is reverse


@pytest.mark.parametrize("mark", ["X", "2", "ya tidak"])
def test_it_rejects_an_unknown_reverse_mark(tmp_path, mark):
    issue = only_issue(read_rows(tmp_path, [likert(mark)]))

    assert (issue.row, issue.column, issue.value) == (2, "terbalik", mark)
    assert "isi Y, Ya, T, 1 atau TRUE bila terbalik" in issue.message


@pytest.mark.parametrize(
    "row", [sjt(terbalik="Y"), mc(terbalik="ya"), sjt(terbalik="T"), mc(terbalik=True)]
)
def test_it_rejects_a_reverse_mark_on_an_item_that_is_not_likert(tmp_path, row):
    issue = only_issue(read_rows(tmp_path, [row]))

    assert (issue.row, issue.column) == (2, "terbalik")
    assert "Hanya butir LIKERT" in issue.message


@pytest.mark.parametrize("mark", ["N", "Tidak", "0", False])
def test_it_accepts_not_reversed_on_an_item_that_is_not_likert(tmp_path, mark):
    assert read_rows(tmp_path, [sjt(terbalik=mark)]).items[0].reverse is False


# --- components, scales and types ---------------------------------------------------------


def test_it_rejects_an_unknown_component(tmp_path):
    issue = only_issue(read_rows(tmp_path, [sjt(komponen="PSI")]))

    assert (issue.row, issue.column, issue.value) == (2, "komponen", "PSI")
    assert "tidak dikenal" in issue.message


def test_it_rejects_a_scale_of_another_component(tmp_path):
    issue = only_issue(read_rows(tmp_path, [sjt(skala="LD.DS")]))

    assert (issue.row, issue.column, issue.value) == (2, "skala", "LD.DS")
    assert issue.message == "Skala LD.DS milik komponen LD, bukan MSK."


@pytest.mark.parametrize("scale", ["M.09", None])
def test_it_rejects_an_unknown_or_missing_scale(tmp_path, scale):
    issue = only_issue(read_rows(tmp_path, [sjt(skala=scale)]))

    assert (issue.row, issue.column) == (2, "skala")
    assert "M.01, M.02" in issue.message


def test_it_rejects_a_type_that_does_not_match_the_component(tmp_path):
    issue = only_issue(read_rows(tmp_path, [mc(tipe="LIKERT", kunci="B")]))

    assert (issue.row, issue.column, issue.value) == (2, "tipe", "LIKERT")
    assert issue.message == "Butir LD harus bertipe MC, bukan LIKERT."


def test_it_rejects_an_unknown_type(tmp_path):
    issue = only_issue(read_rows(tmp_path, [sjt(tipe="Esai")]))

    assert (issue.row, issue.column, issue.value) == (2, "tipe", "Esai")
    assert "tidak dikenal" in issue.message


def test_it_reports_every_problem_of_one_row(tmp_path):
    plan = read_rows(tmp_path, [sjt(kode=None, skala="ES.AD", kunci="A=5", terbalik="Y")])

    assert [(i.row, i.column) for i in plan.issues] == [
        (2, "kode"),
        (2, "skala"),
        (2, "kunci"),
        (2, "terbalik"),
    ]
    assert plan.items == []


# --- item codes -----------------------------------------------------------------------------


def test_it_rejects_an_empty_code(tmp_path):
    issue = only_issue(read_rows(tmp_path, [sjt(None)]))

    assert (issue.row, issue.column, issue.value) == (2, "kode", "")
    assert issue.message == "Kode butir wajib diisi."


def test_it_rejects_a_code_that_excel_turned_into_a_date(tmp_path):
    issue = only_issue(read_rows(tmp_path, [sjt(dt.date(2024, 1, 2))]))

    assert (issue.row, issue.column, issue.value) == (2, "kode", "02/01/2024")
    assert "tanggal" in issue.message


def test_it_rejects_every_row_of_a_repeated_code_naming_the_others(tmp_path):
    rows = [sjt("M.01-1"), sjt("M.01-2"), sjt("m.01-1"), mc(kode="M.01-1")]

    plan = read_rows(tmp_path, rows)

    assert [item.code for item in plan.items] == ["M.01-2"]
    assert [(i.row, i.column, i.value) for i in plan.issues] == [
        (2, "kode", "M.01-1"),
        (4, "kode", "m.01-1"),
        (5, "kode", "M.01-1"),
    ]
    assert "juga ada di baris 4, 5;" in plan.issues[0].message
    assert "juga ada di baris 2, 4;" in plan.issues[2].message


def test_a_repeated_code_counts_even_on_a_row_rejected_for_another_reason(tmp_path):
    plan = read_rows(tmp_path, [sjt("M.01-1"), sjt("M.01-1", key="A=5")])

    assert plan.items == []
    assert [(i.row, i.column) for i in plan.issues] == [(2, "kode"), (3, "kode"), (3, "kunci")]
