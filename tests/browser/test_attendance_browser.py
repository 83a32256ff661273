"""A proctor marks one person, loses the network, marks two more, reconnects: all three
are recorded once."""

import pytest

from sessions_app.models import Attendance, AttendanceMark, Placement, Session
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_marks_made_offline_are_sent_once_when_the_network_returns(
    browser_page, live_server, charlie, today_event
):
    session = Session.objects.order_by("date", "start_time").first()
    people = [
        p.registration.participant
        for p in Placement.objects.filter(session=session).select_related(
            "registration__participant"
        )[:3]
    ]
    page = browser_page
    sign_in(page, live_server.url, "charlie")
    page.goto(f"{live_server.url}/kegiatan/pengawas/sesi/{session.pk}/")

    def mark(person):
        page.fill("#scan", person.nip)
        page.press("#scan", "Enter")

    mark(people[0])
    page.wait_for_selector(".msg-success")
    page.context.set_offline(True)
    mark(people[1])
    mark(people[2])
    page.wait_for_selector("#pending:not([hidden])")
    assert page.inner_text("#pending-count") == "2"
    assert "belum terkirim" in page.inner_text("table")
    assert Attendance.objects.count() == 1

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_selector("#pending[hidden]", state="attached")
    page.wait_for_function(
        "document.querySelectorAll('tr.status-hadir, tr.status-terlambat').length >= 3"
    )
    assert Attendance.objects.count() == 3
    assert AttendanceMark.objects.count() == 3
    assert AttendanceMark.objects.filter(replayed=True).count() == 2


def test_one_visit_is_enough_to_reload_offline_and_keep_marking(
    browser_page, live_server, charlie, today_event
):
    session = Session.objects.order_by("date", "start_time").first()
    person = (
        Placement.objects.filter(session=session)
        .select_related("registration__participant")[0]
        .registration.participant
    )
    # A fresh phone: its own context, nothing kept from before.
    context = browser_page.context.browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, live_server.url, "charlie")
    url = f"{live_server.url}/kegiatan/pengawas/sesi/{session.pk}/"
    page.goto(url)  # once: no second visit to let the service worker see the page
    page.wait_for_selector("#proctor[data-offline-ready='1']", state="attached")
    assert "tersimpan di perangkat" in page.inner_text("#offline-state")
    kept = page.evaluate(
        "async (url) => { const names = await caches.keys();"
        " return [names.length, !!(await caches.match(url))]; }",
        url,
    )
    assert kept == [1, True]

    context.set_offline(True)
    page.reload()
    assert person.name in page.inner_text("#roster")
    assert "Luring" in page.inner_text("#offline-state")
    page.locator(f"tr:has-text('{person.name}') button[data-mark=datang]").click()
    page.wait_for_selector("#pending:not([hidden])")
    assert page.inner_text("#pending-count") == "1"
    assert "belum terkirim" in page.inner_text(f"tr:has-text('{person.name}')")
    assert Attendance.objects.count() == 0

    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_selector("#pending[hidden]", state="attached")
    page.wait_for_timeout(6000)  # past the next retry tick: nothing is sent twice
    mark = AttendanceMark.objects.get()
    assert mark.replayed and mark.attendance.registration.participant == person
    context.close()
