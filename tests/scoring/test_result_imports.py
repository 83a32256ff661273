"""The result imports in the browser (raw answers, pre-scored results, SKP ratings): upload,
preview, confirm once, cancel, the rejected rows as a workbook, the size limit and who may."""

import datetime as dt
import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from core.models import ImportBatch
from demo.results import (
    demo_instrument_rows,
    simulate_answers,
    simulate_skp,
    write_answers,
    write_instrument,
    write_skp,
)
from participants.competencies import COMPETENCY_CODES
from participants.nip import Gender, build_nip
from scoring.instrument import read_instrument
from scoring.models import AnswerSheet, PrescoredResult, SkpRating
from scoring.services import instrument_attach
from tests.conftest import write_csv

pytestmark = pytest.mark.django_db

# A well-formed NIP of nobody in the fixtures.
STRANGER = build_nip(
    birth_date=dt.date(1985, 5, 5), gender=Gender.MALE, sequence=7, tmt=dt.date(2010, 3, 1)
)
PRESCORED_HEADER = ["NIP", *COMPETENCY_CODES, "LD", "ES"]


@pytest.fixture
def instrument(event, registered, tmp_path):
    path = tmp_path / "Form A.xlsx"
    write_instrument(path)
    return instrument_attach(
        event=event, name="Form A", source=path.name, plan=read_instrument(path), actor=None
    )


@pytest.fixture
def answers_file(registered, tmp_path):
    """Five data rows (sheet rows 4-8): three good, one unregistered NIP (row 7), one with a
    letter no option has (row 8)."""
    nips = [person.nip for person in registered[:4]] + [STRANGER]
    rows = simulate_answers(nips)
    rows[3][1] = "Z"  # M.01-01, an SJT item: A-E only
    rows = [rows[0], rows[1], rows[2], rows[4], rows[3]]
    path = tmp_path / "jawaban.xlsx"
    write_answers(path, rows)
    return path, rows


@pytest.fixture
def prescored_file(registered, tmp_path):
    """CSV with semicolons: three good rows, one level 7 (row 5)."""
    rows = [
        [person.nip, *[3] * 9, "78,5", "81"] for person in registered[:3]
    ]  # decimal comma, as Indonesian sheets write it
    rows.append([registered[3].nip, 7, *[3] * 8, "70", "70"])
    return write_csv(tmp_path / "skor-jadi.csv", rows, headers=PRESCORED_HEADER, delimiter=";")


@pytest.fixture
def skp_file(registered, tmp_path):
    """Sheet rows 4-8: four good ratings, then a NIP nobody has (row 8)."""
    rows = [*simulate_skp([person.nip for person in registered[:4]]), (STRANGER, 2023, "Baik")]
    path = tmp_path / "skp.xlsx"
    write_skp(path, rows)
    return path


def url(name, event, slug, batch=None, *rest):
    args = [event.code, slug] + ([batch.token] if batch else [])
    return reverse(f"scoring:{name}", args=args + list(rest))


def upload(client, event, slug, path, **data):
    content = path.read_bytes()
    payload = {"file": SimpleUploadedFile(path.name, content), **data}
    return client.post(url("import", event, slug), payload)


