"""`manage.py import_participants`: summary, exit codes, error CSV, dry run."""

import csv

import pytest
from django.core.management import CommandError, call_command

from participants.models import Participant
from tests.conftest import row, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


def run(*args) -> int:
    try:
        call_command("import_participants", *[str(arg) for arg in args])
    except SystemExit as exit_:
        return exit_.code
    return 0


def test_a_valid_file_imports_and_exits_zero(tmp_path, capsys):
    path = write_xlsx(tmp_path / "p.xlsx", [row("198609262015051001")])
    assert run(path) == 0
    assert "1 baru" in capsys.readouterr().out
    assert Participant.objects.count() == 1
    assert run(path) == 0
    assert "1 tidak berubah" in capsys.readouterr().out


def test_rejected_rows_go_to_the_errors_csv_and_exit_one(tmp_path):
    path = write_csv(tmp_path / "p.csv", [row("198609262015051001"), row("12345")])
    errors = tmp_path / "galat.csv"
    assert run(path, "--errors", errors) == 1
    assert Participant.objects.count() == 0
    lines = list(csv.reader(errors.open(encoding="utf-8")))
    assert lines[0] == ["row", "column", "value", "message"]
    assert lines[1][:3] == ["3", "NIP", "12345"]


def test_skip_invalid_saves_the_valid_rows_and_still_exits_one(tmp_path):
    path = write_csv(tmp_path / "p.csv", [row("198609262015051001"), row("12345")])
    assert run(path, "--skip-invalid") == 1
    assert Participant.objects.count() == 1


def test_dry_run_writes_nothing(tmp_path, capsys):
    path = write_xlsx(tmp_path / "p.xlsx", [row("198609262015051001")])
    assert run(path, "--dry-run") == 0
    assert "tidak ada yang disimpan" in capsys.readouterr().out
    assert Participant.objects.count() == 0


def test_an_unreadable_file_is_a_command_error(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"\x00junk")
    with pytest.raises(CommandError, match="bukan file spreadsheet"):
        call_command("import_participants", str(path))
