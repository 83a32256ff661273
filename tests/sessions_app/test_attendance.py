"""Marking attendance: one write per mark, replays recorded once, the later mark wins,
closing, rescheduling the no-shows, the operator's pages."""

import datetime as dt
import io
import json
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from audit.models import AuditEntry
from sessions_app.cards import card_code
from sessions_app.models import Attendance, AttendanceMark, Placement, Session

pytestmark = pytest.mark.django_db


def first_session():
    return Session.objects.order_by("date", "start_time").first()


def post_mark(client, session, **data):
    payload = {
        "client_id": str(uuid.uuid4()),
        "marked_at": timezone.now().isoformat(),
        "status": "hadir",
        **data,
    }
    return client.post(
        reverse("sessions_app:proctor_mark", args=[session.pk]),
        json.dumps(payload),
        content_type="application/json",
        HTTP_X_DEVICE="hp-uji",
    )


def test_a_proctor_marks_someone_present(client, charlie, today_event):
    client.force_login(charlie)
    session = first_session()
    placement = Placement.objects.filter(session=session).first()
    response = post_mark(client, session, registration=placement.registration_id)
    assert response.json()["status"] == "hadir" and not response.json()["duplicate"]
    attendance = Attendance.objects.get()
    assert (attendance.status, attendance.marked_by, attendance.arrived_at is not None) == (
        "hadir",
        charlie,
        True,
    )
    assert AttendanceMark.objects.get().device == "hp-uji"
    entry = AuditEntry.objects.get(target_type="sessions_app.attendance")
    assert (entry.actor, entry.changes["perangkat"], entry.changes["cara kirim"]) == (
        charlie,
        "hp-uji",
        "daring",
    )


def test_a_replayed_mark_is_recorded_once(client, charlie, today_event):
    client.force_login(charlie)
    session = first_session()
    registration = Placement.objects.filter(session=session).first().registration_id
    client_id = str(uuid.uuid4())
    first = post_mark(client, session, registration=registration, client_id=client_id)
    again = post_mark(
        client, session, registration=registration, client_id=client_id, replayed=True
    )
    assert first.status_code == again.status_code == 200
    assert again.json()["duplicate"]
    assert AttendanceMark.objects.count() == 1 and Attendance.objects.count() == 1


def test_the_later_mark_wins_and_both_are_kept(client, charlie, today_event):
    client.force_login(charlie)
    session = first_session()
    registration = Placement.objects.filter(session=session).first().registration_id
    now = timezone.now()
    # The later mark (made on the second device) arrives first; the earlier one is replayed.
    post_mark(
        client, session, registration=registration, status="terlambat", marked_at=now.isoformat()
    )
    post_mark(
        client, session, registration=registration, status="hadir",
        marked_at=(now - dt.timedelta(minutes=2)).isoformat(), replayed=True,
    )  # fmt: skip
    assert Attendance.objects.get().status == "terlambat"
    assert AttendanceMark.objects.count() == 2


def test_marking_makes_a_fixed_number_of_queries(
    client, charlie, today_event, django_assert_num_queries
):
    client.force_login(charlie)
    session = first_session()
    registrations = list(
        Placement.objects.filter(session=session).values_list("registration_id", flat=True)
    )
    post_mark(client, session, registration=registrations[0])
    # The user 1 (the session and the permissions it keeps come from the cache), the
    # session with its proctor check 1, the person with their place in it 1, the mark itself
    # 7 (savepoint, replay check, row lock, attendance write, history insert, audit entry,
    # release; outside a test the savepoint pair is the transaction's, not queries).
    with django_assert_num_queries(10):
        response = post_mark(client, session, registration=registrations[1])
    assert response.status_code == 200


def test_a_card_from_another_session_says_where_the_person_belongs(client, charlie, today_event):
    client.force_login(charlie)
    session = first_session()
    elsewhere = Placement.objects.exclude(session=session).select_related("session").first()
    response = post_mark(client, session, code=card_code(elsewhere.registration_id))
    assert response.status_code == 409
    assert (
        "terjadwal di" in response.json()["error"]
        and elsewhere.workstation.label in response.json()["error"]
    )
    forged = post_mark(client, session, code=f"R{elsewhere.registration_id}:palsu")
    assert forged.status_code == 404
    assert not Attendance.objects.exists()


def test_only_the_assigned_proctor_marks_and_only_on_the_day(client, charlie, dave, today_event):
    from tests.conftest import make_user

    other = make_user("otto", role=None)
    from django.contrib.auth.models import Group

    other.groups.add(Group.objects.get(name="Pengawas"))
    session = first_session()
    registration = Placement.objects.filter(session=session).first().registration_id
    client.force_login(other)
    assert post_mark(client, session, registration=registration).status_code == 403
    client.force_login(dave)
    assert post_mark(client, session, registration=registration).status_code == 403
    client.force_login(charlie)
    tomorrow = Session.objects.order_by("date").last()
    placed_tomorrow = Placement.objects.filter(session=tomorrow).first().registration_id
    refused = post_mark(client, tomorrow, registration=placed_tomorrow)
    assert refused.status_code == 403 and "hari sesi" in refused.json()["error"]
    assert not Attendance.objects.exists()


