"""An operator moves a participant to another session in a real browser."""

import pytest

from sessions_app.models import Placement, Session
from sessions_app.services.schedule import schedule_apply
from tests.browser.conftest import sign_in
from tests.sessions_app.fixtures import DAY2

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_an_operator_moves_a_participant_in_the_browser(
    browser_page, live_server, bob, event, registered
):
    schedule_apply(event=event, replan=False, fingerprint="", actor=None)
    source = Session.objects.order_by("date", "start_time").first()
    target = Session.objects.filter(date=DAY2).order_by("start_time").last()
    placement = (
        Placement.objects.filter(session=source).select_related("registration__participant").first()
    )
    name = placement.registration.participant.name

    page = browser_page
    sign_in(page, live_server.url, "bob")
    page.goto(f"{live_server.url}/kegiatan/{event.code}/sesi/{source.pk}/")
    page.check(f"input[name=placement][value='{placement.pk}']")
    page.select_option("select[name=move-session]", str(target.pk))
    page.fill("input[name=move-reason]", "Rapat dinas hari pertama")
    page.click("text=Pindahkan ke sesi itu")
    page.wait_for_selector(".msg-success")
    assert "1 peserta dipindah" in page.inner_text(".messages")

    page.goto(f"{live_server.url}/kegiatan/{event.code}/sesi/{target.pk}/")
    assert name in page.inner_text("table")
    moved = Placement.objects.get(registration=placement.registration)
    assert (moved.session_id, moved.pinned, moved.reason) == (
        target.pk,
        True,
        "Rapat dinas hari pertama",
    )
