"""`manage.py import_skp`: yearly SKP ratings, checked and upserted."""

import csv

import pytest
from django.core.management import call_command

from scoring.models import SkpRating

pytestmark = pytest.mark.django_db


def write(tmp_path, rows):
    path = tmp_path / "skp.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["NIP", "Tahun", "Predikat"])
        writer.writerows(rows)
    return path


def run(*args) -> int:
    try:
        call_command("import_skp", *[str(a) for a in args])
    except SystemExit as exit_:
        return exit_.code
    return 0


def test_ratings_are_stored_and_updated_by_nip_and_year(tmp_path, registered):
    first, second = registered[0].nip, registered[1].nip
    path = write(tmp_path, [[first, 2023, "sangat  baik"], [second, "2023", "Butuh Perbaikan"]])
    assert run(path) == 0
    assert run(path) == 0
    assert SkpRating.objects.count() == 2
    assert SkpRating.objects.get(participant=registered[0]).predikat == "Sangat Baik"
    assert run(write(tmp_path, [[first, 2023, "Baik"]])) == 0
    assert SkpRating.objects.get(participant=registered[0]).predikat == "Baik"


def test_bad_rows_are_named_and_nothing_is_stored(tmp_path, registered):
    nip = registered[0].nip
    rows = [
        [nip, 2023, "Baik"],
        ["199001012015012999", 2023, "Baik"],
        [nip, 1990, "Baik"],
        [registered[1].nip, 2023, "Cukup"],
        [nip, 2023, "Sangat Baik"],
    ]
    errors = tmp_path / "galat.csv"
    assert run(write(tmp_path, rows), "--errors", errors) == 1
    assert not SkpRating.objects.exists()
    lines = list(csv.reader(errors.open(encoding="utf-8")))
    assert [line[:2] for line in lines[1:]] == [
        ["3", "NIP"],
        ["4", "Tahun"],
        ["5", "Predikat"],
        ["6", "NIP"],
    ]
    assert run(write(tmp_path, rows), "--skip-invalid") == 1
    assert SkpRating.objects.count() == 1
