"""A device's queue in one request: each mark answered as if sent alone (stored, duplicate,
refused with the reason, or to be confirmed), each recorded once and audited, the later mark
on the devices' clocks wins, and another proctor's session is refused as for one mark."""

import datetime as dt
import json
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from sessions_app.mark_intake import BATCH_MAX
from sessions_app.models import Attendance, AttendanceMark, Placement, Session
from sessions_app.roster_tokens import roster_token
from sessions_app.services.attendance import NOT_ON_ROSTER
from sessions_app.services.placement import placement_move
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def first_session():
    return Session.objects.order_by("date", "start_time").first()


def people_of(session) -> list[int]:
    return list(
        Placement.objects.filter(session=session)
        .order_by("pk")
        .values_list("registration_id", flat=True)
    )


def a_mark(registration, **data) -> dict:
    return {
        "client_id": str(uuid.uuid4()),
        "marked_at": timezone.now().isoformat(),
        "status": "hadir",
        "registration": registration,
        "replayed": True,
        **data,
    }


def post_batch(client, session, marks):
    return client.post(
        reverse("sessions_app:proctor_mark_batch", args=[session.pk]),
        json.dumps({"marks": marks}),
        content_type="application/json",
        HTTP_X_DEVICE="hp-uji",
    )


def test_a_queue_is_stored_in_one_request_each_mark_audited(client, charlie, today_event):
    client.force_login(charlie)
    session = first_session()
    marks = [a_mark(registration) for registration in people_of(session)]
    response = post_batch(client, session, marks)
    assert response.status_code == 200
    body = response.json()
    assert [r["outcome"] for r in body["results"]] == ["stored"] * len(marks)
    assert [r["client_id"] for r in body["results"]] == [m["client_id"] for m in marks]
    assert body["counts"] == {"stored": len(marks)}
    assert Attendance.objects.filter(session=session, status="hadir").count() == len(marks)
    assert AttendanceMark.objects.filter(device="hp-uji", replayed=True).count() == len(marks)
    entries = AuditEntry.objects.filter(target_type="sessions_app.attendance")
    assert entries.count() == len(marks)
    assert {(e.actor, e.changes["cara kirim"]) for e in entries} == {
        (charlie, "luring, dikirim ulang")
    }


def test_the_same_queue_sent_twice_is_recorded_once(client, charlie, today_event):
    client.force_login(charlie)
    session = first_session()
    marks = [a_mark(registration) for registration in people_of(session)]
    post_batch(client, session, marks)
    again = post_batch(client, session, marks + [marks[0]])  # one id twice in it, too
    assert {r["outcome"] for r in again.json()["results"]} == {"duplicate"}
    assert again.json()["results"][0]["status"] == "hadir"
    assert AttendanceMark.objects.count() == len(marks)
    assert AuditEntry.objects.filter(target_type="sessions_app.attendance").count() == len(marks)


def test_the_later_mark_on_the_devices_clocks_wins_within_and_across_requests(
    client, charlie, today_event
):
    client.force_login(charlie)
    session = first_session()
    first, second = people_of(session)[:2]
    now = timezone.now()
    earlier = (now - dt.timedelta(minutes=3)).isoformat()
    post_batch(client, session, [a_mark(first, status="terlambat", marked_at=now.isoformat())])
    # The earlier mark arrives later: kept in the history, the row stays as it was. In one
    # request, the later of two marks of one person wins whatever their order.
    response = post_batch(
        client,
        session,
        [
            a_mark(first, status="hadir", marked_at=earlier),
            a_mark(second, status="terlambat", marked_at=now.isoformat()),
            a_mark(second, status="hadir", marked_at=earlier),
        ],
    )
    assert [r["outcome"] for r in response.json()["results"]] == ["stored"] * 3
    statuses = dict(Attendance.objects.values_list("registration_id", "status"))
    assert statuses == {first: "terlambat", second: "terlambat"}
    assert AttendanceMark.objects.count() == 4