def test_excused_needs_a_reason(client, charlie, today_event):
    client.force_login(charlie)
    session = first_session()
    registration = Placement.objects.filter(session=session).first().registration_id
    assert post_mark(client, session, registration=registration, status="izin").status_code == 400
    ok = post_mark(client, session, registration=registration, status="izin", reason="Sakit")
    assert ok.json()["status"] == "izin"


def test_closing_marks_the_rest_absent_and_locks_the_session(client, charlie, bob, today_event):
    client.force_login(charlie)
    session = first_session()
    placed = list(
        Placement.objects.filter(session=session).values_list("registration_id", flat=True)
    )
    post_mark(client, session, registration=placed[0])
    client.post(reverse("sessions_app:proctor_close", args=[session.pk]))
    statuses = sorted(Attendance.objects.filter(session=session).values_list("status", flat=True))
    assert statuses == ["hadir"] + ["tidak_hadir"] * (len(placed) - 1)
    refused = post_mark(client, session, registration=placed[1])
    assert refused.status_code == 403 and "ditutup" in refused.json()["error"]
    client.force_login(bob)
    client.post(reverse("sessions_app:proctor_reopen", args=[session.pk]))
    session.refresh_from_db()
    assert session.closed_at is None


def test_no_shows_are_rescheduled_to_a_later_day_and_appear_there(
    client, charlie, bob, today_event
):
    session = first_session()
    client.force_login(charlie)
    client.post(reverse("sessions_app:proctor_close", args=[session.pk]))
    absent = list(
        Attendance.objects.filter(session=session).values_list("registration_id", flat=True)
    )
    Placement.objects.filter(
        session__date=session.date + dt.timedelta(days=1)
    ).delete()  # room tomorrow
    client.force_login(bob)
    url = reverse("sessions_app:missed", args=[today_event.code])
    page = client.get(url)
    assert len(page.context["people"]) == len(absent)
    preview = client.post(url, {"registration": absent, "action": "preview"})
    client.post(preview.url)
    moved = Placement.objects.filter(registration_id__in=absent).select_related("session")
    assert all(p.session.date > session.date for p in moved) and moved.count() == len(absent)
    client.force_login(charlie)
    target = moved.first().session
    roster = client.get(reverse("sessions_app:proctor_roster", args=[target.pk])).content.decode()
    assert moved.first().registration.participant.name in roster


def test_the_operator_overview_and_recap(client, charlie, bob, today_event):
    client.force_login(charlie)
    session = first_session()
    registration = Placement.objects.filter(session=session).first().registration_id
    post_mark(client, session, registration=registration, replayed=True)
    client.force_login(bob)
    overview = client.get(
        reverse("sessions_app:attendance_overview", args=[today_event.code]), HTTP_HX_REQUEST="true"
    )
    assert 'id="overview"' in overview.content.decode()
    assert overview.context["rows"][0]["counts"]["hadir"] == 1
    recap = client.get(
        reverse("sessions_app:attendance_recap", args=[today_event.code]), {"format": "xlsx"}
    )
    workbook = load_workbook(io.BytesIO(recap.content))
    assert workbook.sheetnames == ["Per Sesi", "Per Hari", "Per OPD", "Riwayat Penandaan"]
    history = list(workbook["Riwayat Penandaan"].iter_rows(values_only=True))
    assert (
        history[1][3] == "Hadir"
        and history[1][6] == "charlie"
        and history[1][8] == "dikirim ulang dari luring"
    )


def test_the_proctor_page_lists_today_sessions(client, charlie, today_event):
    client.force_login(charlie)
    home = client.get(reverse("sessions_app:my_sessions"))
    assert len(home.context["today"]) == 2
    page = client.get(reverse("sessions_app:proctor_session", args=[first_session().pk]))
    assert page.context["refusal"] is None and page.context["counts"]["expected"] == 5


def test_the_seat_actually_used_is_recorded_and_the_history_shown(
    client, charlie, bob, today_event
):
    client.force_login(charlie)
    session = first_session()
    placement = Placement.objects.filter(session=session).select_related("workstation").first()
    assert (
        post_mark(client, session, registration=placement.registration_id, seat="pc-06").status_code
        == 200
    )
    assert Attendance.objects.get().workstation.label == "PC-06"
    unknown = post_mark(client, session, registration=placement.registration_id, seat="PC-99")
    assert unknown.status_code == 400 and "PC-99" in unknown.json()["error"]
    client.force_login(bob)
    page = client.get(
        reverse("sessions_app:registration", args=[today_event.code, placement.registration_id])
    )
    assert "Riwayat kehadiran" in page.content.decode() and "hp-uji" in page.content.decode()


def test_a_device_clock_running_ahead_does_not_win_every_conflict(client, charlie, today_event):
    client.force_login(charlie)
    session = first_session()
    registration = Placement.objects.filter(session=session).first().registration_id
    ahead = timezone.now() + dt.timedelta(days=1)
    post_mark(
        client,
        session,
        registration=registration,
        status="izin",
        reason="x",
        marked_at=ahead.isoformat(),
    )
    post_mark(
        client,
        session,
        registration=registration,
        status="hadir",
        marked_at=(timezone.now() + dt.timedelta(minutes=3)).isoformat(),
    )
    assert Attendance.objects.get().status == "hadir"
