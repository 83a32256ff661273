"""An operator starts a score run in the browser and watches its progress bar move while a
real Celery worker scores the chunks; the page shows the figures when the run is done.

A worker scores 3,000 people faster than the page polls (once a second), so the test holds
the second half of the chunks with row locks from another connection: the worker scores the
first half, waits on the lock, the page shows the bar between 0 and 100, the lock goes and
the run finishes. Nothing in the site is slowed for the test."""

import os

import psycopg
import pytest
from django.db import connection
from playwright.sync_api import Error as PlaywrightError

from cact_admin.celery import app
from scoring.models import ScoreRun, ScoreRunChunk
from tests.browser.conftest import sign_in
from tests.scoring.test_worker import Worker, make_cohort, subprocess_env

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL") or "postgres" not in os.environ.get("DATABASE_URL", ""),
        reason="a real worker needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL)",
    ),
]


@pytest.fixture
def start_worker(settings, tmp_path):
    """Tasks go to Redis (the site's own REDIS_URL); a worker process takes them once the
    test starts it."""
    settings.SCORE_CHUNK_SIZE = 100
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    env = {**subprocess_env(chunk_size=100), "REDIS_URL": os.environ["REDIS_URL"]}
    workers = []
    yield lambda: workers.append(Worker(env, tmp_path, "peramban"))
    for worker in workers:
        worker.stop()
    app.conf.task_always_eager = eager


def hold_chunks(run_id: int, from_index: int) -> psycopg.Connection:
    """Row locks on the run's chunks from `from_index` on, in a connection of its own: the
    worker's `SELECT ... FOR UPDATE` of such a chunk waits until this one commits."""
    db = connection.settings_dict
    holder = psycopg.connect(
        dbname=db["NAME"], user=db["USER"], host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432
    )
    table = ScoreRunChunk._meta.db_table
    holder.execute(
        f"SELECT id FROM {table} WHERE run_id = %s AND index >= %s FOR UPDATE",  # noqa: S608
        (run_id, from_index),
    )
    return holder


def test_the_progress_bar_moves_until_the_run_is_done(
    browser_page, live_server, event, bob, start_worker
):
    make_cohort(event, 3000)
    page = browser_page
    sign_in(page, live_server.url, "bob")
    page.goto(f"{live_server.url}/hasil/{event.code}/penilaian/")
    page.click("text=Jalankan penilaian >> nth=-1")
    page.wait_for_url(f"{live_server.url}/hasil/{event.code}/penilaian/1/")
    run = ScoreRun.objects.get()
    assert run.chunks.count() == 30
    holder = hold_chunks(run.pk, from_index=15)
    start_worker()
    seen = set()
    for _ in range(600):
        try:
            value = page.evaluate(
                "() => document.querySelector('#run-progress progress')?.value ?? null"
            )
        except PlaywrightError:  # the page is reloading: htmx was told the run is over
            value = -1
        if value is None:  # reloaded: the page shows the figures, no bar
            break
        if value >= 0:
            seen.add(int(value))
        if not holder.closed and any(0 < value < 100 for value in seen):
            holder.close()  # the bar has shown the half-way figure: let the worker finish
        page.wait_for_timeout(100)
    holder.close()
    page.wait_for_selector("text=Selesai")
    run = ScoreRun.objects.get()
    assert run.status == ScoreRun.Status.DONE and run.results.count() == 3000
    between = {value for value in seen if 0 < value < 100}
    assert between, f"the bar never moved between 0 and 100: {sorted(seen)}"
    assert page.is_visible("text=peserta dinilai")
