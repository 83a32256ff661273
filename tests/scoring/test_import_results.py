"""`manage.py import_results`: the instrument attached, raw answers checked and stored."""

import csv

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from scoring.models import AnswerSheet, Instrument
from tests.scoring.test_instrument_pages import HEADER, instrument_rows

pytestmark = pytest.mark.django_db


def write_instrument(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Items"
    sheet.append(HEADER)
    for values in instrument_rows():
        sheet.append(values)
    path = tmp_path / "Form A.xlsx"
    workbook.save(path)
    return path


def write_answers(tmp_path, rows):
    codes = [values[0] for values in instrument_rows()]
    path = tmp_path / "jawaban.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["NIP", *codes])
        writer.writerows(rows)
    return path


def answers(nip, msk="A", ld="B", es=4):
    return [nip] + [msk] * 9 + [ld] * 4 + [es] * 6


def run(*args) -> int:
    try:
        call_command("import_results", *[str(a) for a in args])
    except SystemExit as exit_:
        return exit_.code
    return 0


def test_answers_are_stored_encoded_once_per_person(tmp_path, event, registered):
    rows = [answers(person.nip) for person in registered[:3]]
    rows[1][3] = ""  # an unanswered SJT item
    path = write_answers(tmp_path, rows)
    instrument = write_instrument(tmp_path)
    assert run(path, "--event", event.code, "--instrument", instrument) == 0
    sheets = dict(AnswerSheet.objects.values_list("registration__participant__nip", "answers"))
    # The choices are stored (A=1 ... E=5), not their scores: a corrected key rescores them.
    assert sheets[registered[0].nip] == "1" * 9 + "2" * 4 + "4" * 6
    assert sheets[registered[1].nip][2] == "0"
    assert run(path, "--event", event.code, "--instrument", instrument) == 0
    assert AnswerSheet.objects.count() == 3 and Instrument.objects.count() == 1


def test_bad_rows_are_listed_and_nothing_is_stored(tmp_path, event, registered):
    rows = [
        answers(registered[0].nip),
        answers("199001012015012999"),  # valid NIP, not registered
        answers(registered[1].nip, es=7),
        answers(registered[0].nip),
    ]
    errors = tmp_path / "galat.csv"
    code = run(
        write_answers(tmp_path, rows),
        "--event",
        event.code,
        "--instrument",
        write_instrument(tmp_path),
        "--errors",
        errors,
    )
    assert code == 1
    assert not AnswerSheet.objects.exists() and not Instrument.objects.exists()
    lines = list(csv.reader(errors.open(encoding="utf-8")))
    assert [line[:2] for line in lines[1:]][:2] == [["3", "NIP"], ["4", "E0"]]
    assert "tidak terdaftar" in lines[1][3]
    assert any("baris 2" in line[3] for line in lines[1:])


def test_skip_invalid_keeps_the_valid_sheets(tmp_path, event, registered):
    rows = [answers(registered[0].nip), answers(registered[1].nip, ld="Z")]
    path = write_answers(tmp_path, rows)
    assert (
        run(
            path,
            "--event",
            event.code,
            "--instrument",
            write_instrument(tmp_path),
            "--skip-invalid",
        )
        == 1
    )
    assert AnswerSheet.objects.count() == 1


def test_a_file_without_the_item_columns_is_refused(tmp_path, event, registered):
    path = tmp_path / "kurang.csv"
    path.write_text("NIP,S0\n198609262015051001,A\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Kolom butir instrumen tidak ada"):
        call_command(
            "import_results",
            str(path),
            "--event",
            event.code,
            "--instrument",
            str(write_instrument(tmp_path)),
        )


def test_changing_the_items_of_an_answered_instrument_is_refused(tmp_path, event, registered):
    instrument = write_instrument(tmp_path)
    run(
        write_answers(tmp_path, [answers(registered[0].nip)]),
        "--event",
        event.code,
        "--instrument",
        instrument,
    )
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for values in reversed(instrument_rows()):  # same items, another order
        sheet.append(values)
    workbook.save(instrument)
    with pytest.raises(CommandError, match="sudah punya lembar jawaban"):
        call_command(
            "import_results",
            str(tmp_path / "jawaban.csv"),
            "--event",
            event.code,
            "--instrument",
            str(instrument),
        )
    assert [i.code for i in Instrument.objects.get().items.all()][:2] == ["S0", "S1"]
