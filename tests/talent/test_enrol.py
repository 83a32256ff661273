"""Registering the unassessed for a coming event: preview, confirm, once only, one OPD's
share, the seats, and who may."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from sessions_app.models import Event, Lab, Registration, Session
from tests.sessions_app.fixtures import make_participants

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(two_stages, opds):
    make_participants(opds[1], 3, start=300)
    return two_stages


@pytest.fixture
def coming(db):
    """Tahap IV, next week: one session in the 5 usable seats of the fixture's lab."""
    start = timezone.localdate() + dt.timedelta(days=7)
    event = Event.objects.create(code="TAHAP-IV", name="Tahap IV", start_date=start, end_date=start)
    event.labs.add(Lab.objects.get())
    Session.objects.create(
        event=event, date=start, start_time=dt.time(7, 30), end_time=dt.time(12), name="Sesi 1"
    )
    return event


def post(client, event, confirm=False, opd=None):
    data = {"event": event.code, "per": "2024-06-01", "opd": opd.pk if opd else ""}
    if confirm:
        data["confirm"] = "1"
    return client.post(reverse("talent:coverage_enrol"), data)


def test_it_previews_then_registers_once(as_user, bob, office, coming):
    client = as_user(bob)
    preview = post(client, coming)
    assert preview.status_code == 200
    plan = preview.context["plan"]
    assert (plan.candidates, plan.already, plan.new, plan.seats) == (4, 0, 4, 5)
    assert "Daftarkan 4 peserta" in preview.content.decode()
    assert not coming.registrations.exists()
    done = post(client, coming, confirm=True)
    assert done.status_code == 302
    assert coming.registrations.count() == 4
    entry = AuditEntry.objects.get(target_type="sessions_app.event", target_id=str(coming.pk))
    assert entry.changes == {"peserta didaftarkan": 4}
    again = post(client, coming)
    assert again.context["plan"].new == 0
    assert "Tidak ada yang perlu didaftarkan" in again.content.decode()
    post(client, coming, confirm=True)
    assert coming.registrations.count() == 4
    assert AuditEntry.objects.filter(target_id=str(coming.pk), actor=bob).count() == 1


def test_one_opds_share(as_user, bob, office, coming, opds):
    post(as_user(bob), coming, confirm=True, opd=opds[1])
    registered = Registration.objects.filter(event=coming)
    assert registered.count() == 3
    assert set(registered.values_list("participant__opd", flat=True)) == {opds[1].pk}


def test_it_refuses_more_people_than_seats(as_user, bob, office, coming, registered):
    for person in registered[:3]:
        Registration.objects.create(event=coming, participant=person)
    client = as_user(bob)
    preview = post(client, coming)
    assert not preview.context["plan"].fits
    assert "Kursi tidak cukup" in preview.content.decode()
    response = post(client, coming, confirm=True)
    assert coming.registrations.count() == 3
    followed = client.get(response.url)
    assert "Kursi tidak cukup: 7 peserta untuk 5 kursi" in followed.content.decode()


def test_a_past_or_closed_event_cannot_be_chosen(as_user, bob, office, coming):
    coming.status = Event.Status.CLOSED
    coming.save()
    client = as_user(bob)
    response = post(client, coming, confirm=True)
    assert response.status_code == 302 and not coming.registrations.exists()
    past = office["current"]
    before = past.registrations.count()
    post(client, past, confirm=True)
    assert past.registrations.count() == before


def test_a_manager_may_not_register(as_user, dave, office, coming):
    assert post(as_user(dave), coming, confirm=True).status_code == 403
    assert not coming.registrations.exists()
    page = as_user(dave).get(reverse("talent:coverage"))
    assert reverse("talent:coverage_enrol") not in page.content.decode()
