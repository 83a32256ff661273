"""The registration page's three forms, each its own endpoint: pin the placement, move to
another session, the days one cannot come. Operators only; POST only."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from audit.models import AuditEntry
from sessions_app.models import Placement, Session
from tests.sessions_app.fixtures import DAY1, DAY2

pytestmark = pytest.mark.django_db

ENDPOINTS = (
    "sessions_app:registration_pin",
    "sessions_app:registration_move",
    "sessions_app:registration_unavailability",
)


@pytest.fixture
def scheduled(event, registered):
    call_command("schedule_event", "--event", event.code)
    return event


def url(name, registration):
    return reverse(name, args=[registration.event.code, registration.pk])


def page_of(registration):
    return url("sessions_app:registration", registration)


def test_pinning_and_releasing_go_through_their_own_url(client, bob, scheduled):
    client.force_login(bob)
    registration = scheduled.registrations.first()
    response = client.post(url("sessions_app:registration_pin", registration), {"pin": "1"})
    assert response.status_code == 302 and response.url == page_of(registration)
    assert Placement.objects.get(registration=registration).pinned
    client.post(url("sessions_app:registration_pin", registration), {"pin": "0"})
    assert not Placement.objects.get(registration=registration).pinned
    page = client.get(page_of(registration)).content.decode()
    assert "Penempatan diperbarui." in page


def test_pinning_someone_not_placed_says_so(client, bob, event, registered):
    client.force_login(bob)
    registration = event.registrations.first()
    response = client.post(
        url("sessions_app:registration_pin", registration), {"pin": "1"}, follow=True
    )
    assert "Peserta ini belum terjadwal." in response.content.decode()
    assert not Placement.objects.exists()


def test_moving_goes_through_its_own_url(client, bob, scheduled):
    client.force_login(bob)
    registration = scheduled.registrations.first()
    here = Placement.objects.get(registration=registration).session
    target = Session.objects.exclude(pk=here.pk).order_by("date", "start_time").last()
    assert target.placements.count() < 5  # a seat is free there
    response = client.post(
        url("sessions_app:registration_move", registration),
        {"move-session": target.pk, "move-reason": "Bentrok rapat"},
    )
    assert response.status_code == 302 and response.url == page_of(registration)
    placement = Placement.objects.get(registration=registration)
    assert (placement.session, placement.reason) == (target, "Bentrok rapat")


def test_a_move_without_a_reason_shows_the_page_with_the_error(client, bob, scheduled):
    client.force_login(bob)
    registration = scheduled.registrations.first()
    before = Placement.objects.get(registration=registration).session
    target = Session.objects.exclude(pk=before.pk).first()
    response = client.post(
        url("sessions_app:registration_move", registration), {"move-session": target.pk}
    )
    assert response.status_code == 200
    assert response.context["move_form"].errors["reason"]
    assert response.context["registration"] == registration
    assert Placement.objects.get(registration=registration).session == before


def test_the_days_one_cannot_come_go_through_their_own_url(client, bob, event, registered):
    client.force_login(bob)
    registration = event.registrations.first()
    response = client.post(
        url("sessions_app:registration_unavailability", registration),
        {"dates-dates": [DAY2.isoformat()], "dates-source": "opd", "dates-note": "Surat OPD"},
    )
    assert response.status_code == 302 and response.url == page_of(registration)
    stored = registration.unavailable_dates.get()
    assert (stored.date, stored.source, stored.note) == (DAY2, "opd", "Surat OPD")
    page = client.get(page_of(registration))
    assert page.context["dates_form"].initial["dates"] == [DAY2.isoformat()]
    assert AuditEntry.objects.exists()


def test_a_day_outside_the_event_shows_the_page_with_the_error(client, bob, event, registered):
    client.force_login(bob)
    registration = event.registrations.first()
    response = client.post(
        url("sessions_app:registration_unavailability", registration),
        {"dates-dates": ["2030-01-01"], "dates-source": "opd"},
    )
    assert response.status_code == 200 and response.context["dates_form"].errors["dates"]
    assert not registration.unavailable_dates.exists()
    assert DAY1.isoformat() in response.content.decode()  # the event's days are offered


@pytest.mark.parametrize("name", ENDPOINTS)
def test_each_endpoint_refuses_a_get(client, bob, scheduled, name):
    client.force_login(bob)
    response = client.get(url(name, scheduled.registrations.first()))
    assert response.status_code == 405


@pytest.mark.parametrize("name", ENDPOINTS)
@pytest.mark.parametrize("username", ["charlie", "dave"])
def test_proctors_and_managers_may_not_change_a_registration(
    client, charlie, dave, scheduled, name, username
):
    client.force_login(charlie if username == "charlie" else dave)
    registration = scheduled.registrations.first()
    placement = Placement.objects.get(registration=registration)
    data = {
        "pin": "1",
        "move-session": Session.objects.exclude(pk=placement.session_id).first().pk,
        "move-reason": "Coba",
        "dates-dates": [DAY1.isoformat()],
        "dates-source": "opd",
    }
    response = client.post(url(name, registration), data)
    assert response.status_code == 403
    placement.refresh_from_db()
    assert not placement.pinned and placement.reason == ""
    assert not registration.unavailable_dates.exists()


def test_the_page_itself_only_shows(client, bob, scheduled):
    client.force_login(bob)
    registration = scheduled.registrations.first()
    assert client.post(page_of(registration), {"pin": "1"}).status_code == 405
    html = client.get(page_of(registration)).content.decode()
    for name in ENDPOINTS:
        assert f'action="{url(name, registration)}"' in html


def test_a_manager_sees_the_page_without_its_forms(client, dave, scheduled):
    client.force_login(dave)
    registration = scheduled.registrations.first()
    html = client.get(page_of(registration)).content.decode()
    assert not any(url(name, registration) in html for name in ENDPOINTS)
