"""Position standards: the sheet's preview before anything is written, bad rows refused with
Indonesian messages and nothing written, the same sheet twice changing nothing; and a score
run that measures a person against their position's own standard, kept in their result."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import Workbook

from participants.models import PositionStandard
from scoring.models import ParticipantResult
from tests.talent.scenario import make_event, prescore

pytestmark = pytest.mark.django_db

HEADER = ["Jabatan", "Jenis Jabatan", "M.01", "M.02", "M.03", "M.04", "M.05", "M.06", "M.07"]
HEADER += ["M.08", "SK.01"]
TEACHER = ["Guru Ahli Pertama", "JF Ahli Pertama", 2, 2, 2, 2, 2, 2, 1, 1, 2]
NURSE = ["Perawat Terampil", "JF Terampil", 1, 1, 1, 1, 1, 1, 1, 1, 1]


def sheet(path, *rows, title_rows: int = 0):
    workbook = Workbook()
    for number in range(title_rows):
        workbook.active.append([f"STANDAR KOMPETENSI JABATAN {number + 1}"])
    workbook.active.append(HEADER)
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def upload(client, path):
    with open(path, "rb") as handle:
        return client.post(reverse("talent:standard_import"), {"file": handle})


def confirm(client, token, **data):
    return client.post(reverse("talent:standard_confirm", args=[token]), data, follow=True)


def stored() -> list[tuple]:
    return list(
        PositionStandard.objects.order_by("title").values_list(
            "title", "position_class__name", "levels"
        )
    )


def test_the_sheet_is_previewed_before_anything_is_written(as_user, bob, tmp_path):
    client = as_user(bob)
    response = upload(client, sheet(tmp_path / "standar.xlsx", TEACHER, NURSE, title_rows=2))
    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert preview.context["valid_rows"] == 2 and preview.context["rejected_rows"] == 0
    assert [row[3] for row in preview.context["planned"]] == ["Baru", "Baru"]
    assert PositionStandard.objects.count() == 0  # the preview wrote nothing
    token = preview.context["batch"].token
    done = confirm(client, token)
    assert "Impor selesai: 2 standar disimpan, 0 baris dilewati." in done.content.decode()
    assert stored() == [
        ("Guru Ahli Pertama", "JF Ahli Pertama", [2, 2, 2, 2, 2, 2, 1, 1, 2]),
        ("Perawat Terampil", "JF Terampil", [1] * 9),
    ]
    # The same batch confirmed again is refused, and writes nothing more.
    again = confirm(client, token)
    assert "sudah dikonfirmasi atau dibatalkan" in again.content.decode()


def test_bad_rows_are_refused_in_indonesian_and_nothing_is_written(as_user, bob, tmp_path):
    client = as_user(bob)
    bad = [
        TEACHER,
        ["Perawat Terampil", "JF Terampil", 1, 1, 7, 1, 1, 1, 1, 1, 1],  # level out of range
        ["Bidan Ahli", "Jabatan Dunia", 2, 2, 2, 2, 2, 2, 2, 2, 2],  # unknown class
        ["", "Pelaksana", 1, 1, 1, 1, 1, 1, 1, 1, 1],  # no title
        ["Guru  ahli pertama", "JF Ahli Pertama", 3, 3, 3, 3, 3, 3, 3, 3, 3],  # the same title
        ["Penyuluh", "Pelaksana", 1, 1, 1, 1, 1, 1, 1, 1.5, ""],  # a fraction, a blank
    ]
    response = upload(client, sheet(tmp_path / "standar.xlsx", *bad))
    preview = client.get(response["Location"])
    issues = {(row, column): message for row, column, _, message in preview.context["issues"]}
    assert issues[(3, "M.03")] == "Level harus angka bulat 1-5."
    assert (
        issues[(4, "Jenis Jabatan")] == "Jenis jabatan Jabatan Dunia tidak dikenal di data induk."
    )
    assert (5, "Jabatan") in issues
    assert issues[(6, "Jabatan")] == "Jabatan ini sudah ada di baris 2."
    assert issues[(7, "M.08")] == "Level harus angka bulat 1-5."
    assert issues[(7, "SK.01")] == "Level harus angka bulat 1-5; sel ini kosong."
    assert preview.context["valid_rows"] == 1 and preview.context["rejected_rows"] == 5
    html = preview.content.decode()
    assert "5 baris ditolak." in html and "Level harus angka bulat 1-5" in html
    # Confirming without "only the valid rows" is refused: nothing written.
    refused = confirm(client, preview.context["batch"].token)
    assert "Ada 5 baris ditolak; tidak ada yang disimpan." in refused.content.decode()
    assert PositionStandard.objects.count() == 0


def test_a_sheet_without_the_level_columns_is_refused_and_kept_nowhere(as_user, bob, tmp_path):
    path = tmp_path / "standar.xlsx"
    workbook = Workbook()
    workbook.active.append(["Jabatan", "Jenis Jabatan"])
    workbook.active.append(["Guru Ahli Pertama", "JF Ahli Pertama"])
    workbook.save(path)
    response = upload(as_user(bob), path)
    assert response.status_code == 400
    assert "M.01" in response.content.decode()
    assert PositionStandard.objects.count() == 0


def test_importing_the_same_sheet_twice_changes_nothing(as_user, bob, tmp_path):
    client = as_user(bob)
    path = sheet(tmp_path / "standar.xlsx", TEACHER, NURSE)
    confirm(client, client.get(upload(client, path)["Location"]).context["batch"].token)
    first = stored()
    second = client.get(upload(client, path)["Location"])
    assert [row[3] for row in second.context["planned"]] == ["Tidak berubah", "Tidak berubah"]
    confirm(client, second.context["batch"].token)
    assert stored() == first and PositionStandard.objects.count() == 2
    # A changed level is shown as an update, and only that standard changes.
    changed = sheet(tmp_path / "baru.xlsx", TEACHER, [*NURSE[:2], 2, 1, 1, 1, 1, 1, 1, 1, 1])
    third = client.get(upload(client, changed)["Location"])
    assert [row[3] for row in third.context["planned"]] == ["Tidak berubah", "Diperbarui"]


def test_only_who_may_change_standards_may_import_them(as_user, dave, charlie, tmp_path):
    for user in (dave, charlie):
        client = as_user(user)
        assert client.get(reverse("talent:standard_import")).status_code == 403
        assert upload(client, sheet(tmp_path / "s.xlsx", TEACHER)).status_code == 403
    assert PositionStandard.objects.count() == 0


def result_of(person) -> ParticipantResult:
    return ParticipantResult.objects.get(registration__participant=person)


def standard_column(client, result) -> list[str]:
    """The Standar column of the result page's profile table, one per competency."""
    url = reverse("reports:result", args=[result.run.event.code, result.registration_id])
    rows = client.get(url).context["competencies"]
    return [row["required"] for row in rows]


