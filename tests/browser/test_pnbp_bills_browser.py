"""The PNBP register in Chromium at 1280 px and at a phone's 375 px: an operator issues the
bills, opens one, marks it paid with the payment reference, and the register shows it."""

from pathlib import Path

import pytest
from django.urls import reverse

from reports.models import PnbpBill
from tests.browser.conftest import sign_in
from tests.reports.test_pnbp import mark

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SHOTS = Path("/tmp/shots/pnbp")


@pytest.mark.parametrize("width", [1280, 375])
def test_an_operator_issues_bills_and_marks_one_paid(
    browser_page, live_server, bob, event, registered, width
):
    mark(event, registered)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server.url, "bob")
    page.goto(live_server.url + reverse("reports:pnbp_bills", args=[event.code]))
    assert page.is_visible("#pending")  # two OPDs to bill, nothing issued yet
    page.click("text=Terbitkan tagihan")
    page.wait_for_selector(".msg-success")
    assert "Tagihan terbit:" in page.inner_text(".messages")
    assert page.locator("table.bills tbody tr[data-bill]").count() == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(SHOTS / f"register-{width}.png"), full_page=True)

    dinkes = PnbpBill.objects.get(opd__code="DINKES")
    page.click(f"tr[data-bill='{dinkes.number}'] >> text=Tandai lunas")
    page.wait_for_selector("#lunas")
    assert "Lima ratus ribu rupiah" in page.inner_text("main")
    assert page.input_value("input[name=paid_on]") == dinkes.issued_on.isoformat()  # today
    page.fill("input[name=paid_on]", "")  # the date taken out first: refused
    page.fill("input[name=reference]", "NTPN 0123456789ABCDEF")
    page.click("text=Simpan pembayaran")
    page.wait_for_selector(".errorlist")
    assert "Isi tanggal bayar." in page.inner_text("#lunas")
    page.screenshot(path=str(SHOTS / f"bill-error-{width}.png"), full_page=True)
    page.fill("input[name=paid_on]", dinkes.issued_on.isoformat())
    page.click("text=Simpan pembayaran")
    page.wait_for_selector(".msg-success")
    assert f"Tagihan {dinkes.number} tercatat lunas." in page.inner_text(".messages")
    row = page.inner_text(f"tr[data-bill='{dinkes.number}']")
    assert "Lunas" in row and "NTPN 0123456789ABCDEF" in row
    assert "Rp 500.000" in page.inner_text("#bill-totals")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(SHOTS / f"register-paid-{width}.png"), full_page=True)
    dinkes.refresh_from_db()
    assert dinkes.status == PnbpBill.Status.PAID
