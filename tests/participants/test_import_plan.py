"""The participant import on real files: every row rule, upserts, and what it refuses."""

import datetime as dt

import pytest
from openpyxl import Workbook

from audit.models import AuditEntry
from core.imports import ImportRefused
from participants.importer import build_plan
from participants.models import Opd, Participant, Upt
from participants.services import participant_import_apply
from tests.conftest import HEADERS, row, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


def nip(sequence: int) -> str:
    return f"1986092620150510{sequence:02d}"


def apply(path, **kwargs):
    plan = build_plan(path, path.name)
    return plan, participant_import_apply(plan=plan, actor=None, **kwargs)


def only_issue(plan):
    assert len(plan.issues) == 1, plan.issues
    return plan.issues[0]


def test_it_creates_participants_and_new_opds(tmp_path):
    path = write_xlsx(tmp_path / "p.xlsx", [row(nip(1)), row(nip(2), name="Budi", opd="Dinsos")])
    plan, result = apply(path, skip_invalid=False)
    assert plan.new_opds == ["Badan Kepegawaian Daerah", "Dinsos"]
    assert result["created"] == 2
    andi = Participant.objects.get(nip=nip(1))
    assert (andi.gender, andi.birth_date, andi.employment_type) == (
        "L",
        dt.date(1986, 9, 26),
        "PNS",
    )
    assert andi.position_class.name == "JF Ahli Muda"
    entry = AuditEntry.objects.get(action=AuditEntry.Action.IMPORT)
    assert entry.changes["created"] == 2


def test_reimporting_the_same_file_changes_nothing(tmp_path):
    path = write_xlsx(tmp_path / "p.xlsx", [row(nip(1)), row(nip(2), name="Budi")])
    apply(path, skip_invalid=False)
    before = list(Participant.objects.values_list("nip", "updated_at"))
    plan, result = apply(path, skip_invalid=False)
    assert (result["created"], result["updated"], result["unchanged"]) == (0, 0, 2)
    assert list(Participant.objects.values_list("nip", "updated_at")) == before
    assert AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT).count() == 1


def test_it_updates_changed_rows_by_nip(tmp_path):
    apply(write_xlsx(tmp_path / "a.xlsx", [row(nip(1))]), skip_invalid=False)
    path = write_xlsx(tmp_path / "b.xlsx", [row(nip(1), golongan="III/d", title="Kepala Seksi")])
    plan, result = apply(path, skip_invalid=False)
    assert result["updated"] == 1
    assert plan.to_update[0][1] == {
        "golongan": ["III/c", "III/d"],
        "position_title": ["Analis Kepegawaian Ahli Muda", "Kepala Seksi"],
    }
    assert Participant.objects.get().golongan == "III/d"


def test_opd_and_upt_names_match_case_and_space_insensitively(tmp_path):
    opd = Opd(name="Badan Pendapatan Daerah", code="BAPENDA")
    opd.save()
    rows = [
        row(nip(1), opd="  badan   PENDAPATAN daerah", upt="UPTD Tarakan", region="Kota Tarakan"),
        row(nip(2), opd="BAPENDA", upt="uptd  tarakan", region="tarakan"),
    ]
    plan, result = apply(write_xlsx(tmp_path / "p.xlsx", rows), skip_invalid=False)
    assert plan.new_opds == []
    assert plan.new_upts == [("Badan Pendapatan Daerah", "UPTD Tarakan", "Kota Tarakan")]
    assert Opd.objects.count() == 1
    assert Upt.objects.get().region.name == "Kota Tarakan"
    assert Participant.objects.filter(upt__isnull=False).count() == 2


def test_it_finds_the_header_below_title_rows_and_reports_excel_row_numbers(tmp_path):
    rows = [row(nip(1)), row("123")]
    plan = build_plan(write_xlsx(tmp_path / "p.xlsx", rows, title_rows=3), "p.xlsx")
    assert plan.header_row == 4
    issue = only_issue(plan)
    assert (issue.row, issue.column, issue.value) == (6, "NIP", "123")
    assert "18 digit" in issue.message


def test_it_rejects_a_nip_stored_as_an_excel_number(tmp_path):
    rows = [row(nip(1)), row(198609262015051002)]
    issue = only_issue(build_plan(write_xlsx(tmp_path / "p.xlsx", rows), "p.xlsx"))
    assert issue.column == "NIP"
    assert "sebagai angka" in issue.message and "Teks" in issue.message


def test_it_rejects_a_nip_in_scientific_notation_from_csv(tmp_path):
    path = write_csv(tmp_path / "p.csv", [row("1.98609E+17")])
    assert "notasi ilmiah" in only_issue(build_plan(path, "p.csv")).message


def test_it_rejects_every_row_of_a_duplicated_nip(tmp_path):
    rows = [row(nip(1)), row(nip(2)), row(nip(1), name="Andi P.")]
    plan = build_plan(write_xlsx(tmp_path / "p.xlsx", rows), "p.xlsx")
    assert [(issue.row, issue.column) for issue in plan.issues] == [(2, "NIP"), (4, "NIP")]
    assert "baris 4" in plan.issues[0].message
    assert [planned.nip for planned in plan.rows] == [nip(2)]


