"""The Admin BKD makes a token for SIMPEG in the Django admin, in Chromium: the key shows
once, on a page that fits a 1280 px screen and a 375 px phone, and the key opens the API."""

from pathlib import Path

import pytest
from django.urls import reverse

from api.models import ApiClient
from tests.api.conftest import get
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SHOTS = Path("/tmp/shots/api")


@pytest.mark.parametrize("width", [1280, 375])
def test_an_admin_makes_a_token_and_copies_its_key(
    browser_page, live_server, alice, registered, width
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server.url, "alice")
    page.goto(f"{live_server.url}{reverse('admin:api_apiclient_add')}")
    page.fill("input[name=name]", "SIMPEG Provinsi")
    page.check("input[name=all_opds]")
    page.check("input[name=resources][value=participants]")
    page.check("input[name=resources][value=results]")
    page.screenshot(path=SHOTS / f"admin-token-form-{width}.png", full_page=True)
    page.click("input[name=_save]")
    page.wait_for_selector("[data-api-key]")
    assert "tidak akan ditampilkan lagi" in page.inner_text("#content-main")
    key = page.input_value("[data-api-key]")
    page.screenshot(path=SHOTS / f"admin-token-key-{width}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    token = ApiClient.objects.get()
    assert token.key_prefix == key[:8]
    answer = get(f"{live_server.url}{reverse('api:participants')}", key)
    assert answer.status == 200 and len(answer.json["results"]) == 12
    page.goto(f"{live_server.url}{reverse('admin:api_apiclient_change', args=[token.pk])}")
    assert key not in page.content()
