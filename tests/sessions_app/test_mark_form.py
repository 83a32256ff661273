"""The mark request as the form reads it, and lateness as the service decides it: an
arrival is Hadir up to 15 minutes past the start and Terlambat after, judged by the time it
was made on the device, which may not run ahead of the server by more than 2 minutes."""

import datetime as dt
import json
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from sessions_app.forms import MarkForm
from sessions_app.models import Attendance, AttendanceMark, AttendanceStatus, Placement, Session
from sessions_app.services.attendance import ARRIVED, attendance_mark

pytestmark = pytest.mark.django_db


def first_session():
    return Session.objects.order_by("date", "start_time").first()


def start_of(session) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(session.date, session.start_time))


def payload(**data) -> dict:
    return {
        "client_id": str(uuid.uuid4()),
        "marked_at": timezone.now().isoformat(),
        "status": "hadir",
        **data,
    }


def post_mark(client, session, data: dict):
    return client.post(
        reverse("sessions_app:proctor_mark", args=[session.pk]),
        json.dumps(data),
        content_type="application/json",
    )


def someone_in(session) -> int:
    return Placement.objects.filter(session=session).first().registration_id


def at(moment: dt.datetime):
    """The server's clock at `moment` (the one thing of the outside world these tests set)."""
    return lambda: moment


# --- the form ------------------------------------------------------------------------------


def test_the_form_reads_a_complete_mark(today_event):
    form = MarkForm(
        payload(registration=7, replayed=True, reason="  ok  "), session=first_session()
    )
    assert form.is_valid(), form.errors
    data = form.cleaned_data
    assert (data["registration"], data["replayed"], data["reason"], data["status"]) == (
        "7",
        True,
        "ok",
        "hadir",
    )
    assert timezone.is_aware(data["marked_at"]) and isinstance(data["client_id"], uuid.UUID)


def test_the_form_takes_no_status_as_an_arrival(today_event):
    data = payload(registration=7)
    del data["status"]
    form = MarkForm(data, session=first_session())
    assert form.is_valid() and form.cleaned_data["status"] == ARRIVED


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": "datang_terlambat"}, "Status kehadiran tidak dikenal."),
        ({"status": "HADIR"}, "Status kehadiran tidak dikenal."),
        ({"marked_at": "kemarin"}, "Waktu penandaan tidak valid."),
        ({"marked_at": "2026-02-30T08:00:00+08:00"}, "Waktu penandaan tidak valid."),
        ({"marked_at": "2026-02-27T08:00:00"}, "Waktu penandaan tidak valid."),  # no zone
        ({"client_id": None}, "Data penandaan tidak lengkap."),
        ({"client_id": "bukan-uuid"}, "Data penandaan tidak lengkap."),
        ({"marked_at": None}, "Data penandaan tidak lengkap."),
    ],
)
def test_a_bad_mark_is_refused_with_a_message_in_indonesian(
    client, charlie, today_event, change, message
):
    client.force_login(charlie)
    session = first_session()
    data = payload(registration=someone_in(session))
    for name, value in change.items():
        if value is None:
            del data[name]
        else:
            data[name] = value
    response = post_mark(client, session, data)
    assert (response.status_code, response.json()) == (400, {"error": message})
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("body", [b"", b"{", b"[1, 2]", b'"hadir"'])
def test_a_body_that_is_no_json_object_is_incomplete(client, charlie, today_event, body):
    client.force_login(charlie)
    response = client.post(
        reverse("sessions_app:proctor_mark", args=[first_session().pk]),
        body,
        content_type="application/json",
    )
    assert (response.status_code, response.json()) == (
        400,
        {"error": "Data penandaan tidak lengkap."},
    )


def test_a_correction_after_the_sessions_day_needs_a_reason(today_event):
    session = first_session()
    session.date -= dt.timedelta(days=1)
    form = MarkForm(payload(registration=7), session=session)
    assert not form.is_valid()
    assert form.first_error() == "Koreksi setelah hari sesi perlu alasan."
    assert MarkForm(payload(registration=7, reason="Lupa"), session=session).is_valid()


# --- lateness, decided by the service ------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "status"),
    [
        (-10, AttendanceStatus.PRESENT),
        (0, AttendanceStatus.PRESENT),
        (15, AttendanceStatus.PRESENT),
        (16, AttendanceStatus.LATE),
        (90, AttendanceStatus.LATE),
    ],
)
def test_an_arrival_is_hadir_until_15_minutes_past_the_start(
    charlie, today_event, monkeypatch, minutes, status
):
    session = first_session()
    monkeypatch.setattr(timezone, "now", at(start_of(session) + dt.timedelta(hours=3)))
    marked_at = start_of(session) + dt.timedelta(minutes=minutes)
    result = attendance_mark(
        session=session,
        registration=Placement.objects.filter(session=session).first().registration,
        status=ARRIVED,
        client_id=uuid.uuid4(),
        marked_at=marked_at,
        actor=charlie,
    )
    assert result.attendance.status == status
    assert result.attendance.arrived_at == marked_at
    assert AttendanceMark.objects.get().status == status  # the history keeps the decision