@pytest.mark.parametrize(
    ("values", "column", "fragment"),
    [
        ({"nip": "19861331201505 1 001"}, "NIP", "Tanggal lahir"),
        ({"golongan": "V/a"}, "Golongan", ""),
        ({"golongan": ""}, "Golongan", "wajib"),
        ({"name": ""}, "Nama", "wajib"),
        ({"name": "@SUM(A1)"}, "Nama", "rumus"),
        ({"name": dt.datetime(2024, 2, 27)}, "Nama", "tanggal"),
        ({"name": 12345}, "Nama", "angka"),
        ({"position_class": "Jabatan Ajaib"}, "Jenis Jabatan", "tidak dikenal"),
        ({"opd": ""}, "OPD", "wajib"),
        ({"upt": "UPT Baru", "region": ""}, "Kabupaten/Kota", "perlu diisi"),
        ({"upt": "UPT Baru", "region": "Kabupaten Berau"}, "Kabupaten/Kota", "tidak dikenal"),
    ],
)
def test_each_bad_cell_is_reported_with_its_column(tmp_path, values, column, fragment):
    fields = {"nip": nip(1), **values}
    values_row = row(
        fields["nip"],
        fields.get("name", "Andi"),
        fields.get("golongan", "III/c"),
        "Analis",
        fields.get("position_class", "JF Ahli Muda"),
        fields.get("opd", "BKD"),
        fields.get("upt", ""),
        fields.get("region", ""),
    )
    issue = only_issue(build_plan(write_xlsx(tmp_path / "p.xlsx", [values_row]), "p.xlsx"))
    assert issue.column == column
    assert fragment in issue.message


def test_optional_columns_are_checked(tmp_path):
    headers = HEADERS + ["No HP", "Email", "Tidak Bisa"]
    rows = [
        row(nip(1)) + ["0812-3456-7890", "andi@kaltaraprov.go.id", "2024-02-27; 28/02/2024"],
        row(nip(2)) + ["12", "", ""],
        row(nip(3)) + ["", "bukan email", ""],
        row(nip(4)) + ["", "", "besok"],
    ]
    plan = build_plan(write_xlsx(tmp_path / "p.xlsx", rows, headers=headers), "p.xlsx")
    assert [(issue.row, issue.column) for issue in plan.issues] == [
        (3, "No HP"),
        (4, "Email"),
        (5, "Tidak Bisa"),
    ]
    good = plan.rows[0]
    assert good.phone == "+6281234567890"
    assert good.unavailable == (dt.date(2024, 2, 27), dt.date(2024, 2, 28))


def test_a_file_with_rejected_rows_writes_nothing_unless_told_to_skip(tmp_path):
    path = write_xlsx(tmp_path / "p.xlsx", [row(nip(1)), row("bad")])
    plan = build_plan(path, path.name)
    with pytest.raises(ImportRefused):
        participant_import_apply(plan=plan, actor=None, skip_invalid=False)
    assert Participant.objects.count() == 0
    assert Opd.objects.count() == 0
    result = participant_import_apply(plan=plan, actor=None, skip_invalid=True)
    assert (result["created"], result["rejected"]) == (1, 1)


def test_an_empty_phone_cell_keeps_the_stored_phone(tmp_path):
    headers = HEADERS + ["No HP"]
    apply(
        write_xlsx(tmp_path / "a.xlsx", [row(nip(1)) + ["081234567890"]], headers),
        skip_invalid=False,
    )
    plan, result = apply(
        write_xlsx(tmp_path / "b.xlsx", [row(nip(1)) + [""]], headers), skip_invalid=False
    )
    assert result["unchanged"] == 1
    assert Participant.objects.get().phone == "+6281234567890"


def test_a_pppk_number_takes_a_roman_golongan(tmp_path):
    rows = [row("199001012021151002", golongan="ix"), row("199001012021151003", golongan="III/c")]
    plan = build_plan(write_xlsx(tmp_path / "p.xlsx", rows), "p.xlsx")
    assert plan.rows[0].golongan == "IX" and plan.rows[0].employment_type == "PPPK"
    assert only_issue(plan).column == "Golongan"


def test_semicolon_csv_with_commas_in_names_imports(tmp_path):
    rows = [row(nip(1), name="Andi, S.Sos.", opd="Biro Hukum; Setda".replace(";", ","))]
    path = write_csv(tmp_path / "p.csv", rows, delimiter=";")
    plan, result = apply(path, skip_invalid=False)
    assert result["created"] == 1
    assert Participant.objects.get().name == "Andi, S.Sos."


def test_formulas_in_an_xlsx_give_their_value_or_a_clear_message(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    sheet.append(row(nip(1), name='="Andi"&" Pratama"'))
    workbook.save(tmp_path / "f.xlsx")
    plan = build_plan(tmp_path / "f.xlsx", "f.xlsx")
    # openpyxl stores no computed result, so the value Excel would show is unknown.
    issue = only_issue(plan)
    assert (issue.column, issue.value) == ("Nama", '="Andi"&" Pratama"')
    assert "rumus Excel" in issue.message and "Paste Values" in issue.message
