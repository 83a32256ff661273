"""Attaching an instrument to an event in the browser, and the event's scoring rules."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from core.models import ImportBatch
from demo.results import demo_instrument_rows, write_instrument
from participants.competencies import COMPETENCY_CODES
from scoring.core import Settings
from scoring.models import Instrument, ScoringSettings

pytestmark = pytest.mark.django_db

HEADER = ["kode", "komponen", "skala", "tipe", "kunci", "terbalik"]


def instrument_rows() -> list[list]:
    rows = [
        [f"S{n}", "MSK", code, "SJT", "A=5;B=4;C=3;D=2;E=1", ""]
        for n, code in enumerate(COMPETENCY_CODES)
    ]
    rows += [
        [f"L{n}", "LD", pillar, "MC", "B", ""]
        for n, pillar in enumerate(["LD.DS", "LD.DC", "LD.DE", "LD.DF"])
    ]
    scales = ["ES.AD", "ES.BK", "ES.KI", "ES.KO", "ES.PB", "ES.KE"]
    rows += [
        [f"E{n}", "ES", scale, "LIKERT", "", "Y" if n % 2 else ""] for n, scale in enumerate(scales)
    ]
    return rows


def workbook_bytes(rows, tmp_path) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Items"
    sheet.append(HEADER)
    for values in rows:
        sheet.append(values)
    path = tmp_path / "Form A.xlsx"
    workbook.save(path)
    return path.read_bytes()


def upload(client, event, content, name="Form A.xlsx"):
    url = reverse("scoring:instruments", args=[event.code])
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def test_an_instrument_is_previewed_then_attached_once(client, bob, event, tmp_path):
    client.force_login(bob)
    content = workbook_bytes(instrument_rows(), tmp_path)
    preview_url = upload(client, event, content).url
    preview = client.get(preview_url)
    assert preview.context["counts"] == {"MSK": 9, "LD": 4, "ES": 6}
    assert not Instrument.objects.exists()
    client.post(preview_url)
    instrument = Instrument.objects.get()
    assert (instrument.name, instrument.items.count()) == ("Form A", 19)
    assert instrument.scoring_items()[0].key == {"A": 5, "B": 4, "C": 3, "D": 2, "E": 1}
    # The same file again replaces the items instead of adding a second copy.
    client.post(upload(client, event, content).url)
    assert Instrument.objects.get().items.count() == 19
    assert client.post(preview_url).status_code == 200  # a used preview is not applied twice


def test_an_instrument_with_a_bad_row_is_refused_whole(client, bob, event, tmp_path):
    client.force_login(bob)
    rows = instrument_rows()
    rows[2][4] = "A=5;B=4"  # an SJT key without five scores
    preview_url = upload(client, event, workbook_bytes(rows, tmp_path)).url
    page = client.get(preview_url).content.decode()
    assert "tidak bisa disimpan" in page
    client.post(preview_url)
    assert not Instrument.objects.exists()
    assert ImportBatch.objects.get().status == ImportBatch.Status.PREVIEW


def test_a_file_that_is_not_a_workbook_is_refused(client, bob, event):
    client.force_login(bob)
    response = upload(client, event, b"\x00\x01junk", "items.xlsx")
    assert response.status_code == 400 and "bukan file spreadsheet" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_the_scoring_rules_start_at_domain_defaults_and_are_edited(client, bob, event):
    client.force_login(bob)
    url = reverse("scoring:scoring_settings", args=[event.code])
    form = client.get(url).context["form"]
    assert form.instance.as_settings() == Settings()
    data = {
        name: str(value) for name, value in form.initial.items() if name != "id" and name != "event"
    }
    data["weight_es"] = "20"
    data["weight_msk"] = "55"
    client.post(url, data)
    assert ScoringSettings.objects.get().as_settings().weight_msk == 55.0
    data["jpm_cukup"] = "95"
    refused = client.post(url, data)
    assert "tidak boleh di atas" in refused.content.decode()
    assert float(ScoringSettings.objects.get().jpm_cukup) == 78.0


def test_only_operators_and_admins_manage_instruments(client, charlie, dave, event):
    for user in (charlie, dave):
        client.force_login(user)
        assert client.get(reverse("scoring:instruments", args=[event.code])).status_code == 403


def test_an_oversized_instrument_is_refused_before_its_body_is_read(bob, event, settings):
    """The announced length alone refuses it, before the CSRF check (which reads the form):
    the body sent here is not even a valid form, so reading it would fail differently (and
    the test client's input would run dry)."""
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    client = Client(enforce_csrf_checks=True)
    client.force_login(bob)
    url = reverse("scoring:instruments", args=[event.code])
    assert client.get(url).status_code == 200  # the CSRF cookie, as a browser has it
    response = client.post(
        url,
        data=b"--x\r\nbukan form",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(50 * 1024 * 1024),
    )
    assert response.status_code == 400
    assert "File terlalu besar; batas unggah 1 MB." in response.content.decode()
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize("size", [1024 * 1024 + 10, 3 * 1024 * 1024])
def test_an_instrument_over_the_limit_is_refused(client, bob, event, settings, size):
    """Just over the limit (the file's own size) and far over it (the request's length)."""
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    client.force_login(bob)
    response = upload(client, event, b"kode;komponen\n" + b"x" * size, "besar.csv")
    assert response.status_code == 400
    assert "File terlalu besar; batas unggah 1 MB." in response.content.decode()
    assert not ImportBatch.objects.exists()
    assert client.get(reverse("scoring:instruments", args=[event.code])).status_code == 200


def test_an_upload_within_the_limit_still_needs_its_csrf_token(bob, event, tmp_path):
    client = Client(enforce_csrf_checks=True)
    client.force_login(bob)
    url = reverse("scoring:instruments", args=[event.code])
    client.get(url)
    content = workbook_bytes(instrument_rows(), tmp_path)
    response = client.post(url, {"file": SimpleUploadedFile("Form A.xlsx", content)})
    assert response.status_code == 403
    token = client.cookies["csrftoken"].value
    data = {"file": SimpleUploadedFile("Form A.xlsx", content), "csrfmiddlewaretoken": token}
    assert client.post(url, data).status_code == 302  # to the preview
    assert ImportBatch.objects.count() == 1


def test_the_preview_lists_the_items_it_will_store_a_page_at_a_time(client, bob, event, tmp_path):
    path = tmp_path / "Form A.xlsx"
    write_instrument(path)
    client.force_login(bob)
    preview_url = upload(client, event, path.read_bytes()).url
    first = client.get(preview_url).content.decode()
    assert "Butir yang akan disimpan" in first and "Halaman 1 dari 3" in first
    codes = [row[0] for row in demo_instrument_rows()]
    assert len(codes) == 104
    seen = []
    for number in (1, 2, 3):
        html = client.get(preview_url, {"page": number}).content.decode()
        section = html[html.index('id="planned-rows"') :]
        seen += re.findall(r"<tr><td class=\"mono\">([^<]+)</td>", section)
    assert seen == codes
    partial = client.get(
        preview_url, {"page": 3}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="planned-rows"
    ).content.decode()
    assert "<html" not in partial and "Halaman 3 dari 3" in partial
    reversed_codes = [row[0] for row in demo_instrument_rows() if row[5] == "Y"]
    assert f'<td class="mono">{reversed_codes[-1]}</td>' in partial
    assert "<td>Ya</td>" in partial and "<td>Tidak</td>" in partial
    client.post(preview_url)  # saved: the list is gone from the processed preview
    assert 'id="planned-rows"' not in client.get(preview_url).content.decode()
