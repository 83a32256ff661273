"""An event in the shape of Tahap III, small: one lab of 6 seats (1 spare), 2 days x 2
sessions, 3 OPDs."""

import datetime as dt

import pytest
from django.utils import timezone

from participants.models import Opd, Participant, PositionClass
from participants.nip import Gender, build_nip
from sessions_app.models import Event, Lab, Registration, Session, Venue, Workstation
from sessions_app.services.schedule import schedule_apply

DAY1, DAY2 = dt.date(2024, 2, 27), dt.date(2024, 2, 28)


def make_participants(opd: Opd, count: int, start: int = 1) -> list[Participant]:
    position_class = PositionClass.objects.get(name="Pelaksana")
    people = []
    for number in range(start, start + count):
        nip = build_nip(
            birth_date=dt.date(1990, 1, 1),
            gender=Gender.FEMALE,
            sequence=number,
            tmt=dt.date(2015, 1, 1),
        )
        people.append(
            Participant.objects.create(
                nip=nip,
                name=f"{opd.code} Pegawai {number:03d}",
                gender="P",
                birth_date=dt.date(1990, 1, 1),
                employment_type="PNS",
                golongan="III/a",
                position_title="Pengadministrasi",
                position_class=position_class,
                opd=opd,
            )
        )
    return people


@pytest.fixture
def event(db):
    venue = Venue.objects.create(name="SMK Negeri 1 Tanjung Selor")
    lab = Lab.objects.create(venue=venue, name="Lab 1")
    for number in range(1, 7):
        status = Workstation.Status.SPARE if number == 6 else Workstation.Status.USABLE
        Workstation.objects.create(lab=lab, label=f"PC-{number:02d}", status=status)
    event = Event.objects.create(code="UJI-2024", name="Uji Tahap", start_date=DAY1, end_date=DAY2)
    event.labs.add(lab)
    for day in (DAY1, DAY2):
        Session.objects.create(
            event=event, date=day, start_time=dt.time(7, 30), end_time=dt.time(12), name="Sesi 1"
        )
        Session.objects.create(
            event=event, date=day, start_time=dt.time(13), end_time=dt.time(17, 30), name="Sesi 2"
        )
    return event


@pytest.fixture
def opds(db):
    result = []
    for code in ("BKD", "DINKES", "DINSOS"):
        opd = Opd(name=f"Kantor {code}", code=code)
        opd.save()
        result.append(opd)
    return result


@pytest.fixture
def registered(event, opds):
    """12 people: 6 BKD, 4 DINKES, 2 DINSOS, all registered."""
    people = (
        make_participants(opds[0], 6)
        + make_participants(opds[1], 4, 100)
        + make_participants(opds[2], 2, 200)
    )
    for person in people:
        Registration.objects.create(event=event, participant=person)
    return people


@pytest.fixture
def today_event(event, registered, charlie):
    """The small event moved to today and tomorrow, scheduled, charlie proctoring."""
    today = timezone.localdate()
    Session.objects.filter(date=DAY1).update(date=today)
    Session.objects.filter(date=DAY2).update(date=today + dt.timedelta(days=1))
    event.start_date, event.end_date = today, today + dt.timedelta(days=1)
    event.save()
    schedule_apply(event=event, replan=False, fingerprint="", actor=None)
    for session in event.sessions.all():
        session.proctors.add(charlie)
    return event


@pytest.fixture
def upcoming_event(event, registered):
    """The small event moved to tomorrow and the day after (still to come), scheduled."""
    first = timezone.localdate() + dt.timedelta(days=1)
    Session.objects.filter(date=DAY1).update(date=first)
    Session.objects.filter(date=DAY2).update(date=first + dt.timedelta(days=1))
    event.start_date, event.end_date = first, first + dt.timedelta(days=1)
    event.save()
    schedule_apply(event=event, replan=False, fingerprint="", actor=None)
    return event
