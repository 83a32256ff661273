"""The demo's proctor account proctors the demo's sessions, however often the demo is loaded."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from sessions_app.models import Event, Session


@pytest.mark.django_db
def test_pengawas_proctors_every_demo_session_after_seeding_twice(client):
    call_command("seed_demo")
    call_command("seed_demo")
    pengawas = User.objects.get(username="pengawas")
    event = Event.objects.get(code="TAHAP-III-2024")
    sessions = list(event.sessions.all())
    assert len(sessions) == 6
    assert list(Session.objects.for_proctor(pengawas)) == sessions  # each once
    assert all(session.proctors.count() == 1 for session in sessions)

    client.force_login(pengawas)
    home = client.get(reverse("home"))
    assert home.status_code == 200  # the demo's days are past: the last sessions are listed
    assert home.context["agenda"].earlier[0] == sessions[-1]
    page = client.get(reverse("sessions_app:proctor_session", args=[sessions[0].pk]))
    assert page.status_code == 200 and len(page.context["rows"]) == sessions[0].placements.count()
