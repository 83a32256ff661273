"""The proctor's session as they see it in Chromium: a closed session, someone moved away
while the page was open, and signing out of a device that still holds unsent marks."""

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from sessions_app.models import Attendance, AttendanceMark, Placement, Session
from sessions_app.services.placement import placement_move
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SHOTS = Path("/tmp/shots/h3")
CACHE_NAMES = "caches.keys().then((names) => names.length)"


def first_session():
    return Session.objects.order_by("date", "start_time").first()


def new_page(browser_page, live_server, username, viewport=None):
    context = browser_page.context.browser.new_context(
        viewport=viewport or {"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, live_server.url, username)
    return page


def test_after_tutup_sesi_the_buttons_are_disabled_and_the_operator_may_reopen(
    browser_page, live_server, charlie, bob, today_event
):
    session = first_session()
    url = live_server.url + reverse("sessions_app:proctor_session", args=[session.pk])
    page = new_page(browser_page, live_server, "charlie", {"width": 375, "height": 812})
    page.goto(url)
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("text=Tutup sesi")
    page.wait_for_selector("#refusal")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "closed-proctor-phone.png"), full_page=True)
    assert "Tombol penandaan dinonaktifkan" in page.inner_text("#refusal")
    assert "Sesi sudah ditutup pukul" in page.inner_text("#refusal")
    buttons = page.locator("#roster button")
    assert buttons.count() == 20
    assert all(buttons.nth(i).is_disabled() for i in range(buttons.count()))
    assert page.is_disabled("#scan") and page.is_disabled("#camera")
    assert page.locator("text=Tutup sesi").count() == 0
    page.context.close()

    operator = new_page(browser_page, live_server, "bob")
    operator.goto(
        live_server.url + reverse("sessions_app:attendance_overview", args=[today_event.code])
    )
    row = operator.locator("#overview tr", has_text="Sesi 1")
    assert "ditutup" in row.inner_text() and row.locator("text=Buka kembali").count() == 1
    operator.goto(url)
    operator.screenshot(path=str(SHOTS / "closed-operator.png"), full_page=True)
    assert "Sesi ditutup" in operator.inner_text("#closed-session")
    assert operator.locator("text=Tutup sesi").count() == 0
    operator.click("#closed-session button")
    operator.wait_for_selector("text=Sesi dibuka kembali untuk pengawas.")
    assert operator.locator("text=Tutup sesi").count() == 1
    session.refresh_from_db()
    assert session.closed_at is None
    operator.context.close()


def test_marking_someone_moved_since_the_page_loaded_asks_first(
    browser_page, live_server, charlie, bob, today_event
):
    session = first_session()
    placement = Placement.objects.filter(session=session).select_related(
        "registration__participant"
    )[0]
    name = placement.registration.participant.name
    page = new_page(browser_page, live_server, "charlie")
    page.goto(live_server.url + reverse("sessions_app:proctor_session", args=[session.pk]))
    target = (
        Session.objects.exclude(pk=session.pk)
        .annotate(n=Count("placements"))
        .order_by("n", "date")
        .first()
    )
    placement_move(
        registration=placement.registration, session=target, reason="Rapat dinas", actor=bob
    )
    questions = []

    def answer(dialog, accept):
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, False))
    page.locator("tr", has_text=name).locator("button[data-mark=datang]").click()
    page.wait_for_selector("#feedback.msg-warning")
    assert "dipindahkan ke" in questions[0] and str(target) in questions[0]
    assert "Tidak ditandai" in page.inner_text("#feedback")
    assert not Attendance.objects.exists()

    page.once("dialog", lambda dialog: answer(dialog, True))
    page.locator("tr", has_text=name).locator("button[data-mark=datang]").click()
    page.wait_for_selector("#feedback.msg-success")
    assert len(questions) == 2
    assert Attendance.objects.get().session == session
    # At the next refresh the counts add up: 4 expected, and one moved away, apart.
    page.evaluate("htmx.trigger('#roster', 'every 10s')")
    page.wait_for_selector("[data-count=moved]")
    counts = {
        key: int(page.inner_text(f"[data-count={key}]"))
        for key in ("expected", "hadir", "terlambat", "izin", "tidak_hadir", "unmarked", "moved")
    }
    assert counts == {
        "expected": 4,
        "hadir": 0,
        "terlambat": 0,
        "izin": 0,
        "tidak_hadir": 0,
        "unmarked": 4,
        "moved": 1,
    }
    assert "pindah sesi" in page.inner_text(f"tr:has-text('{name}')")
    page.context.close()


def test_signing_out_clears_the_device_but_keeps_unsent_marks(
    browser_page, live_server, charlie, bob, today_event
):
    session = first_session()
    person = (
        Placement.objects.filter(session=session)
        .select_related("registration__participant")[0]
        .registration.participant
    )
    url = live_server.url + reverse("sessions_app:proctor_session", args=[session.pk])
    page = new_page(browser_page, live_server, "charlie")
    page.goto(url)
    page.wait_for_selector("#proctor[data-offline-ready='1']", state="attached")
    assert page.evaluate(CACHE_NAMES) == 1
    # The venue's proxy answers for the server, which never sees the mark.
    page.route("**/tandai*/", lambda route: route.fulfill(status=502, body="Bad Gateway"))
    page.locator("tr", has_text=person.name).locator("button[data-mark=datang]").click()
    page.wait_for_selector("text=Server belum menerima penandaan")
    assert page.inner_text("#pending-count") == "1"
    page.unroute("**/tandai*/")  # the proxy recovers; no page is open to send the mark

    page.goto(live_server.url + reverse("home"))  # the proctor page is left, mark unsent
    page.click("form[data-signout] button")
    page.wait_for_selector("[data-signed-out][data-device-cleared='1']")
    assert page.evaluate(CACHE_NAMES) == 0
    assert page.evaluate("navigator.serviceWorker.getRegistrations().then((r) => r.length)") == 0
    notice = page.inner_text("#unsent-notice")
    assert notice.startswith("1 penandaan kehadiran belum terkirim") and "tetap tersimpan" in notice
    assert not Attendance.objects.exists()

    # The next person to sign in on this device finds nothing, and sends nothing of charlie's.
    sign_in(page, live_server.url, "bob")
    assert page.evaluate(CACHE_NAMES) == 0
    page.goto(url)
    page.wait_for_selector("#proctor[data-offline-ready='1']", state="attached")
    page.wait_for_timeout(1000)
    assert not Attendance.objects.exists()
    page.click("form[data-signout] button")
    page.wait_for_selector("[data-signed-out][data-device-cleared='1']")
    assert page.evaluate(CACHE_NAMES) == 0

    # charlie signs in again and opens the session: the kept mark goes out, once.
    signed_in_again = timezone.now()
    sign_in(page, live_server.url, "charlie")
    page.goto(url)
    page.wait_for_selector("#pending[hidden]", state="attached")
    page.wait_for_function(
        "document.querySelectorAll('tr.status-hadir, tr.status-terlambat').length === 1"
    )
    mark = AttendanceMark.objects.get()
    # The row shows what the server decided from the time the mark was made.
    assert page.locator(f"tr.status-{mark.status}", has_text=person.name).count() == 1
    # The mark made before signing out, with the time it was made.
    assert mark.marked_by == User.objects.get(username="charlie")
    assert mark.marked_at < signed_in_again
    assert (
        page.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('cact-marks-'))") == []
    )
    page.context.close()
