"""Participant import in the browser: upload, preview, confirm, download the rejected rows."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from core.models import ImportBatch
from participants.models import Opd, Participant
from tests.conftest import row, write_xlsx

pytestmark = pytest.mark.django_db


def upload(client, path_or_bytes, name="peserta.xlsx"):
    content = path_or_bytes if isinstance(path_or_bytes, bytes) else path_or_bytes.read_bytes()
    return client.post(reverse("participants:import"), {"file": SimpleUploadedFile(name, content)})


@pytest.fixture
def good_file(tmp_path):
    rows = [row("198609262015051001"), row("198609262015051002", name="Budi Santoso")]
    return write_xlsx(tmp_path / "peserta.xlsx", rows, title_rows=2)


@pytest.fixture
def mixed_file(tmp_path):
    rows = [row("198609262015051001"), row("19860926", name="=1+1"), row("198609262015051003")]
    return write_xlsx(tmp_path / "campur.xlsx", rows)


def test_upload_shows_a_preview_and_writes_nothing(as_user, bob, good_file):
    client = as_user(bob)
    response = upload(client, good_file)
    batch = ImportBatch.objects.get()
    assert response.url == reverse("participants:import_preview", args=[batch.token])
    page = client.get(response.url)
    assert page.status_code == 200
    assert batch.summary["to_create"] == 2
    assert "Badan Kepegawaian Daerah" in page.content.decode()
    assert Participant.objects.count() == 0
    assert Opd.objects.count() == 0


def test_confirm_writes_once(as_user, bob, good_file):
    client = as_user(bob)
    batch_url = upload(client, good_file).url
    batch = ImportBatch.objects.get()
    confirm = reverse("participants:import_confirm", args=[batch.token])
    response = client.post(confirm, follow=True)
    assert "2 peserta baru" in response.content.decode()
    assert Participant.objects.count() == 2
    again = client.post(confirm, follow=True)
    assert "sudah dikonfirmasi" in again.content.decode()
    assert Participant.objects.count() == 2
    assert client.get(batch_url).status_code == 200


def test_a_file_with_rejected_rows_needs_the_valid_rows_only_choice(as_user, bob, mixed_file):
    client = as_user(bob)
    preview = client.get(upload(client, mixed_file).url).content.decode()
    assert "Impor 2 baris yang valid saja" in preview
    assert "rumus Excel =1+1" in preview
    batch = ImportBatch.objects.get()
    confirm = reverse("participants:import_confirm", args=[batch.token])
    refused = client.post(confirm, follow=True)
    assert "baris ditolak; tidak ada yang disimpan" in refused.content.decode()
    assert Participant.objects.count() == 0
    client.post(confirm, {"skip_invalid": "1"})
    assert Participant.objects.count() == 2


def test_rejected_rows_download_as_a_workbook_that_can_be_fixed(as_user, bob, mixed_file):
    client = as_user(bob)
    upload(client, mixed_file)
    batch = ImportBatch.objects.get()
    response = client.get(reverse("participants:import_rejected", args=[batch.token]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("NIP", "Nama", "Golongan", "Jabatan", "Jenis Jabatan", "OPD")
    assert rows[0][-2:] == ("Baris Asal", "Keterangan")
    assert len(rows) == 2
    assert rows[1][0] == "19860926" and rows[1][1] == "=1+1"
    assert sheet.cell(2, 2).data_type == "s"  # shown as text, never run as a formula
    assert rows[1][-2] == 3


def test_cancel_removes_the_stored_file(as_user, bob, good_file):
    client = as_user(bob)
    upload(client, good_file)
    batch = ImportBatch.objects.get()
    path = batch.file.path
    client.post(reverse("participants:import_cancel", args=[batch.token]))
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.CANCELLED
    assert not __import__("os").path.exists(path)


@pytest.mark.parametrize(
    ("content", "name", "fragment"),
    [
        (b"", "kosong.xlsx", "kosong"),
        (b"\x00\x01\x02junk" * 100, "data.xlsx", "bukan file spreadsheet"),
        (b"Nama,Jabatan\nAndi,Analis\n", "tanpa-nip.csv", "NIP"),
        (b"PK\x03\x04 broken zip", "rusak.xlsx", "rusak"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "lama.xls", ".xls"),
    ],
)
def test_bad_files_get_a_clear_message_and_change_nothing(as_user, bob, content, name, fragment):
    response = upload(as_user(bob), content, name)
    assert response.status_code == 400
    assert fragment in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_a_zip_bomb_named_xlsx_is_refused(as_user, bob):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(300):
                member.write(chunk)
    response = upload(as_user(bob), buffer.getvalue(), "bom.xlsx")
    assert response.status_code == 400
    assert ImportBatch.objects.count() == 0


def test_an_upload_over_the_limit_is_refused_before_it_is_read(as_user, bob, settings):
    settings.IMPORT_MAX_BYTES = 100 * 1024
    response = upload(as_user(bob), b"x" * (300 * 1024), "besar.csv")
    assert response.status_code == 400
    assert "terlalu besar" in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_pages_refuse_other_roles(as_user, client, charlie, dave, good_file):
    url = reverse("participants:import")
    assert client.get(url).status_code == 302
    assert as_user(charlie).get(url).status_code == 403
    assert as_user(dave).get(url).status_code == 403
    assert upload(as_user(dave), good_file).status_code == 403
    assert Participant.objects.count() == 0
