"""The OPD page in Chromium at 1280 and 375 px: the operator fills in the contact (the phone
becomes +62...), then the page offers the schedule letter in WhatsApp; following the link
opens wa.me with the letter's text and the outbox records it."""

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from messaging.models import Message
from participants.models import Opd
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SHOTS = Path("/tmp/shots/letters")
WIDTHS = {"wide": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 812}}


@pytest.mark.parametrize("size", ["wide", "phone"])
def test_the_operator_enters_the_contact_and_hands_the_letter_to_whatsapp(
    browser_page, live_server, bob, upcoming_event, size
):
    context = browser_page.context.browser.new_context(viewport=WIDTHS[size])
    page = context.new_page()
    page.set_default_timeout(15_000)
    # wa.me is the outside world: the test only looks at where the browser was sent.
    asked: list[str] = []
    context.on("request", lambda request: asked.append(request.url))
    sign_in(page, live_server.url, "bob")
    opd = Opd.objects.get(code="BKD")
    url = live_server.url + reverse("participants:opd_edit", args=[opd.pk])
    page.goto(url)
    assert page.locator("#whatsapp-opd").count() == 0  # no phone yet
    page.fill("input[name=contact_name]", "Rina Kepegawaian")
    page.fill("input[name=contact_email]", "kepegawaian@bkd.example")
    page.fill("input[name=contact_phone]", "0812-55")
    page.click("form.form button.primary")
    page.wait_for_selector(".errorlist")
    assert "tidak valid" in page.inner_text(".errorlist")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"opd-contact-error-{size}.png"), full_page=True)

    page.fill("input[name=contact_phone]", "0812-5550-1234")
    page.click("form.form button.primary")
    page.wait_for_url(lambda address: address.endswith(reverse("participants:opd_list")))
    opd.refresh_from_db()
    assert opd.contact_phone == "+6281255501234"

    page.goto(url)
    assert page.input_value("input[name=contact_phone]") == "+6281255501234"
    link = page.locator("#whatsapp-opd a.button")
    assert link.is_visible() and link.inner_text() == f"WhatsApp: {upcoming_event.code}"
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[size]["width"]
    page.screenshot(path=str(SHOTS / f"opd-contact-{size}.png"), full_page=True)

    with page.expect_popup() as popup:
        link.click()
    popup.value.wait_for_load_state()
    target = urlsplit(next(address for address in asked if address.startswith("https://wa.me/")))
    assert (target.netloc, target.path) == ("wa.me", "/6281255501234")
    assert parse_qs(target.query)["text"][0].startswith("Yth. Rina Kepegawaian,")
    message = Message.objects.get(channel="whatsapp")
    assert (message.opd_id, message.kind, message.caused_by) == (opd.pk, "opd_letter", bob)
    context.close()


@pytest.mark.parametrize("size", ["wide", "phone"])
def test_the_operator_previews_the_opd_letter_before_the_batch_goes(
    browser_page, live_server, bob, upcoming_event, size
):
    Opd.objects.filter(code="BKD").update(
        contact_name="Rina Kepegawaian", contact_email="kepegawaian@bkd.example"
    )
    context = browser_page.context.browser.new_context(viewport=WIDTHS[size])
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, live_server.url, "bob")
    page.goto(live_server.url + reverse("messaging:event", args=[upcoming_event.code]))
    preview = reverse("messaging:preview", args=[upcoming_event.code, "opd_letter"])
    page.click(f'a[href="{preview}"]')
    page.wait_for_selector("pre.message-body")
    text = page.inner_text("main")
    assert "Contoh untuk Rina Kepegawaian" in text
    assert "surat-jadwal-UJI-2024.pdf, jadwal-UJI-2024.xlsx" in text
    assert "Kirim ke 1 OPD" in text
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[size]["width"]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"opd-letter-preview-{size}.png"), full_page=True)
    assert not Message.objects.exists()  # a preview sends nothing
    context.close()