def test_each_refused_mark_says_why_and_the_others_are_stored(client, charlie, today_event):
    client.force_login(charlie)
    session = first_session()
    mine = people_of(session)
    elsewhere = Placement.objects.exclude(session=session).first().registration_id
    marks = [
        a_mark(mine[0]),
        a_mark(elsewhere),
        a_mark(mine[1], status="izin"),
        a_mark(mine[2], seat="PC-99"),
        {"client_id": "bukan-uuid", "registration": mine[3]},
        a_mark(mine[4], status="izin", reason="Sakit"),
    ]
    results = post_batch(client, session, marks).json()["results"]
    assert [r["outcome"] for r in results] == [
        "stored", "refused", "refused", "refused", "refused", "stored",
    ]  # fmt: skip
    assert results[1]["error"] == NOT_ON_ROSTER
    assert results[2]["error"] == "Izin perlu alasan."
    assert "PC-99" in results[3]["error"]
    assert results[4]["error"] == "Data penandaan tidak lengkap."
    assert set(Attendance.objects.values_list("registration_id", flat=True)) == {mine[0], mine[4]}


def test_a_person_moved_since_the_list_was_drawn_is_asked_about(client, charlie, bob, today_event):
    client.force_login(charlie)
    session = first_session()
    placement = Placement.objects.filter(session=session).select_related("registration").first()
    token = roster_token(session.pk, placement.registration_id)
    other = Session.objects.exclude(pk=session.pk).filter(date=session.date).first()
    placement_move(
        registration=placement.registration, session=other, reason="Bentrok rapat", actor=bob
    )
    mark = a_mark(None, token=token)
    del mark["registration"]
    result = post_batch(client, session, [mark]).json()["results"][0]
    assert result["outcome"] == "confirm" and "Tetap tandai" in result["error"]
    assert not Attendance.objects.exists()
    result = post_batch(client, session, [{**mark, "confirm_moved": True}]).json()["results"][0]
    assert result["outcome"] == "stored"


def test_another_proctors_session_is_refused_as_for_one_mark(client, charlie, today_event):
    otto = make_user("otto", role=None)
    from django.contrib.auth.models import Group

    otto.groups.add(Group.objects.get(name="Pengawas"))
    session = first_session()
    client.force_login(otto)
    response = post_batch(client, session, [a_mark(people_of(session)[0])])
    assert response.status_code == 403
    assert not Attendance.objects.exists() and not AttendanceMark.objects.exists()


def test_a_closed_session_refuses_the_whole_queue_with_the_reason(client, charlie, today_event):
    client.force_login(charlie)
    session = first_session()
    Session.objects.filter(pk=session.pk).update(closed_at=timezone.now())
    response = post_batch(client, session, [a_mark(people_of(session)[0])])
    assert response.status_code == 403 and "ditutup" in response.json()["error"]
    assert not Attendance.objects.exists()


def test_a_body_that_is_not_a_queue_or_too_long_is_refused_whole(client, charlie, today_event):
    client.force_login(charlie)
    session = first_session()
    url = reverse("sessions_app:proctor_mark_batch", args=[session.pk])
    for body in ("bukan json", json.dumps({"marks": []}), json.dumps([1])):
        response = client.post(url, body, content_type="application/json")
        assert response.status_code == 400
    too_many = [a_mark(people_of(session)[0]) for _ in range(BATCH_MAX + 1)]
    response = post_batch(client, session, too_many)
    assert response.status_code == 400 and str(BATCH_MAX) in response.json()["error"]
    assert not AttendanceMark.objects.exists()


def test_a_signed_out_device_gets_401_and_keeps_its_queue(client, charlie, today_event):
    session = first_session()
    response = post_batch(client, session, [a_mark(people_of(session)[0])])
    assert response.status_code == 401 and "login_url" in response.json()


def test_the_batch_endpoint_takes_only_post(client, charlie, today_event):
    client.force_login(charlie)
    url = reverse("sessions_app:proctor_mark_batch", args=[first_session().pk])
    assert client.get(url).status_code == 405


def test_a_queue_of_fifty_marks_costs_a_fixed_number_of_queries(
    client, charlie, today_event, django_assert_num_queries
):
    client.force_login(charlie)
    session = first_session()
    mine = people_of(session)
    post_batch(client, session, [a_mark(mine[0])])
    # (SQLite splits an insert of more than 999 values: 50 marks stay within one.)
    marks = [a_mark(mine[n % len(mine)]) for n in range(50)]
    # The user, the session with its proctor check, the people with their place, and the
    # marks: savepoint, replay check, row lock, new rows, changed rows, history, audit,
    # release. None per mark.
    with django_assert_num_queries(11):
        response = post_batch(client, session, marks)
    assert response.json()["counts"] == {"stored": 50}
