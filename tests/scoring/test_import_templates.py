"""Each import page offers an empty workbook: downloaded through its real URL, read back with
openpyxl (header row, NIP as text), filled in as a person would, and uploaded through the same
page's real flow (upload, preview, confirm), which accepts it."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from core.models import ImportBatch
from demo.results import demo_instrument_rows, simulate_answers, write_instrument
from participants.competencies import COMPETENCY_CODES
from participants.models import Participant
from scoring.instrument import read_instrument
from scoring.models import AnswerSheet, Instrument, PrescoredResult, SkpRating
from scoring.services import instrument_attach
from tests.scoring.test_instrument_pages import instrument_rows, workbook_bytes

pytestmark = pytest.mark.django_db


def fetch(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith('attachment; filename="templat-')
    return load_workbook(io.BytesIO(response.content))


def header(sheet) -> list:
    return [cell.value for cell in sheet[1]]


def assert_text_column(sheet, label: str) -> None:
    """The column is formatted as text ("@"), as Excel's Format Cells > Text on a column."""
    letter = get_column_letter(header(sheet).index(label) + 1)
    assert sheet.column_dimensions[letter].number_format == "@"
    assert sheet.max_row == 1  # nothing below the header: rows typed or appended start at 2


def fill(book, rows: list[list]) -> bytes:
    """Write rows under the header and save, as a person filling the sheet would."""
    sheet = book.worksheets[0]
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload_and_confirm(client, upload_url: str, content: bytes, **data):
    response = client.post(upload_url, {"file": SimpleUploadedFile("isi.xlsx", content), **data})
    assert response.status_code == 302, response.content.decode()[:2000]
    preview = client.get(response.url)
    assert preview.context["rejected_rows"] == 0, preview.context.get("issues")
    token = resolve(response.url).kwargs["token"]
    return preview, token


# --- participants -----------------------------------------------------------------------


def test_the_participant_template_is_accepted_once_filled(client, bob, opds):
    client.force_login(bob)
    page = client.get(reverse("participants:import")).content.decode()
    template_url = reverse("participants:import_template")
    assert f'href="{template_url}"' in page and "Unduh templat .xlsx" in page
    book = fetch(client, template_url)
    sheet = book["Peserta"]
    assert header(sheet) == [
        "NIP", "Nama", "Golongan", "Jabatan", "Jenis Jabatan", "OPD", "UPT",
        "Kabupaten/Kota", "No HP", "Email", "Tidak Bisa",
    ]  # fmt: skip
    assert sheet.freeze_panes == "A2"
    assert_text_column(sheet, "NIP")
    assert_text_column(sheet, "No HP")
    assert "Petunjuk" in book.sheetnames
    content = fill(
        book,
        [
            ["198609262015051001", "Andi Wijaya", "III/c", "Analis SDM", "Pelaksana",
             "Kantor BKD", None, None, "081234567890", None, "2024-02-27"],
            ["19900101 201501 2 002", "Sari Dewi", "II/b", "Pengadministrasi", "Pelaksana",
             "Kantor DINKES", None, None, None, "sari@example.go.id", None],
        ],
    )  # fmt: skip
    preview, token = upload_and_confirm(client, reverse("participants:import"), content)
    assert preview.context["to_create"] == 2
    assert [row[0] for row in preview.context["creates"]] == [2, 3]  # rows as Excel shows them
    client.post(reverse("participants:import_confirm", args=[token]))
    andi = Participant.objects.get(nip="198609262015051001")
    assert (andi.name, andi.golongan, andi.opd.name) == ("Andi Wijaya", "III/c", "Kantor BKD")
    assert Participant.objects.filter(nip="199001012015012002").exists()


def test_a_proctor_may_not_take_the_participant_template(client, charlie):
    client.force_login(charlie)
    assert client.get(reverse("participants:import_template")).status_code == 403


# --- instrument ---------------------------------------------------------------------------


def test_the_instrument_template_is_accepted_once_filled(client, bob, event):
    client.force_login(bob)
    page = client.get(reverse("scoring:instruments", args=[event.code])).content.decode()
    template_url = reverse("scoring:instrument_template", args=[event.code])
    assert f'href="{template_url}"' in page
    book = fetch(client, template_url)
    sheet = book["Items"]
    assert book.sheetnames[0] == "Items"
    assert header(sheet) == ["kode", "komponen", "skala", "tipe", "kunci", "terbalik"]
    assert_text_column(sheet, "kode")
    rows = instrument_rows()
    rows[-1][-1] = "T"  # T is Terbalik
    rows[-2][-1] = True  # an Excel boolean
    content = fill(book, rows)
    response = client.post(
        reverse("scoring:instruments", args=[event.code]),
        {"file": SimpleUploadedFile("Form B.xlsx", content)},
    )
    assert response.status_code == 302
    preview = client.get(response.url)
    assert preview.context["items"] == 19 and not preview.context["issues"]
    client.post(response.url)
    instrument = Instrument.objects.get(event=event)
    reversed_codes = set(instrument.items.filter(reverse=True).values_list("code", flat=True))
    assert reversed_codes == {"E1", "E3", "E4", "E5"}


