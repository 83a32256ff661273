"""In Chromium: after a NIP search on the participant list (typed, htmx) and on the result
list (submitted, at phone width), the address bar holds no NIP, only an opaque key."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from scoring.runs import lifecycle
from tests.browser.conftest import sign_in
from tests.sessions_app.fixtures import make_participants

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SHOTS = Path("/tmp/shots/h6")
DIGIT_RUN = re.compile(r"\d(?:[\d.+]|%20){7,}")


def no_nip(url: str) -> bool:
    return not any(sum(c.isdigit() for c in run) >= 8 for run in DIGIT_RUN.findall(url))


def test_a_nip_typed_into_the_participant_search_stays_out_of_the_address(
    browser_page, live_server, bob, opd_dinkes
):
    people = make_participants(opd_dinkes, 3)
    person = people[1]
    page = browser_page
    sign_in(page, live_server.url, "bob")
    page.goto(f"{live_server.url}{reverse('participants:list')}")
    written = f"{person.nip[:8]} {person.nip[8:14]} {person.nip[14]} {person.nip[15:]}"
    page.fill("input[name=q]", written)  # htmx posts after a pause in typing
    page.wait_for_function("() => location.search.includes('cari=')")
    page.wait_for_selector(f"#results td.mono:text-is('{person.nip}')")
    assert page.locator("#results tbody tr").count() == 1
    assert no_nip(page.url), page.url
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "nip-search-participants-desktop.png"), full_page=True)
    # Enter submits the same way; reloading the keyed address keeps the search.
    page.fill("input[name=q]", people[2].nip)
    page.press("input[name=q]", "Enter")
    page.wait_for_selector(f"#results td.mono:text-is('{people[2].nip}')")
    page.reload()
    assert page.locator("#results tbody tr").count() == 1
    assert no_nip(page.url) and "cari=" in page.url
    page.go_back()
    assert no_nip(page.url), page.url


def test_a_nip_searched_on_the_result_list_at_phone_width(
    browser_page, live_server, dave, tested_event, registered
):
    lifecycle.publish_run(run=lifecycle.start_run(event=tested_event, actor=None), actor=None)
    page = browser_page
    page.set_viewport_size({"width": 375, "height": 812})
    sign_in(page, live_server.url, "dave")
    page.goto(f"{live_server.url}{reverse('reports:results', args=[tested_event.code])}")
    nip = registered[0].nip
    page.fill("input[name=q]", nip)
    page.click("form.filters button")
    page.wait_for_url(re.compile(r"cari="))
    assert no_nip(page.url), page.url
    assert page.locator("table tbody tr").count() == 1
    assert page.locator(f"td.mono a:text-is('{nip}')").count() == 1
    page.screenshot(path=str(SHOTS / "nip-search-results-phone.png"), full_page=True)
