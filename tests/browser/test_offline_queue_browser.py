"""A proctor's phone or PC that was offline for a while: hundreds of marks queued on the
device go out in chunks when the network returns, the page shows the progress, the counts
match what the server stored, and the marks the server refused stay on the page with the
reason until the proctor closes the list."""

from pathlib import Path

import pytest
from django.urls import reverse

from sessions_app.models import Attendance, AttendanceMark, Placement, Session
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SHOTS = Path("/tmp/shots/sync")
MARKS = 230  # more than one chunk of 200


@pytest.mark.parametrize("width", [1280, 375])
def test_a_long_offline_queue_drains_with_progress_and_the_counts_match(
    browser_page, live_server, charlie, today_event, width
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    session = Session.objects.order_by("date", "start_time").first()
    names = list(
        Placement.objects.filter(session=session).values_list(
            "registration__participant__name", flat=True
        )
    )
    context = browser_page.context.browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.set_default_timeout(20_000)
    sign_in(page, live_server.url, "charlie")
    page.goto(live_server.url + reverse("sessions_app:proctor_session", args=[session.pk]))

    context.set_offline(True)
    buttons = ["datang", "terlambat"]
    for number in range(MARKS):
        row = page.locator("tr", has_text=names[number % len(names)])
        row.locator(f"button[data-mark={buttons[number % 2]}]").click()
    for code in ("R999999:palsu", "R999998:palsu"):  # cards of no one here: refused
        page.fill("#scan", code)
        page.press("#scan", "Enter")
    assert page.inner_text("#pending-count") == str(MARKS + 2)
    assert not AttendanceMark.objects.exists()

    # The second chunk is held back a moment, so the progress can be seen while it drains.
    held = []
    page.route("**/tandai-banyak/", lambda route: held.append(route))
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_function("() => true")
    _release_when(page, held, count=1)
    page.wait_for_selector(f"#sync-progress:has-text('Mengirim {MARKS + 2} dari {MARKS + 2}')")
    assert page.is_visible("#sync-bar")
    page.screenshot(path=str(SHOTS / f"sync-progress-{width}.png"), full_page=True)
    _release_when(page, held, count=2)
    page.unroute("**/tandai-banyak/")

    page.wait_for_selector("#pending[hidden]", state="attached")
    feedback = page.inner_text("#feedback")
    assert f"Terkirim {MARKS + 2} dari {MARKS + 2} tanda: {MARKS} tersimpan, 2 ditolak." in feedback
    assert AttendanceMark.objects.count() == MARKS
    assert AttendanceMark.objects.filter(replayed=True).count() == MARKS
    assert Attendance.objects.filter(session=session).count() == len(names)
    refused = page.inner_text("#refused")
    assert page.inner_text("#refused-count") == "2"
    assert refused.count("Kode kartu tidak dikenal") == 2
    assert not page.is_visible("#sync-progress")
    page.screenshot(path=str(SHOTS / f"sync-done-{width}.png"), full_page=True)
    if width == 375:  # nothing wider than the phone
        assert page.evaluate("document.documentElement.scrollWidth") <= 375

    # Still there after a reload, until the proctor has read them.
    page.reload()
    assert page.inner_text("#refused-count") == "2"
    page.click("#refused-clear")
    assert not page.is_visible("#refused")
    page.reload()
    assert not page.is_visible("#refused")
    context.close()


def _release_when(page, held: list, count: int) -> None:
    """Let the `count`-th held request of the batch endpoint go on, once it has been made."""
    for _ in range(200):
        if len(held) >= count:
            held[count - 1].continue_()
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"request {count} of the batch endpoint never came")
