"""The Tahap III demo data (demo.participants, demo.opds, demo.participant_sheet): pure
Python, no database."""

from collections import Counter

import openpyxl
import pytest

from demo.opds import DEMO_OPDS, REGIONS
from demo.participant_sheet import DEMO_TITLE, write_demo_workbook
from demo.participants import DEMO_HEADERS, demo_participant_rows
from participants.nip import EmploymentKind, parse_nip

JENIS_JABATAN = {
    "JPT Pratama", "Administrator", "Pengawas", "Pelaksana", "JF Ahli Madya", "JF Ahli Muda",
    "JF Ahli Pertama", "JF Penyelia", "JF Mahir", "JF Terampil",
}  # fmt: skip
OPD_KINDS = {"Sekretariat/Biro", "Dinas", "Badan", "Inspektorat", "RSUD", "Satpol PP"}


@pytest.fixture(scope="module")
def rows():
    return demo_participant_rows()


def test_it_lists_387_participants(rows):
    assert len(rows) == 387


def test_every_row_has_the_demo_headers_as_string_values(rows):
    for row in rows:
        assert tuple(row) == DEMO_HEADERS
        assert all(isinstance(value, str) for value in row.values())


def test_nips_are_unique_and_all_parse(rows):
    nips = [row["NIP"] for row in rows]
    assert len(set(nips)) == len(nips)
    for nip in nips:
        assert parse_nip(nip).digits == nip


def test_birth_dates_and_tmt_ages_are_in_range(rows):
    for row in rows:
        nip = parse_nip(row["NIP"])
        assert 1966 <= nip.birth_date.year <= 2000
        if nip.tmt is not None:
            assert 20 <= nip.tmt.year - nip.birth_date.year <= 35


def test_about_one_in_ten_is_pppk_with_a_roman_golongan(rows):
    pppk = [row for row in rows if parse_nip(row["NIP"]).kind is EmploymentKind.PPPK]
    assert 0.05 <= len(pppk) / len(rows) <= 0.15
    assert all("/" not in row["Golongan"] for row in pppk)


def test_genders_are_roughly_balanced(rows):
    genders = Counter(parse_nip(row["NIP"]).gender for row in rows)
    assert all(0.4 <= share / len(rows) <= 0.6 for share in genders.values())


def test_exactly_60_cannot_come_on_the_first_two_days(rows):
    unavailable = [row["Tidak Bisa"] for row in rows if row["Tidak Bisa"]]
    assert unavailable == ["2024-02-27; 2024-02-28"] * 60


def test_the_same_seed_gives_the_same_rows_and_another_seed_does_not(rows):
    assert demo_participant_rows() == rows
    assert demo_participant_rows(seed=7) != rows


def test_every_opd_has_at_least_one_participant(rows):
    assert {opd.name for opd in DEMO_OPDS} <= {row["OPD"] for row in rows}


def test_opd_codes_and_names_are_unique_and_kinds_are_known():
    assert len({opd.code for opd in DEMO_OPDS}) == len(DEMO_OPDS)
    assert len({opd.name for opd in DEMO_OPDS}) == len(DEMO_OPDS)
    assert {opd.kind for opd in DEMO_OPDS} == OPD_KINDS


def test_every_upt_lies_in_one_of_the_five_regions():
    upts = [upt for opd in DEMO_OPDS for upt in opd.upts]
    assert all(upt.region in REGIONS for upt in upts)
    bapenda = next(opd for opd in DEMO_OPDS if opd.code == "BAPENDA")
    assert {upt.region for upt in bapenda.upts} == set(REGIONS)


def test_about_15_percent_work_at_a_upt_of_their_own_opd(rows):
    upts = {upt.name: (opd.name, upt.region) for opd in DEMO_OPDS for upt in opd.upts}
    at_upt = [row for row in rows if row["UPT"]]
    assert 0.10 <= len(at_upt) / len(rows) <= 0.20
    assert all(upts[row["UPT"]] == (row["OPD"], row["Kabupaten/Kota"]) for row in at_upt)
    assert all(row["Kabupaten/Kota"] == "" for row in rows if not row["UPT"])


def test_position_classes_are_the_known_ones_with_a_handful_of_jpt(rows):
    classes = Counter(row["Jenis Jabatan"] for row in rows)
    assert set(classes) <= JENIS_JABATAN
    assert 1 <= classes["JPT Pratama"] <= 10
    assert classes["Pelaksana"] == max(classes.values())


def test_golongan_fits_the_position_class(rows):
    allowed = {
        "JPT Pratama": {"IV/c", "IV/d"},
        "Administrator": {"III/d", "IV/a", "IV/b"},
        "Pengawas": {"III/b", "III/c", "III/d"},
    }
    for row in rows:
        assert row["Golongan"] in allowed.get(row["Jenis Jabatan"], {row["Golongan"]})


def test_most_have_a_phone_number_and_some_an_email(rows):
    phones = [row["No HP"] for row in rows if row["No HP"]]
    emails = [row["Email"] for row in rows if row["Email"]]
    assert len(phones) > 0.8 * len(rows)
    assert all(phone.startswith("08") and phone.isdigit() for phone in phones)
    assert 0 < len(emails) < len(rows)
    assert all("@" in email for email in emails)


def test_the_workbook_has_title_rows_above_the_header_in_row_4(rows, tmp_path):
    path = tmp_path / "peserta.xlsx"
    write_demo_workbook(path, rows)
    sheet = openpyxl.load_workbook(path).active
    assert sheet["A1"].value == DEMO_TITLE
    assert sheet["A3"].value is None
    assert tuple(cell.value for cell in sheet[4]) == DEMO_HEADERS
    assert sheet.max_row == 4 + len(rows)


def test_the_workbook_keeps_nips_as_text(rows, tmp_path):
    path = tmp_path / "peserta.xlsx"
    write_demo_workbook(path, rows)
    sheet = openpyxl.load_workbook(path).active
    nips = [sheet.cell(row=index, column=1) for index in range(5, 5 + len(rows))]
    assert [cell.value for cell in nips] == [row["NIP"] for row in rows]
    assert all(isinstance(cell.value, str) and cell.number_format == "@" for cell in nips)
