"""Seen in Chromium at desktop and phone width: the warning that another event uses the lab
at the same hours, and an operator's correction of a closed session (a proctor cannot)."""

import datetime as dt
from pathlib import Path

import pytest

from sessions_app.models import (
    Attendance,
    AttendanceStatus,
    Event,
    Lab,
    Placement,
    Registration,
    Session,
)
from sessions_app.services.attendance import session_close
from sessions_app.services.schedule import schedule_apply
from tests.browser.conftest import sign_in
from tests.sessions_app.fixtures import DAY1, make_participants

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SHOTS = Path("/tmp/shots/h2")
WIDTHS = {"desktop": (1280, 900), "phone": (375, 812)}


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def fits_the_width(page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    width = page.viewport_size["width"]
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width


@pytest.mark.parametrize("size", WIDTHS)
def test_the_event_page_and_preview_warn_of_another_event_in_the_lab(
    browser_page, live_server, bob, event, registered, opds, size
):
    other = Event.objects.create(
        code="LAIN-2024", name="Ujian Dinas", start_date=DAY1, end_date=DAY1
    )
    other.labs.add(Lab.objects.get())
    Session.objects.create(
        event=other, date=DAY1, start_time=dt.time(8), end_time=dt.time(11), name="Ujian Pagi"
    )
    for person in make_participants(opds[0], 3, 500):
        Registration.objects.create(event=other, participant=person)
    schedule_apply(event=other, replan=False, fingerprint="", actor=None)

    page = browser_page
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[size], strict=True)))
    sign_in(page, live_server.url, "bob")
    for name, path in (("event", ""), ("preview", "jadwalkan/")):
        page.goto(f"{live_server.url}/kegiatan/{event.code}/{path}")
        warning = page.locator("#overlap-warning")
        assert warning.is_visible()
        text = warning.inner_text()
        assert "Lab dipakai kegiatan lain pada jam yang sama" in text
        assert "Sesi 1 27 Februari 2024 07.30–12.00" in text
        assert "LAIN-2024 – Ujian Dinas, Ujian Pagi 08.00–11.00 (Lab 1; 3 kursi terpakai)" in text
        assert fits_the_width(page, "#overlap-warning"), (name, size)
        shoot(page, f"overlap-{name}-{size}")
    # Saved as previewed: the morning session leaves PC-01..PC-03 to the other event.
    page.click("text=Simpan jadwal ini")
    page.wait_for_selector(".msg-success")
    morning = event.sessions.get(date=DAY1, start_time=dt.time(7, 30))
    labels = set(Placement.objects.filter(session=morning).values_list("workstation__label"))
    assert labels == {("PC-04",), ("PC-05",)}


@pytest.mark.parametrize("size", WIDTHS)
def test_an_operator_corrects_a_closed_session_and_a_proctor_cannot(
    browser_page, live_server, bob, charlie, today_event, size
):
    session = today_event.sessions.order_by("date", "start_time").first()
    session_close(session=session, actor=charlie)
    placement = Placement.objects.filter(session=session).select_related(
        "registration__participant"
    )[0]
    name = placement.registration.participant.name
    url = f"{live_server.url}/kegiatan/{today_event.code}/sesi/{session.pk}/"

    page = browser_page
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[size], strict=True)))
    sign_in(page, live_server.url, "charlie")
    response = page.goto(url)  # the operator's session page is not the proctor's
    assert response.status == 403
    assert page.locator("#correction").count() == 0
    page.context.clear_cookies()

    sign_in(page, live_server.url, "bob")
    page.goto(url)
    form = page.locator("#correction")
    assert form.is_visible() and fits_the_width(page, "#correction")
    page.select_option("#id_fix-registration", str(placement.registration_id))
    page.select_option("#id_fix-status", AttendanceStatus.EXCUSED)
    page.fill("#id_fix-reason", "Surat izin sakit diterima sesudah sesi")
    shoot(page, f"correction-form-{size}")
    page.click("text=Simpan koreksi")
    page.wait_for_selector(".msg-success")
    assert f"Kehadiran {name} dikoreksi menjadi Izin." in page.inner_text(".messages")
    shoot(page, f"correction-done-{size}")
    attendance = Attendance.objects.get(session=session, registration=placement.registration)
    assert (attendance.status, attendance.reason) == (
        AttendanceStatus.EXCUSED,
        "Surat izin sakit diterima sesudah sesi",
    )
    assert f"{name} – Izin" in page.inner_text("#id_fix-registration")
