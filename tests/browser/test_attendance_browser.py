"""A proctor marks one person, loses the network, marks two more, reconnects: all three
are recorded once. The page shows the status the server decided for each arrival."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sessions_app.models import (
    Attendance,
    AttendanceMark,
    AttendanceStatus,
    Placement,
    Session,
)
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


def test_the_page_shows_the_lateness_the_server_decided_by_the_devices_time(
    browser_page, live_server, charlie, today_event, monkeypatch
):
    """Hadir sends an arrival; the server answers Hadir up to 15 minutes past the start and
    Terlambat after, by the phone's time, also for a mark kept offline and sent later."""
    session = Session.objects.order_by("date", "start_time").first()
    start = timezone.make_aware(dt.datetime.combine(session.date, session.start_time))
    # The server's clock 40 minutes past the start; the phone's clock set below.
    monkeypatch.setattr(timezone, "now", lambda: start + dt.timedelta(minutes=40))
    people = [
        p.registration.participant
        for p in Placement.objects.filter(session=session).select_related(
            "registration__participant"
        )[:3]
    ]
    page = browser_page
    sign_in(page, live_server.url, "charlie")
    page.clock.set_fixed_time(start + dt.timedelta(minutes=10))
    page.goto(live_server.url + reverse("sessions_app:proctor_session", args=[session.pk]))

    def tap_hadir(person):
        page.locator("tr", has_text=person.name).locator("button[data-mark=datang]").click()

    def state(person):
        return page.locator("tr", has_text=person.name).locator("td.state").inner_text()

    tap_hadir(people[0])
    page.wait_for_selector("#feedback.msg-success")
    assert state(people[0]) == "Hadir"
    page.clock.set_fixed_time(start + dt.timedelta(minutes=25))
    tap_hadir(people[1])
    page.wait_for_selector(f"#feedback:has-text('{people[1].name}: Terlambat')")
    assert state(people[1]).startswith("Terlambat")  # the list's refresh adds the time

    page.clock.set_fixed_time(start + dt.timedelta(minutes=12))
    page.context.set_offline(True)
    tap_hadir(people[2])
    page.wait_for_selector("#pending:not([hidden])")
    assert state(people[2]) == "Datang (belum terkirim)"
    assert page.inner_text("[data-count=datang]") == "1"
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_selector("#pending[hidden]", state="attached")
    page.wait_for_function(
        "(name) => Array.from(document.querySelectorAll('tr.status-hadir:not(.unsent)'))"
        ".some((row) => row.textContent.includes(name))",
        arg=people[2].name,
    )
    statuses = dict(Attendance.objects.values_list("registration__participant__name", "status"))
    assert statuses == {
        people[0].name: AttendanceStatus.PRESENT,
        people[1].name: AttendanceStatus.LATE,
        people[2].name: AttendanceStatus.PRESENT,  # made 12 minutes past, sent 40 past
    }
    assert not page.locator("[data-count=datang]").is_visible()
