"""Redis down: the site keeps working, and the scoring says it waits for its worker."""

import pytest
from django.urls import reverse

from scoring.models import ScoreRun

pytestmark = pytest.mark.django_db

DEAD_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def cache_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "cact_admin.cache.ResilientRedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


def test_pages_work_and_a_run_waits_for_its_worker(
    client, bob, tested_event, cache_down, broker_down
):
    # Signing in writes the session (cached_db): the cache fails, the database keeps it.
    signed_in = client.post(reverse("login"), {"username": "bob", "password": "sandi-uji-123"})
    assert signed_in.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("participants:list")).status_code == 200
    runs_url = reverse("scoring:runs", args=[tested_event.code])
    response = client.post(runs_url, follow=True)
    assert response.status_code == 200
    run = ScoreRun.objects.get()
    assert run.status == ScoreRun.Status.QUEUED
    page = response.content.decode()
    assert "Penilaian menunggu worker" in page and "tidak bisa dihubungi" in page
    progress = client.get(reverse("scoring:run_progress", args=[tested_event.code, run.number]))
    assert "menunggu worker" in progress.content.decode()
    # Asking again while the broker is still down says so again, and changes nothing.
    again = client.post(
        reverse("scoring:run_resume", args=[tested_event.code, run.number]), follow=True
    )
    assert "tidak bisa dihubungi" in again.content.decode()
    run.refresh_from_db()
    assert run.status == ScoreRun.Status.QUEUED and not run.results.exists()