def test_explicit_statuses_are_kept_whatever_the_time(charlie, today_event, monkeypatch):
    session = first_session()
    monkeypatch.setattr(timezone, "now", at(start_of(session) + dt.timedelta(hours=3)))
    placed = list(Placement.objects.filter(session=session).select_related("registration"))
    for placement, status in zip(placed, ("hadir", "terlambat", "izin"), strict=False):
        attendance_mark(
            session=session,
            registration=placement.registration,
            status=status,
            client_id=uuid.uuid4(),
            marked_at=start_of(session) + dt.timedelta(hours=2),
            actor=charlie,
            reason="Sakit" if status == "izin" else "",
        )
    assert list(Attendance.objects.order_by("pk").values_list("status", flat=True)) == [
        "hadir",
        "terlambat",
        "izin",
    ]


def test_a_mark_queued_offline_is_judged_by_when_it_was_made(
    client, charlie, today_event, monkeypatch
):
    client.force_login(charlie)
    session = first_session()
    # Made 10 minutes past the start, offline; it reaches the server an hour later.
    monkeypatch.setattr(timezone, "now", at(start_of(session) + dt.timedelta(hours=1)))
    made = start_of(session) + dt.timedelta(minutes=10)
    data = payload(registration=someone_in(session), status=ARRIVED, marked_at=made.isoformat())
    response = post_mark(client, session, {**data, "replayed": True})
    assert (response.json()["status"], response.json()["status_label"]) == ("hadir", "Hadir")
    assert Attendance.objects.get().status == AttendanceStatus.PRESENT


def test_a_device_clock_running_ahead_is_taken_at_the_servers_time(
    client, charlie, today_event, monkeypatch
):
    client.force_login(charlie)
    session = first_session()
    # The server says 5 minutes past the start; the phone claims 40 past.
    now = start_of(session) + dt.timedelta(minutes=5)
    monkeypatch.setattr(timezone, "now", at(now))
    claimed = start_of(session) + dt.timedelta(minutes=40)
    data = payload(registration=someone_in(session), status=ARRIVED, marked_at=claimed.isoformat())
    response = post_mark(client, session, data)
    assert response.json()["status"] == "hadir"
    attendance = Attendance.objects.get()
    assert attendance.marked_at == attendance.arrived_at == now + dt.timedelta(minutes=2)


def test_an_arrival_past_15_minutes_is_answered_terlambat(
    client, charlie, today_event, monkeypatch
):
    client.force_login(charlie)
    session = first_session()
    monkeypatch.setattr(timezone, "now", at(start_of(session) + dt.timedelta(minutes=30)))
    made = start_of(session) + dt.timedelta(minutes=25)
    data = payload(registration=someone_in(session), status=ARRIVED, marked_at=made.isoformat())
    response = post_mark(client, session, data)
    assert (response.json()["status"], response.json()["status_label"]) == (
        "terlambat",
        "Terlambat",
    )
    assert Attendance.objects.get().arrived_at == made


def test_the_page_hands_the_status_words_to_its_script(client, charlie, today_event):
    client.force_login(charlie)
    page = client.get(reverse("sessions_app:proctor_session", args=[first_session().pk]))
    html = page.content.decode()
    start = html.index('<script id="status-labels" type="application/json">')
    labels = json.loads(html[start:].split(">", 1)[1].split("</script>", 1)[0])
    assert labels == {
        ARRIVED: "Datang",
        "hadir": "Hadir",
        "terlambat": "Terlambat",
        "izin": "Izin",
        "tidak_hadir": "Tidak Hadir",
    }
    assert f'data-arrival="{ARRIVED}"' in html and "data-late-after" not in html


def test_an_operators_correction_on_another_day_sends_hadir_as_said(client, bob, today_event):
    tomorrow = Session.objects.order_by("date", "start_time").last()
    client.force_login(bob)
    html = client.get(reverse("sessions_app:proctor_session", args=[tomorrow.pk])).content.decode()
    assert 'data-arrival="hadir"' in html and 'data-mark="hadir"' in html
    assert 'data-mark="datang"' not in html
    roster = client.get(reverse("sessions_app:proctor_roster", args=[tomorrow.pk]))
    assert 'data-mark="hadir"' in roster.content.decode()