# --- results ------------------------------------------------------------------------------


@pytest.fixture
def two_instruments(event, registered, tmp_path):
    """Form A (the demo's 104 items) and, later, Form B (19 items)."""
    path = tmp_path / "Form A.xlsx"
    write_instrument(path)
    first = instrument_attach(
        event=event, name="Form A", source=path.name, plan=read_instrument(path), actor=None
    )
    other = tmp_path / "Form B.xlsx"
    other.write_bytes(workbook_bytes(instrument_rows(), tmp_path))
    second = instrument_attach(
        event=event, name="Form B", source=other.name, plan=read_instrument(other), actor=None
    )
    return first, second


def test_the_answers_template_holds_the_item_codes_of_the_chosen_instrument(
    client, bob, event, registered, two_instruments
):
    form_a, form_b = two_instruments
    client.force_login(bob)
    upload_url = reverse("scoring:import", args=[event.code, "jawaban"])
    template_url = reverse("scoring:import_template", args=[event.code, "jawaban"])
    page = client.get(upload_url).content.decode()
    assert f'href="{template_url}?instrumen={form_a.pk}"' in page
    assert f'href="{template_url}?instrumen={form_b.pk}"' in page
    latest = fetch(client, template_url).worksheets[0]
    assert header(latest) == ["NIP", *form_b.items.values_list("code", flat=True)]
    book = fetch(client, f"{template_url}?instrumen={form_a.pk}")
    sheet = book.worksheets[0]
    codes = [row[0] for row in demo_instrument_rows()]
    assert header(sheet) == ["NIP", *codes]
    assert_text_column(sheet, "NIP")
    answers = simulate_answers([person.nip for person in registered[:3]])
    content = fill(book, answers)
    preview, token = upload_and_confirm(client, upload_url, content, instrument=form_a.pk)
    assert preview.context["valid_rows"] == 3
    client.post(reverse("scoring:import_confirm", args=[event.code, "jawaban", token]))
    assert AnswerSheet.objects.filter(instrument=form_a).count() == 3


def test_the_answers_template_asks_for_an_instrument_first(client, bob, event):
    client.force_login(bob)
    response = client.get(
        reverse("scoring:import_template", args=[event.code, "jawaban"]), follow=True
    )
    assert "belum punya instrumen" in response.content.decode()


def test_the_prescored_template_is_accepted_once_filled(client, bob, event, registered):
    client.force_login(bob)
    upload_url = reverse("scoring:import", args=[event.code, "skor-jadi"])
    template_url = reverse("scoring:import_template", args=[event.code, "skor-jadi"])
    assert f'href="{template_url}"' in client.get(upload_url).content.decode()
    book = fetch(client, template_url)
    assert header(book.worksheets[0]) == ["NIP", *COMPETENCY_CODES, "LD", "ES"]
    assert_text_column(book.worksheets[0], "NIP")
    rows = [[person.nip, *[3] * 9, 78.5, 81] for person in registered[:2]]
    preview, token = upload_and_confirm(client, upload_url, fill(book, rows))
    assert preview.context["valid_rows"] == 2
    client.post(reverse("scoring:import_confirm", args=[event.code, "skor-jadi", token]))
    assert PrescoredResult.objects.count() == 2


def test_the_skp_template_is_accepted_once_filled(client, bob, event, registered):
    client.force_login(bob)
    upload_url = reverse("scoring:import", args=[event.code, "skp"])
    template_url = reverse("scoring:import_template", args=[event.code, "skp"])
    assert f'href="{template_url}"' in client.get(upload_url).content.decode()
    book = fetch(client, template_url)
    assert header(book.worksheets[0]) == ["NIP", "Tahun", "Predikat"]
    assert_text_column(book.worksheets[0], "NIP")
    rows = [[registered[0].nip, 2023, "Sangat Baik"], [registered[1].nip, 2023, "Baik"]]
    preview, token = upload_and_confirm(client, upload_url, fill(book, rows))
    assert preview.context["valid_rows"] == 2
    client.post(reverse("scoring:import_confirm", args=[event.code, "skp", token]))
    assert SkpRating.objects.count() == 2
    assert ImportBatch.objects.get(token=token).status == ImportBatch.Status.DONE


@pytest.mark.parametrize("slug", ["jawaban", "skor-jadi", "skp"])
def test_a_proctor_may_not_take_a_result_template(client, charlie, event, slug):
    client.force_login(charlie)
    url = reverse("scoring:import_template", args=[event.code, slug])
    assert client.get(url).status_code == 403
