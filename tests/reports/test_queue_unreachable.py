"""The task queue's Redis dead (its port refuses connections, broker and result store alike):
each click that sends a task answers within 2 s and says the queue is unreachable, and
nothing is lost: a large recap waits and is written once a worker connects again."""

import time

import pytest
from django.urls import resolve, reverse

from cact_admin.celery import app
from reports.models import RecapExport
from reports.recap_exports import UNSENT
from reports.tasks import resume_work
from scoring.models import ScoreRun
from scoring.runs import lifecycle

pytestmark = pytest.mark.django_db

DEAD = "redis://127.0.0.1:1/0"
LIMIT = 2.0  # seconds; Celery's own retries took 19 s a click


@pytest.fixture
def queue_down():
    """Broker and result store on a closed port, with the retry and timeout settings the
    site runs with (cact_admin/settings.py), so the bound measured is the real one."""
    saved = {
        "task_always_eager": app.conf.task_always_eager,
        "broker_url": app.conf.broker_url,
        "result_backend": app.conf.result_backend,
    }
    backend, pool = app._backend, app._pool

    def forget_connections() -> None:
        app._backend_cache = None
        app._local.__dict__.pop("backend", None)
        app._pool, app.amqp._producer_pool = None, None

    app.conf.update(task_always_eager=False, broker_url=DEAD, result_backend=DEAD)
    forget_connections()
    yield
    app.conf.update(saved)
    forget_connections()
    app._pool = pool
    if backend is not None:
        app._backend = backend


def timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def test_starting_and_resending_a_run_answer_at_once(client, bob, tested_event, queue_down):
    client.force_login(bob)
    code = tested_event.code

    started, elapsed = timed(lambda: client.post(reverse("scoring:runs", args=[code]), follow=True))

    assert elapsed < LIMIT, f"starting a run took {elapsed:.1f} s"
    assert "tidak bisa dihubungi" in started.content.decode()
    run = ScoreRun.objects.get()
    assert run.status == ScoreRun.Status.QUEUED
    resend = reverse("scoring:run_resume", args=[code, run.number])
    again, elapsed = timed(lambda: client.post(resend, follow=True))
    assert elapsed < LIMIT, f"resending took {elapsed:.1f} s"
    assert "tidak bisa dihubungi" in again.content.decode()


@pytest.fixture
def published(tested_event):
    return lifecycle.publish_run(
        run=lifecycle.start_run(event=tested_event, actor=None), actor=None
    )


def test_a_large_recap_waits_for_the_queue_and_is_written_when_it_is_back(
    client, dave, published, settings, queue_down
):
    settings.RECAP_INLINE_MAX_ROWS = 5  # the event's 12 registered people stand for 100,000
    client.force_login(dave)
    code = published.event.code

    asked, elapsed = timed(lambda: client.post(reverse("reports:recap", args=[code])))

    assert elapsed < LIMIT, f"asking for the recap took {elapsed:.1f} s"
    export = RecapExport.objects.get(token=resolve(asked.url).kwargs["token"])
    assert export.status == RecapExport.Status.QUEUED and not export.file
    page = client.get(asked.url).content.decode()
    assert "Antrean tugas tidak bisa dihubungi" in page
    # Asked again while still down: the same recap, not a second one.
    client.post(reverse("reports:recap", args=[code]))
    assert RecapExport.objects.count() == 1

    app.conf.task_always_eager = True  # the queue is back (tasks run here, as in the tests)
    resume_work()  # what a worker does when it connects to the broker

    export.refresh_from_db()
    assert export.status == RecapExport.Status.DONE and export.rows_total == 12
    assert export.error != UNSENT


def test_a_small_recap_is_written_in_the_request_when_the_queue_is_down(
    client, dave, published, queue_down
):
    client.force_login(dave)

    asked, elapsed = timed(
        lambda: client.post(reverse("reports:recap", args=[published.event.code]))
    )

    export = RecapExport.objects.get(token=resolve(asked.url).kwargs["token"])
    assert export.status == RecapExport.Status.DONE and export.rows_total == 12
    assert elapsed < LIMIT
