"""In Chromium, at desktop and phone width: the operator reschedules today's no-shows in one
decision (select all, preview, save) and the proctor of their new session finds them; each
role lands where its work is after signing in."""

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page

from accounts.roles import Role
from scoring.runs import lifecycle
from sessions_app.models import Placement, Session, Unavailability
from sessions_app.services.attendance import session_close
from tests.browser.conftest import sign_in
from tests.conftest import make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SHOTS = Path("/tmp/shots/h4")
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 812}}


def open_page(browser_page, viewport: str, refusals: list) -> Page:
    """A fresh browser at that width; the policy's refusals (console) go to refusals."""
    context = browser_page.context.browser.new_context(
        viewport=VIEWPORTS[viewport], timezone_id="Asia/Makassar"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on(
        "console",
        lambda message: refusals.append(message.text) if "Refused to" in message.text else None,
    )
    return page


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def fits_the_width(page: Page) -> bool:
    """Nothing but the tables' own scrolling boxes runs wider than the screen."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_no_shows_are_rescheduled_in_one_decision_and_their_new_proctor_sees_them(
    browser_page, live_server, bob, charlie, today_event, viewport
):
    first = today_event.sessions.order_by("date", "start_time").first()
    session_close(session=first, actor=charlie)
    tomorrow = first.date + dt.timedelta(days=1)
    Placement.objects.filter(session__date=tomorrow).delete()  # room tomorrow
    no_shows = list(
        Placement.objects.filter(session=first)
        .select_related("registration__participant")
        .order_by("registration__participant__name")
        .values_list("registration", "registration__participant__name")
    )
    busy_id, busy_name = no_shows[0]
    Unavailability.objects.create(registration_id=busy_id, date=tomorrow)
    yusuf = make_user("yusuf", Role.PENGAWAS)
    for session in Session.objects.filter(date=tomorrow):
        session.proctors.set([yusuf])

    refusals = []
    page = open_page(browser_page, viewport, refusals)
    sign_in(page, live_server.url, "bob")
    page.goto(live_server.url + reverse("sessions_app:missed", args=[today_event.code]))
    page.click("label:has-text('Pilih semua')")
    boxes = page.locator("input[name=registration]")
    assert boxes.count() == len(no_shows)
    assert all(boxes.nth(i).is_checked() for i in range(boxes.count()))
    assert (
        page.inner_text("[data-selected-count]") == f"{len(no_shows)} dari {len(no_shows)} dipilih"
    )
    assert fits_the_width(page)
    shot(page, f"missed-{viewport}")
    page.click("button:has-text('Pratinjau jadwal ulang')")

    page.wait_for_selector("#moves")
    moves = page.locator("#moves tbody tr")
    assert moves.count() == len(no_shows) - 1
    assert busy_name in page.inner_text("#unplaced")
    assert "tidak ada sesi terbuka pada hari sesudahnya" in page.inner_text("#unplaced")
    assert page.locator("button:has-text('Simpan jadwal ulang')").is_visible()
    assert not Placement.objects.filter(session__date=tomorrow).exists()  # nothing saved yet
    assert fits_the_width(page)
    shot(page, f"missed-preview-{viewport}")
    page.click("button:has-text('Simpan jadwal ulang')")

    messages = page.inner_text(".messages")
    assert f"{len(no_shows) - 1} peserta dijadwalkan ulang." in messages
    assert "1 peserta tidak bisa ditempatkan" in messages
    assert busy_name in page.inner_text("table")
    moved = Placement.objects.filter(session__date=tomorrow).select_related("session")
    assert {p.registration_id for p in moved} == {reg for reg, _name in no_shows[1:]}
    shot(page, f"missed-saved-{viewport}")
    page.context.close()

    proctor = open_page(browser_page, viewport, refusals)
    sign_in(proctor, live_server.url, "yusuf")  # nothing today: the home lists the next ones
    target = moved.order_by("session__start_time").first().session
    proctor.click(
        f"#proctor-agenda a[href='{reverse('sessions_app:proctor_session', args=[target.pk])}']"
    )
    proctor.wait_for_url(
        live_server.url + reverse("sessions_app:proctor_session", args=[target.pk])
    )
    roster = proctor.inner_text("table")
    for registration, name in no_shows[1:]:
        if moved.get(registration_id=registration).session_id == target.pk:
            assert name in roster
    shot(proctor, f"proctor-new-session-{viewport}")
    proctor.context.close()
    assert refusals == []


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_each_role_lands_where_its_work_is(
    browser_page, live_server, charlie, dave, tested_event, viewport
):
    today = tested_event.sessions.order_by("date", "start_time").first()
    today.date = timezone.localdate()
    today.save()
    today.proctors.add(charlie)

    refusals = []
    proctor = open_page(browser_page, viewport, refusals)
    sign_in(proctor, live_server.url, "charlie")
    assert proctor.url == live_server.url + reverse("sessions_app:proctor_session", args=[today.pk])
    assert proctor.locator("#scan").is_visible()
    shot(proctor, f"home-proctor-{viewport}")
    proctor.context.close()

    manager = open_page(browser_page, viewport, refusals)
    sign_in(manager, live_server.url, "dave")
    assert "Belum ada kegiatan yang hasilnya terbit." in manager.inner_text("#published-results")
    manager.goto(live_server.url + reverse("reports:dashboard", args=[tested_event.code]))
    assert "Hasil belum terbit" in manager.inner_text("h1")
    assert fits_the_width(manager)
    shot(manager, f"not-published-{viewport}")

    lifecycle.publish_run(run=lifecycle.start_run(event=tested_event, actor=None), actor=None)
    manager.goto(live_server.url + "/")
    manager.click(f"#published-results a:has-text('{tested_event.name}')")
    manager.wait_for_url(live_server.url + reverse("reports:dashboard", args=[tested_event.code]))
    assert "Hasil belum terbit" not in manager.inner_text("main")
    manager.goto(live_server.url + "/")
    assert fits_the_width(manager)
    shot(manager, f"home-manager-{viewport}")
    manager.context.close()
    assert refusals == []
