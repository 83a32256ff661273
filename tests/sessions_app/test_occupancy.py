"""One seat, one person, at any moment, across events; and the past stays as it was."""

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from sessions_app.models import (
    Attendance,
    AttendanceMark,
    AttendanceStatus,
    Event,
    Lab,
    Placement,
    Registration,
    Session,
    Workstation,
)
from sessions_app.selectors import session_counts
from sessions_app.services import ScheduleError
from sessions_app.services.attendance import session_close
from sessions_app.services.occupancy import overlapping_sessions
from sessions_app.services.placement import free_seats, placement_move, workstation_set_status
from sessions_app.services.schedule import schedule_apply, schedule_propose
from tests.sessions_app.fixtures import DAY1, DAY2, make_participants

pytestmark = pytest.mark.django_db

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no exclusion constraints; the services make this check there "
    "(the other tests of this module)",
)


@pytest.fixture
def other_event(event, opds):
    """Another event in the same lab on DAY1, 08.00-11.00 (inside Sesi 1, 07.30-12.00), with
    three people seated on PC-01..PC-03."""
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
    return other


def morning(event) -> Session:
    return event.sessions.get(date=DAY1, start_time=dt.time(7, 30))


def seats_of(session) -> set[str]:
    return set(session.placements.values_list("workstation__label", flat=True))


def test_the_scheduler_leaves_the_seats_another_event_holds_at_those_hours(
    other_event, event, registered
):
    assert seats_of(other_event.sessions.get()) == {"PC-01", "PC-02", "PC-03"}
    proposal = schedule_propose(event)
    assert proposal.unplaced == {}
    schedule_apply(event=event, replan=False, fingerprint="", actor=None)
    assert seats_of(morning(event)) == {"PC-04", "PC-05"}
    # After 11.00 the other event's seats are free again.
    afternoon = event.sessions.get(date=DAY1, start_time=dt.time(13))
    assert "PC-01" in seats_of(afternoon)


def test_a_move_onto_a_seat_another_event_holds_is_refused(other_event, event, registered, bob):
    schedule_apply(event=event, replan=False, fingerprint="", actor=None)
    placement = Placement.objects.get(session=morning(event), workstation__label="PC-04")
    afternoon = event.sessions.get(date=DAY1, start_time=dt.time(13))
    assert free_seats(morning(event)) == []
    # Free a morning seat of this event's own: PC-04 only, never PC-01, which LAIN-2024 holds.
    placement_move(registration=placement.registration, session=afternoon, reason="x", actor=bob)
    assert [seat.label for seat in free_seats(morning(event))] == ["PC-04"]
    someone = Placement.objects.filter(session__event=event, session__date=DAY2).last()
    before = (someone.session_id, someone.workstation_id)
    with pytest.raises(ScheduleError, match="dipakai peserta kegiatan lain \\(LAIN-2024"):
        placement_move(
            registration=someone.registration,
            session=morning(event),
            seat=Workstation.objects.get(label="PC-01"),
            reason="Minta pagi",
            actor=bob,
        )
    someone.refresh_from_db()
    assert (someone.session_id, someone.workstation_id) == before
    moved = placement_move(
        registration=someone.registration, session=morning(event), reason="Minta pagi", actor=bob
    )
    assert moved.workstation.label == "PC-04"


def test_placements_carry_their_session_hours_and_follow_a_change(
    client, bob, other_event, event, registered
):
    schedule_apply(event=event, replan=False, fingerprint="", actor=None)
    session = morning(event)
    assert {p.span for p in [session]} == set(
        Placement.objects.filter(session=session).values_list("starts_at", "ends_at")
    )
    client.force_login(bob)
    url = reverse("sessions_app:session_edit", args=[event.code, session.pk])
    fields = {"name": "Sesi 1", "date": DAY1.isoformat(), "start_time": "08:00"}
    client.post(url, {**fields, "end_time": "12:30"})
    session.refresh_from_db()
    assert session.end_time == dt.time(12, 30)
    assert set(Placement.objects.filter(session=session).values_list("starts_at", "ends_at")) == {
        session.span
    }


def test_new_hours_that_meet_another_event_on_the_same_seats_are_refused(
    client, bob, event, registered, opds
):
    schedule_apply(event=event, replan=False, fingerprint="", actor=None)
    other = Event.objects.create(
        code="SORE-2024", name="Ujian Sore", start_date=DAY1, end_date=DAY1
    )
    other.labs.add(Lab.objects.get())
    Session.objects.create(event=other, date=DAY1, start_time=dt.time(12), end_time=dt.time(13))
    Registration.objects.create(event=other, participant=make_participants(opds[2], 1, 700)[0])
    schedule_apply(event=other, replan=False, fingerprint="", actor=None)
    assert seats_of(other.sessions.get()) == {"PC-01"}
    session = morning(event)
    client.force_login(bob)
    url = reverse("sessions_app:session_edit", args=[event.code, session.pk])
    response = client.post(
        url,
        {"name": "Sesi 1", "date": DAY1.isoformat(), "start_time": "07:30", "end_time": "12:30"},
    )
    assert "dipakai peserta kegiatan lain (SORE-2024" in response.content.decode()
    session.refresh_from_db()
    assert session.end_time == dt.time(12)
    assert set(Placement.objects.filter(session=session).values_list("ends_at", flat=True)) == {
        session.span[1]
    }


