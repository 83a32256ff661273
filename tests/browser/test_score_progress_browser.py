"""An operator starts a score run in the browser and watches its progress bar move while a
real Celery worker scores the chunks; the page shows the figures when the run is done."""

import os

import pytest
from playwright.sync_api import Error as PlaywrightError

from cact_admin.celery import app
from reports.models import ScoreRun
from tests.browser.conftest import sign_in
from tests.reports.test_worker import Worker, make_cohort, subprocess_env

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL") or "postgres" not in os.environ.get("DATABASE_URL", ""),
        reason="a real worker needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL)",
    ),
]


@pytest.fixture
def real_worker(settings, tmp_path):
    """Tasks go to Redis (the site's own REDIS_URL) and a worker process takes them."""
    settings.SCORE_CHUNK_SIZE = 100
    app.conf.task_always_eager = False
    env = {**subprocess_env(chunk_size=100), "REDIS_URL": os.environ["REDIS_URL"]}
    worker = Worker(env, tmp_path, "peramban")
    yield worker
    worker.stop()


def test_the_progress_bar_moves_until_the_run_is_done(
    browser_page, live_server, event, bob, real_worker
):
    make_cohort(event, 3000)
    page = browser_page
    sign_in(page, live_server.url, "bob")
    page.goto(f"{live_server.url}/hasil/{event.code}/penilaian/")
    page.click("text=Jalankan penilaian >> nth=-1")
    page.wait_for_url(f"{live_server.url}/hasil/{event.code}/penilaian/1/")
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
        page.wait_for_timeout(100)
    page.wait_for_selector("text=Selesai")
    run = ScoreRun.objects.get()
    assert run.status == ScoreRun.Status.DONE and run.results.count() == 3000
    between = {value for value in seen if 0 < value < 100}
    assert between, f"the bar never moved between 0 and 100: {sorted(seen)}"
    assert page.is_visible("text=peserta dinilai")
