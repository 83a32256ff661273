"""In Chromium, as an operator: take the participant template from the import page, fill it
with 250 people, upload it, and page through the people the preview will create (htmx, the
address keeping the preview's token), at desktop and phone width."""

import io
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.models import ImportBatch
from demo.results import write_instrument
from scoring.instrument import read_instrument
from scoring.services import instrument_attach
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SHOTS = Path("/tmp/shots/h5")


def test_an_operator_fills_the_template_and_pages_the_preview(
    browser_page, live_server, bob, tmp_path
):
    page = browser_page
    sign_in(page, live_server.url, "bob")
    page.goto(f"{live_server.url}{reverse('participants:import')}")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "import-upload-template-link.png"), full_page=True)
    with page.expect_download() as download:
        page.click("a:has-text('Unduh templat .xlsx')")
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    sheet = book["Peserta"]
    for number in range(1, 251):
        sheet.append([f"198609262015051{number:03d}", f"Pegawai {number:03d}", "III/a",
                      "Pengadministrasi", "Pelaksana", "Kantor BKD"])  # fmt: skip
    filled = tmp_path / "peserta-isi.xlsx"
    book.save(filled)
    page.set_input_files("input[type=file]", str(filled))
    page.click("button:has-text('Unggah dan lihat pratinjau')")
    page.wait_for_selector("#planned-rows")
    token = str(ImportBatch.objects.get().token)
    assert token in page.url
    assert "Halaman 1 dari 5" in page.inner_text("#planned-rows")
    assert page.locator("#planned-rows tbody tr").count() == 50
    page.evaluate("window.notReloaded = true")
    page.click("#planned-rows a:has-text('Berikutnya')")
    page.wait_for_selector("#planned-rows :text('Halaman 2 dari 5')")
    assert page.evaluate("window.notReloaded") is True  # htmx swapped the list only
    assert token in page.url and "page=2" in page.url
    first = page.locator("#planned-rows tbody tr").first.inner_text()
    assert "198609262015051051" in first and first.startswith("52")  # its row in Excel
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "import-preview-page2-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 375, "height": 812})
    page.reload()  # the pushed address gives page 2 again, whole
    assert "Halaman 2 dari 5" in page.inner_text("#planned-rows")
    page.locator("#planned-rows").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "import-preview-page2-phone.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, width  # the table scrolls in its own box, not the page


def test_the_answers_import_page_offers_the_template_of_each_instrument(
    browser_page, live_server, bob, event, tmp_path
):
    path = tmp_path / "Form A.xlsx"
    write_instrument(path)
    form = instrument_attach(
        event=event, name="Form A", source=path.name, plan=read_instrument(path), actor=None
    )
    page = browser_page
    sign_in(page, live_server.url, "bob")
    for width, height, name in ((1280, 900, "desktop"), (375, 812, "phone")):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{live_server.url}{reverse('scoring:import', args=[event.code, 'jawaban'])}")
        page.screenshot(path=str(SHOTS / f"answers-import-template-{name}.png"), full_page=True)
    with page.expect_download() as download:
        page.click("a:has-text('Unduh templat .xlsx')")
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).worksheets[0]
    codes = list(form.items.order_by("position").values_list("code", flat=True))
    assert [cell.value for cell in sheet[1]] == ["NIP", *codes]