def test_a_position_with_its_own_standard_is_scored_against_it(
    as_user, bob, dave, registered, tmp_path
):
    """Two Pelaksana (class standard 1) with the same levels; one holds a position whose own
    standard asks 3: they are scored 66,67 and 100, and each result keeps its standard."""
    own, colleague = registered[0], registered[1]
    own.position_title = "Kepala Seksi Pelayanan"
    own.save()
    client = as_user(bob)
    path = sheet(tmp_path / "s.xlsx", ["kepala seksi  PELAYANAN", "Pelaksana", *[3] * 9])
    confirm(client, client.get(upload(client, path)["Location"]).context["batch"].token)

    event = make_event("TAHAP-UJI", dt.date(2025, 1, 6))
    prescore(event, {own: (2, 80, 80), colleague: (2, 80, 80)})
    mine, theirs = result_of(own), result_of(colleague)
    assert (mine.jpm, mine.gaps) == (Decimal("66.67"), [-1] * 9)
    assert (theirs.jpm, theirs.gaps) == (100, [1] * 9)
    viewer = as_user(dave)
    assert standard_column(viewer, mine) == [3] * 9
    assert standard_column(viewer, theirs) == [1] * 9

    # The standard changes later: the published result keeps the one it was scored against.
    path = sheet(tmp_path / "s2.xlsx", ["Kepala Seksi Pelayanan", "Pelaksana", *[5] * 9])
    client = as_user(bob)  # the same test client, signed in as the operator again
    confirm(client, client.get(upload(client, path)["Location"]).context["batch"].token)
    assert PositionStandard.objects.get().levels == [5] * 9
    mine.refresh_from_db()
    assert (mine.jpm, mine.gaps) == (Decimal("66.67"), [-1] * 9)
    viewer = as_user(dave)
    assert standard_column(viewer, mine) == [3] * 9
    person_page = viewer.get(reverse("participants:detail", args=[own.pk])).context
    assert person_page["standard"].levels == (5,) * 9 and person_page["standard"].own
