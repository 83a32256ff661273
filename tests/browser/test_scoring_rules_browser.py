"""The rules page in Chromium: on a desktop, and on a 375 px phone without sideways scroll."""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from tests.browser.conftest import sign_in

# Roles and master data come from migrations: keep them for the tests after this one.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 375, "height": 812}
WIDTHS = """() => ({
    scrollWidth: document.documentElement.scrollWidth,
    tables: [...document.querySelectorAll('main table')].map((table) => ({
        right: table.parentElement.getBoundingClientRect().right,
        scrolls: table.parentElement.scrollWidth > table.parentElement.clientWidth,
    })),
})"""


def test_the_rules_page_reads_on_a_desktop_and_a_phone(
    browser_page, live_server, dave, event, tmp_path
):
    page = browser_page
    shots = Path(os.environ.get("STORY_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    sign_in(page, live_server.url, "dave")
    page.goto(live_server.url + reverse("reports:scoring_rules", args=[event.code]))
    assert page.locator("h1").inner_text() == "Aturan penilaian"
    assert page.locator("#kotak-talenta table").first.is_visible()
    page.screenshot(path=str(shots / "aturan-penilaian.png"), full_page=True)

    page.set_viewport_size(PHONE)
    page.reload()
    seen = page.evaluate(WIDTHS)
    assert seen["scrollWidth"] <= PHONE["width"], seen
    assert all(table["right"] <= PHONE["width"] for table in seen["tables"]), seen
    assert not any(table["scrolls"] for table in seen["tables"]), seen  # not even inside
    page.screenshot(path=str(shots / "aturan-penilaian-hp.png"), full_page=True)
