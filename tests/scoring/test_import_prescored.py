"""`manage.py import_results` without --instrument: pre-scored results (levels, LD, ES)."""

import csv
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from audit.models import AuditEntry
from participants.competencies import COMPETENCY_CODES
from scoring.models import PrescoredResult
from scoring.prescored import prescored_apply, prescored_plan

pytestmark = pytest.mark.django_db

HEADER = ["NIP", *COMPETENCY_CODES, "LD", "ES"]


def write_csv(tmp_path, rows, header=HEADER, name="skor.csv"):
    """As Excel saves a CSV on an Indonesian Windows: semicolons, decimal commas."""
    path = tmp_path / name
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def scores(nip, levels=(3,) * 9, ld="78,5", es="80"):
    return [nip, *levels, ld, es]


def run(*args) -> int:
    try:
        call_command("import_results", *[str(a) for a in args])
    except SystemExit as exit_:
        return exit_.code
    return 0


def stored() -> dict[str, tuple]:
    return {
        nip: (levels, ld, es)
        for nip, levels, ld, es in PrescoredResult.objects.values_list(
            "registration__participant__nip", "levels", "ld_score", "es_score"
        )
    }


def test_scores_are_stored_per_registration(tmp_path, event, registered):
    first, second, third = (person.nip for person in registered[:3])
    rows = [
        scores(first, levels=(1, 2, 3, 4, 5, 1, 2, 3, 4), ld="78,5", es="80"),
        scores(second, levels=("3",) * 9, ld=100, es=""),  # no ES score: kept empty
        scores(third, ld="66,666", es="0"),  # stored half-up to 2 decimals
    ]
    assert run(write_csv(tmp_path, rows), "--event", event.code) == 0
    assert stored() == {
        first: ([1, 2, 3, 4, 5, 1, 2, 3, 4], Decimal("78.50"), Decimal("80.00")),
        second: ([3] * 9, Decimal("100.00"), None),
        third: ([3] * 9, Decimal("66.67"), Decimal("0.00")),
    }
    entry = AuditEntry.objects.get(action=AuditEntry.Action.IMPORT)
    assert entry.target_type == "sessions_app.event" and entry.changes["skor jadi"] == 3


def test_a_rerun_updates_instead_of_adding(tmp_path, event, registered):
    first, second = registered[0].nip, registered[1].nip
    path = write_csv(tmp_path, [scores(first), scores(second)])
    assert run(path, "--event", event.code) == 0
    ids = set(PrescoredResult.objects.values_list("pk", flat=True))
    assert run(path, "--event", event.code) == 0
    assert set(PrescoredResult.objects.values_list("pk", flat=True)) == ids
    corrected = write_csv(tmp_path, [scores(first, levels=(5,) * 9, ld="90", es="")])
    assert run(corrected, "--event", event.code) == 0
    assert PrescoredResult.objects.count() == 2
    assert stored()[first] == ([5] * 9, Decimal("90.00"), None)
    assert stored()[second] == ([3] * 9, Decimal("78.50"), Decimal("80.00"))  # untouched


def test_bad_rows_are_listed_and_nothing_is_stored(tmp_path, event, registered):
    nip = registered[0].nip
    rows = [
        scores(nip),  # row 2: valid
        scores("199001012015012999"),  # 3: a valid NIP, not registered
        scores("19900101"),  # 4: not a NIP
        scores(registered[1].nip, levels=(3, 6, 3, "2,5", 3, 3, 3, 3, "")),  # 5: 3 levels
        scores(registered[2].nip, ld="120", es="tinggi"),  # 6: LD and ES
        scores(nip),  # 7: the same person again
        scores(registered[3].nip, ld="-1", es="1.234,5"),  # 8
    ]
    errors = tmp_path / "galat.csv"
    assert run(write_csv(tmp_path, rows), "--event", event.code, "--errors", errors) == 1
    assert not PrescoredResult.objects.exists()
    lines = list(csv.reader(errors.open(encoding="utf-8")))
    assert lines[0] == ["row", "column", "value", "message"]
    assert [line[:3] for line in lines[1:]] == [
        ["3", "NIP", "199001012015012999"],
        ["4", "NIP", "19900101"],
        ["5", "M.02", "6"],
        ["5", "M.04", "2,5"],
        ["5", "SK.01", ""],
        ["6", "LD", "120"],
        ["6", "ES", "tinggi"],
        ["7", "NIP", nip],
        ["8", "LD", "-1"],
        ["8", "ES", "1.234,5"],
    ]
    messages = [line[3] for line in lines[1:]]
    assert "tidak terdaftar" in messages[0]
    assert "angka bulat 1-5" in messages[2] and "kosong" in messages[4]
    assert "0-100" in messages[5] and "baris 2" in messages[7]
    # --skip-invalid stores the valid row only, and still exits 1.
    assert run(write_csv(tmp_path, rows), "--event", event.code, "--skip-invalid") == 1
    assert list(stored()) == [nip]


def test_decimal_commas_and_excel_numbers_in_an_xlsx(tmp_path, event, registered):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Hasil CACT Tahap III"])  # a title row above the header
    sheet.append([])
    sheet.append(["No", "NIP", *COMPETENCY_CODES, "Literasi Digital", "Keahlian Masa Depan"])
    sheet.append([1, registered[0].nip, *[4] * 9, "72,25", 81.5])
    sheet.append([2, registered[1].nip, *[2.0] * 8, " 3 ", 64.125, "55.5"])
    path = tmp_path / "skor.xlsx"
    workbook.save(path)
    assert run(path, "--event", event.code) == 0
    assert stored() == {
        registered[0].nip: ([4] * 9, Decimal("72.25"), Decimal("81.50")),
        registered[1].nip: ([2] * 8 + [3], Decimal("64.13"), Decimal("55.50")),
    }


def test_dry_run_stores_nothing(tmp_path, event, registered, capsys):
    path = write_csv(tmp_path, [scores(registered[0].nip)])
    assert run(path, "--event", event.code, "--dry-run") == 0
    assert not PrescoredResult.objects.exists()
    assert "1 valid, 0 ditolak" in capsys.readouterr().out


def test_a_file_without_the_columns_is_refused(tmp_path, event, registered):
    header = ["NIP", *COMPETENCY_CODES[:7], "LD"]
    path = write_csv(tmp_path, [[registered[0].nip, *[3] * 7, "70"]], header=header)
    with pytest.raises(CommandError, match="Kolom wajib tidak ditemukan: M.08, SK.01, ES"):
        call_command("import_results", str(path), "--event", event.code)


def test_an_unknown_event_is_refused(tmp_path, registered):
    path = write_csv(tmp_path, [scores(registered[0].nip)])
    with pytest.raises(CommandError, match="tidak ada"):
        call_command("import_results", str(path), "--event", "TIDAK-ADA")


def test_apply_refuses_a_plan_with_rejected_rows(tmp_path, event, registered):
    rows = [scores(registered[0].nip), scores(registered[1].nip, ld="abc")]
    plan = prescored_plan(event, write_csv(tmp_path, rows))
    assert plan.total_rows == 2 and len(plan.rows) == 1 and plan.rejected_rows == {3}
    with pytest.raises(ValueError, match="1 baris ditolak"):
        prescored_apply(event=event, plan=plan, actor=None, skip_invalid=False)
    assert not PrescoredResult.objects.exists()
    assert prescored_apply(event=event, plan=plan, actor=None, skip_invalid=True) == 1