@needs_postgresql
def test_the_database_refuses_one_seat_to_two_events_at_overlapping_hours(
    other_event, event, registered
):
    schedule_apply(event=event, replan=False, fingerprint="", actor=None)
    registration = Registration.objects.filter(event=event).first()
    Placement.objects.filter(registration=registration).delete()
    with pytest.raises(IntegrityError, match="one_person_per_seat_at_a_time"), transaction.atomic():
        Placement.objects.create(
            registration=registration,
            session=morning(event),
            workstation=Workstation.objects.get(label="PC-01"),
        )
    # Touching hours are not overlapping: 12.00 ends one session, 12.00 starts the next.
    noon = Session.objects.create(
        event=other_event, date=DAY1, start_time=dt.time(12), end_time=dt.time(12, 30)
    )
    Placement.objects.create(
        registration=Registration.objects.create(
            event=other_event, participant=registration.participant
        ),
        session=noon,
        workstation=Workstation.objects.get(label="PC-04"),
    )


def test_the_event_page_and_the_preview_name_the_other_event(
    client, bob, other_event, event, registered
):
    (overlap,) = overlapping_sessions(event)
    assert (overlap.session, overlap.other, overlap.labs, overlap.seats_held) == (
        morning(event),
        other_event.sessions.get(),
        ["Lab 1"],
        3,
    )
    client.force_login(bob)
    for name in ("sessions_app:event", "sessions_app:schedule"):
        page = client.get(reverse(name, args=[event.code])).content.decode()
        assert "Lab dipakai kegiatan lain pada jam yang sama" in page, name
        assert "LAIN-2024 – Ujian Dinas" in page and "Ujian Pagi 08.00–11.00" in page, name
    # The other event warns about this one likewise; an event alone in its lab does not.
    page = client.get(reverse("sessions_app:event", args=[other_event.code])).content.decode()
    assert "UJI-2024 – Uji Tahap" in page
    other_event.labs.clear()
    page = client.get(reverse("sessions_app:event", args=[event.code])).content.decode()
    assert "Lab dipakai kegiatan lain" not in page


def test_the_event_page_counts_only_the_seats_left_free_by_the_other_event(
    other_event, event, registered
):
    rows = {row["session"]: row for row in session_counts(event)}
    usable = Workstation.objects.filter(status=Workstation.Status.USABLE).count()
    assert rows[morning(event)]["usable"] == usable - 3  # PC-01..PC-03 held 08.00-11.00
    afternoon = event.sessions.get(date=DAY1, start_time=dt.time(13))
    assert rows[afternoon]["usable"] == usable
    assert rows[morning(event)]["left"] == usable - 3 - rows[morning(event)]["placed"]


@pytest.fixture
def past_closed_and_upcoming(event, registered, bob):
    """DAY1 stays in the past (scheduled, marked); DAY2's sessions move to tomorrow, the
    morning one closed early, the afternoon one open."""
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    Session.objects.filter(date=DAY2).update(date=tomorrow)
    event.end_date = tomorrow
    event.save()
    schedule_apply(event=event, replan=False, fingerprint="", actor=None)
    past = morning(event)
    Attendance.objects.create(
        registration=past.placements.get(workstation__label="PC-01").registration,
        session=past,
        status=AttendanceStatus.PRESENT,
        marked_at=dt.datetime(2024, 2, 27, 0, 5, tzinfo=dt.UTC),
        workstation=Workstation.objects.get(label="PC-01"),
    )
    closed = event.sessions.get(date=tomorrow, start_time=dt.time(7, 30))
    session_close(session=closed, actor=bob)
    return past, closed, event.sessions.get(date=tomorrow, start_time=dt.time(13))


def test_a_broken_seat_moves_people_only_in_sessions_still_to_come(past_closed_and_upcoming, bob):
    past, closed, upcoming = past_closed_and_upcoming
    seat = Workstation.objects.get(label="PC-01")
    before = set(
        Placement.objects.exclude(session=upcoming).values_list(
            "registration_id", "session_id", "workstation_id"
        )
    )
    attendance = set(Attendance.objects.values_list("pk", "status", "workstation_id", "marked_at"))
    marks = AttendanceMark.objects.count()
    assert seat.placements.filter(session__in=[past, closed, upcoming]).count() == 3

    moves = workstation_set_status(seat=seat, status=Workstation.Status.OUT_OF_ORDER, actor=bob)

    assert len(moves) == 1 and moves[0].endswith("PC-01 → PC-06")
    assert seats_of(upcoming) == {"PC-06"}
    after = set(
        Placement.objects.exclude(session=upcoming).values_list(
            "registration_id", "session_id", "workstation_id"
        )
    )
    assert after == before  # the past and the closed session keep PC-01
    assert seats_of(past) >= {"PC-01"} and seats_of(closed) >= {"PC-01"}
    assert (
        set(Attendance.objects.values_list("pk", "status", "workstation_id", "marked_at"))
        == attendance
    )
    assert AttendanceMark.objects.count() == marks


def test_a_seat_with_no_replacement_only_in_a_past_session_still_breaks(
    past_closed_and_upcoming, bob
):
    past, _closed, upcoming = past_closed_and_upcoming
    Placement.objects.filter(session=upcoming).delete()
    Workstation.objects.filter(label="PC-06").update(status=Workstation.Status.OUT_OF_ORDER)
    seat = Workstation.objects.get(label="PC-01")
    assert (
        workstation_set_status(seat=seat, status=Workstation.Status.OUT_OF_ORDER, actor=bob) == []
    )
    seat.refresh_from_db()
    assert seat.status == Workstation.Status.OUT_OF_ORDER
    assert "PC-01" in seats_of(past)