def page(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- raw answers ----------------------------------------------------------------------------


def test_answers_upload_previews_then_confirm_stores_the_valid_rows_once(
    client, bob, event, registered, instrument, answers_file
):
    client.force_login(bob)
    path, _ = answers_file
    form = client.get(url("import", event, "jawaban"))
    assert form.status_code == 200
    assert "Form A" in page(form)  # the instrument choice

    response = upload(client, event, "jawaban", path, instrument=instrument.pk)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response.url == url("import_preview", event, "jawaban", batch)
    assert (batch.kind, batch.status, batch.target) == ("answers", "preview", event.code)
    assert not AnswerSheet.objects.exists()

    preview = client.get(response.url)
    assert preview.status_code == 200
    assert preview.context["total_rows"] == 5
    assert preview.context["valid_rows"] == 3
    assert preview.context["rejected_rows"] == 2
    html = page(preview)
    assert "Instrumen Form A" in html
    assert "NIP ini tidak terdaftar di kegiatan ini." in html
    assert STRANGER in html
    assert "M.01-01" in html  # the column of the bad letter
    assert "Impor 3 baris yang valid saja" in html

    # Without "valid rows only" nothing is stored.
    confirm = url("import_confirm", event, "jawaban", batch)
    refused = client.post(confirm, follow=True)
    assert "2 baris ditolak; tidak ada yang disimpan" in " ".join(messages_of(refused))
    assert not AnswerSheet.objects.exists()

    done = client.post(confirm, {"skip_invalid": "1"}, follow=True)
    assert "Impor selesai: 3 baris disimpan, 2 baris dilewati." in messages_of(done)
    sheets = AnswerSheet.objects.filter(instrument=instrument)
    assert sorted(sheets.values_list("registration__participant__nip", flat=True)) == sorted(
        person.nip for person in registered[:3]
    )
    assert all(len(sheet.answers) == len(demo_instrument_rows()) for sheet in sheets)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert batch.result == {"stored": 3, "rejected": 2}
    assert "Sudah diimpor pada" in page(done)

    again = client.post(confirm, {"skip_invalid": "1"}, follow=True)
    assert "sudah dikonfirmasi atau dibatalkan" in " ".join(messages_of(again))
    # Without the choice too: the answer is that it is done, not that rows were rejected.
    plain = client.post(confirm, follow=True)
    assert "sudah dikonfirmasi atau dibatalkan" in " ".join(messages_of(plain))
    assert AnswerSheet.objects.count() == 3


def test_answers_need_an_instrument_of_the_event(client, bob, event, registered, answers_file):
    client.force_login(bob)
    response = upload(client, event, "jawaban", answers_file[0])
    assert response.status_code == 400
    assert "Kegiatan ini belum punya instrumen." in page(response)
    assert not ImportBatch.objects.exists()


def test_rejected_answers_download_as_the_rows_written_plus_the_reason(
    client, bob, event, instrument, answers_file
):
    client.force_login(bob)
    path, rows = answers_file
    upload(client, event, "jawaban", path, instrument=instrument.pk)
    batch = ImportBatch.objects.get()
    response = client.get(url("import_rejected", event, "jawaban", batch))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    table = list(sheet.iter_rows(values_only=True))
    codes = [code for code, *_ in demo_instrument_rows()]
    assert table[0] == ("NIP", *codes, "Baris Asal", "Keterangan")
    assert len(table) == 3  # header + the two rejected rows
    stranger, bad_letter = table[1], table[2]
    assert stranger[: len(codes) + 1] == tuple(rows[3])
    assert stranger[-2] == 7
    assert stranger[-1] == "NIP: NIP ini tidak terdaftar di kegiatan ini."
    assert bad_letter[: len(codes) + 1] == tuple(rows[4])
    assert bad_letter[1] == "Z"
    assert bad_letter[-2] == 8
    assert bad_letter[-1].startswith("M.01-01: ")
    for line in (2, 3):
        assert sheet.cell(line, 1).data_type == "s"  # the NIP as text, all 18 digits


# --- pre-scored results ---------------------------------------------------------------------


def test_prescored_csv_previews_confirms_once_and_stores(
    client, bob, event, registered, prescored_file
):
    client.force_login(bob)
    form = client.get(url("import", event, "skor-jadi"))
    assert form.status_code == 200
    assert "instrument" not in form.context["form"].fields

    response = upload(client, event, "skor-jadi", prescored_file)
    batch = ImportBatch.objects.get(kind=ImportBatch.Kind.PRESCORED)
    assert response.url == url("import_preview", event, "skor-jadi", batch)
    preview = client.get(response.url)
    assert (
        preview.context["total_rows"],
        preview.context["valid_rows"],
        preview.context["rejected_rows"],
    ) == (4, 3, 1)
    html = page(preview)
    assert "Level kompetensi harus angka bulat 1-5." in html
    assert "M.01" in html
    assert not PrescoredResult.objects.exists()

    confirm = url("import_confirm", event, "skor-jadi", batch)
    done = client.post(confirm, {"skip_invalid": "1"}, follow=True)
    assert "Impor selesai: 3 baris disimpan, 1 baris dilewati." in messages_of(done)
    stored = PrescoredResult.objects.order_by("registration_id")
    assert [r.registration.participant.nip for r in stored] == [p.nip for p in registered[:3]]
    assert all(r.levels == [3] * 9 for r in stored)
    assert {(str(r.ld_score), str(r.es_score)) for r in stored} == {("78.50", "81.00")}

    again = client.post(confirm, {"skip_invalid": "1"}, follow=True)
    assert "sudah dikonfirmasi atau dibatalkan" in " ".join(messages_of(again))
    assert PrescoredResult.objects.count() == 3


def test_rejected_prescored_row_downloads_with_its_values(client, bob, event, prescored_file):
    client.force_login(bob)
    upload(client, event, "skor-jadi", prescored_file)
    batch = ImportBatch.objects.get()
    response = client.get(url("import_rejected", event, "skor-jadi", batch))
    sheet = load_workbook(io.BytesIO(response.content)).active
    table = list(sheet.iter_rows(values_only=True))
    assert table[0] == (*PRESCORED_HEADER, "Baris Asal", "Keterangan")
    assert len(table) == 2
    bad = table[1]
    nip = prescored_file.read_text().splitlines()[4].split(";")[0]
    assert bad[0] == nip and sheet.cell(2, 1).data_type == "s"
    assert bad[1] in (7, "7")  # the level as written
    assert bad[-2] == 5
    assert bad[-1] == "M.01: Level kompetensi harus angka bulat 1-5."


# --- SKP ratings ----------------------------------------------------------------------------


def test_skp_previews_confirms_once_and_stores(client, bob, event, registered, skp_file):
    client.force_login(bob)
    response = upload(client, event, "skp", skp_file)
    batch = ImportBatch.objects.get(kind=ImportBatch.Kind.SKP)
    preview = client.get(response.url)
    assert (
        preview.context["total_rows"],
        preview.context["valid_rows"],
        preview.context["rejected_rows"],
    ) == (5, 4, 1)
    assert "NIP ini tidak ada di data peserta." in page(preview)
    assert not SkpRating.objects.exists()

    confirm = url("import_confirm", event, "skp", batch)
    done = client.post(confirm, {"skip_invalid": "1"}, follow=True)
    assert "Impor selesai: 4 baris disimpan, 1 baris dilewati." in messages_of(done)
    expected = {
        (nip, year, predikat)
        for nip, year, predikat in simulate_skp([person.nip for person in registered[:4]])
    }
    assert set(SkpRating.objects.values_list("participant__nip", "year", "predikat")) == expected

    again = client.post(confirm, {"skip_invalid": "1"}, follow=True)
    assert "sudah dikonfirmasi atau dibatalkan" in " ".join(messages_of(again))
    assert SkpRating.objects.count() == 4

    download = client.get(url("import_rejected", event, "skp", batch))
    sheet = load_workbook(io.BytesIO(download.content)).active
    table = list(sheet.iter_rows(values_only=True))
    assert table[0] == ("NIP", "Tahun", "Predikat", "Baris Asal", "Keterangan")
    assert table[1] == (STRANGER, 2023, "Baik", 8, "NIP: NIP ini tidak ada di data peserta.")
    assert sheet.cell(2, 1).data_type == "s"


def test_a_clean_file_confirms_without_the_valid_rows_only_choice(
    client, bob, event, registered, tmp_path
):
    client.force_login(bob)
    path = tmp_path / "skp-bersih.xlsx"
    write_skp(path, simulate_skp([person.nip for person in registered]))
    preview = client.get(upload(client, event, "skp", path).url)
    assert preview.context["rejected_rows"] == 0
    assert "Konfirmasi impor" in page(preview)
    batch = ImportBatch.objects.get()
    client.post(url("import_confirm", event, "skp", batch))
    assert SkpRating.objects.count() == len(registered)
    # A double click on the button stores nothing more.
    again = client.post(url("import_confirm", event, "skp", batch), follow=True)
    assert "sudah dikonfirmasi atau dibatalkan" in " ".join(messages_of(again))
    assert SkpRating.objects.count() == len(registered)


# --- cancel, size, who may ------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["jawaban", "skor-jadi", "skp"])
def test_cancel_keeps_nothing(
    client, bob, event, instrument, answers_file, prescored_file, skp_file, slug
):
    client.force_login(bob)
    path = {"jawaban": answers_file[0], "skor-jadi": prescored_file, "skp": skp_file}[slug]
    upload(client, event, slug, path, instrument=instrument.pk)
    batch = ImportBatch.objects.get()
    stored_at = batch.file.path
    assert os.path.exists(stored_at)
    response = client.post(url("import_cancel", event, slug, batch), follow=True)
    assert "Impor dibatalkan; tidak ada data yang diubah." in messages_of(response)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.CANCELLED
    assert not os.path.exists(stored_at)
    assert "dibatalkan" in page(client.get(url("import_preview", event, slug, batch)))
    # Confirming a cancelled import (a back button, a second tab) stores nothing either.
    late = client.post(
        url("import_confirm", event, slug, batch), {"skip_invalid": "1"}, follow=True
    )
    assert "sudah dikonfirmasi atau dibatalkan" in " ".join(messages_of(late))
    assert not AnswerSheet.objects.exists()
    assert not PrescoredResult.objects.exists()
    assert not SkpRating.objects.exists()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.CANCELLED
    gone = client.get(url("import_rejected", event, slug, batch), follow=True)
    assert "tidak disimpan atau sudah dihapus" in " ".join(messages_of(gone))


@pytest.mark.parametrize("size", [1024 * 1024 + 10, 3 * 1024 * 1024])
@pytest.mark.parametrize("slug", ["jawaban", "skor-jadi", "skp"])
def test_a_file_over_the_limit_is_refused(client, bob, event, instrument, settings, slug, size):
    """Just over the limit (the file's own size) and far over it (the request body)."""
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    client.force_login(bob)
    content = b"NIP;Tahun;Predikat\n" + b"x" * size
    response = client.post(
        url("import", event, slug),
        {"file": SimpleUploadedFile("besar.csv", content), "instrument": instrument.pk},
    )
    assert response.status_code == 400
    assert "File terlalu besar; batas unggah 1 MB." in page(response)
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize("slug", ["jawaban", "skor-jadi", "skp"])
def test_a_pengawas_and_a_pimpinan_may_not_import(
    client, bob, charlie, dave, event, instrument, skp_file, slug
):
    client.force_login(bob)
    upload(client, event, "skp", skp_file)
    skp_batch = ImportBatch.objects.get()
    for user in (charlie, dave):
        client.force_login(user)
        assert client.get(url("import", event, slug)).status_code == 403
        assert upload(client, event, slug, skp_file, instrument=instrument.pk).status_code == 403
        assert client.get(url("import_preview", event, "skp", skp_batch)).status_code == 403
        confirm = url("import_confirm", event, "skp", skp_batch)
        assert client.post(confirm, {"skip_invalid": "1"}).status_code == 403
        assert client.post(url("import_cancel", event, "skp", skp_batch)).status_code == 403
        assert client.get(url("import_rejected", event, "skp", skp_batch)).status_code == 403
    assert ImportBatch.objects.count() == 1
    assert not SkpRating.objects.exists()
    client.logout()
    assert client.get(url("import", event, slug)).status_code == 302  # to the sign-in page


def test_an_unknown_import_is_404(client, bob, event):
    client.force_login(bob)
    assert client.get(url("import", event, "lainnya")).status_code == 404
