"""What the lists send: fields, pages, filters, changed_since, and only published results.
Over real HTTP to the live server, as SIMPEG would call it."""

import datetime as dt

import pytest
from django.utils import timezone

from participants.models import Participant
from scoring.runs import lifecycle
from sessions_app.models import Attendance, Event, Placement
from tests.api.conftest import every_row, get, make_token

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_participants_come_in_pages_in_a_fixed_order(api, registered):
    _, key = make_token(all_opds=True)
    first = api("participants", key, page_size=5)
    assert first.status == 200
    assert len(first.json["results"]) == 5
    assert first.json["previous"] is None
    rows = every_row(api, "participants", key, page_size=5)
    assert len(rows) == 12
    assert [row["nip"] for row in rows] == [
        person.nip for person in Participant.objects.order_by("id")
    ]
    person = registered[0]
    assert rows[0] == {
        "nip": person.nip,
        "name": person.name,
        "gender": "P",
        "birth_date": "1990-01-01",
        "employment_type": "PNS",
        "golongan": "III/a",
        "position_title": "Pengadministrasi",
        "position_class": "Pelaksana",
        "opd": {"code": "BKD", "name": "Kantor BKD"},
        "upt": None,
        "updated_at": rows[0]["updated_at"],
    }
    assert "phone" not in rows[0] and "email" not in rows[0]


def test_a_page_size_over_the_limit_is_cut_to_it(api, registered):
    _, key = make_token(all_opds=True)
    answer = api("participants", key, page_size=100000)
    assert answer.status == 200
    assert len(answer.json["results"]) == 12


def test_a_page_goes_on_where_it_stopped_when_rows_are_added_meanwhile(api, registered, opds):
    from tests.sessions_app.fixtures import make_participants

    _, key = make_token(all_opds=True)
    first = api("participants", key, page_size=10)
    make_participants(opds[0], 3, 500)
    second = get(first.json["next"], key)
    seen = [row["nip"] for row in first.json["results"] + second.json["results"]]
    assert len(seen) == len(set(seen)) == 15


def test_the_opd_and_event_filters(api, today_event, opds):
    _, key = make_token(all_opds=True)
    assert len(every_row(api, "participants", key, opd="DINSOS")) == 2
    assert len(every_row(api, "schedules", key, event="UJI-2024", opd="DINKES")) == 4
    other = Event.objects.create(
        code="LAIN", name="Lain", start_date=dt.date(2025, 1, 1), end_date=dt.date(2025, 1, 1)
    )
    assert [row["code"] for row in every_row(api, "events", key)] == ["UJI-2024", "LAIN"]
    assert every_row(api, "schedules", key, event=other.code) == []
    assert len(every_row(api, "participants", key, event="UJI-2024")) == 12


def test_unknown_filters_are_refused_in_indonesian(api, registered):
    _, key = make_token(all_opds=True)
    answer = api("participants", key, event="TIDAK-ADA")
    assert answer.status == 400
    assert answer.json == {
        "detail": "Kegiatan dengan kode 'TIDAK-ADA' tidak ada.",
        "parameter": "event",
    }
    answer = api("participants", key, opd="XYZ")
    assert answer.json == {"detail": "OPD dengan kode 'XYZ' tidak ada.", "parameter": "opd"}
    answer = api("participants", key, sejak="2024-01-01")
    assert answer.status == 400
    assert answer.json == {"detail": "Parameter tidak dikenal: sejak.", "parameter": "sejak"}


@pytest.mark.parametrize("value", ["kemarin", "2024-13-01T00:00", "2024-02-30T08:00:00", ""])
def test_a_bad_changed_since_is_a_400_in_indonesian(api, registered, value):
    _, key = make_token(all_opds=True)
    answer = api("attendance", key, changed_since=value)
    assert answer.status == 400
    assert answer.json["parameter"] == "changed_since"
    message = answer.json["detail"]
    assert message.startswith("Waktu ") and "tidak valid" in message
    assert "2024-02-27T08:00:00+08:00" in message


def test_changed_since_gives_the_rows_changed_since(api, today_event):
    _, key = make_token(all_opds=True)
    since = timezone.now()
    assert every_row(api, "participants", key, changed_since=since.isoformat()) == []
    assert every_row(api, "schedules", key, changed_since=since.isoformat()) == []
    person = Participant.objects.order_by("id").first()
    person.golongan = "III/b"
    person.save()
    session = today_event.sessions.order_by("date", "start_time").first()
    session.end_time = dt.time(12, 30)
    session.save()
    changed = every_row(api, "participants", key, changed_since=since.isoformat())
    assert [(row["nip"], row["golongan"]) for row in changed] == [(person.nip, "III/b")]
    moved = every_row(api, "schedules", key, changed_since=since.isoformat())
    assert len(moved) == Placement.objects.filter(session=session).count() > 0
    assert {row["session"]["end_time"] for row in moved} == {"12:30:00"}
    # Without a zone the time is WITA: an hour after `since` in WITA is after every change.
    later = timezone.localtime(since + dt.timedelta(hours=1)).replace(tzinfo=None)
    assert every_row(api, "participants", key, changed_since=later.isoformat()) == []


def test_attendance_changed_since_follows_the_server_not_the_device(api, published):
    _, key = make_token(all_opds=True, resources=["attendance"])
    since = timezone.now()
    assert every_row(api, "attendance", key, changed_since=since.isoformat()) == []
    row = Attendance.objects.order_by("id").first()
    row.reason = "Datang terlambat, disetujui"
    row.save()  # marked_at stays the device's time on the exam day
    changed = every_row(api, "attendance", key, changed_since=since.isoformat())
    assert [item["reason"] for item in changed] == ["Datang terlambat, disetujui"]
    assert len(every_row(api, "attendance", key)) == Attendance.objects.count()


def test_only_published_results_are_listed(api, tested_event):
    _, key = make_token(all_opds=True)
    draft = lifecycle.start_run(event=tested_event, actor=None)
    assert draft.results.count() == 11
    assert every_row(api, "results", key) == []
    lifecycle.publish_run(run=draft, actor=None)
    rows = every_row(api, "results", key)
    assert len(rows) == 11
    result = draft.results.select_related("registration__participant").order_by("id").first()
    first = rows[0]
    assert first["nip"] == result.registration.participant.nip
    assert (first["event"], first["run"]) == ("UJI-2024", draft.number)
    assert list(first["levels"]) == [f"M.0{n}" for n in range(1, 9)] + ["SK.01"]
    assert list(first["levels"].values()) == result.levels
    assert first["jpm"] == float(result.jpm)
    assert first["box"] == result.box
    for field in ("ld", "es", "potential", "potential_category", "jpm_category", "kinerja"):
        assert field in first
    # A later draft does not replace the published run; publishing it does.
    second = lifecycle.start_run(event=tested_event, actor=None)
    assert {row["run"] for row in every_row(api, "results", key)} == {draft.number}
    since = timezone.now()
    lifecycle.publish_run(run=second, actor=None)
    rows = every_row(api, "results", key, changed_since=since.isoformat())
    assert {row["run"] for row in rows} == {second.number}
    assert len(rows) == 11
