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


def test_the_proctor_page_reloads_offline_and_keeps_marking(
    browser_page, live_server, charlie, today_event
):
    session = Session.objects.order_by("date", "start_time").first()
    person = Placement.objects.filter(session=session).select_related("registration__participant")[
        0
    ]
    page = browser_page
    sign_in(page, live_server.url, "charlie")
    url = f"{live_server.url}/kegiatan/pengawas/sesi/{session.pk}/"
    page.goto(url)
    page.evaluate("navigator.serviceWorker.ready")
    page.reload()  # now controlled by the service worker, which keeps a copy
    page.wait_for_function("navigator.serviceWorker.controller !== null")

    page.context.set_offline(True)
    page.reload()
    assert person.registration.participant.name in page.inner_text("table")
    page.fill("#scan", person.registration.participant.nip)
    page.press("#scan", "Enter")
    page.wait_for_selector("#pending:not([hidden])")
    assert Attendance.objects.count() == 0

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_selector("#pending[hidden]", state="attached")
    assert AttendanceMark.objects.get().replayed
