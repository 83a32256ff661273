"""The score run on real Celery workers against Redis, in subprocesses: the command an
operator types, a worker killed with SIGKILL in the middle of a run, a worker that comes back.

Needs PostgreSQL and Redis (CI has both); skipped on the embedded SQLite default. The
subprocesses use the test database and Redis database 15, which the test empties first.
"""

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from demo.results import demo_items
from participants.models import Opd, Participant, PositionClass
from scoring.models import AnswerSheet, Instrument, ScoreRun
from scoring.runs import lifecycle
from scoring.services import store_items
from sessions_app.models import Registration

ROOT = Path(__file__).resolve().parents[2]
REDIS_TEST_URL = "redis://127.0.0.1:6379/15"

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
        or not os.environ.get("REDIS_URL"),
        reason="real workers need PostgreSQL and Redis (DATABASE_URL, REDIS_URL)",
    ),
]


def subprocess_env(chunk_size: int) -> dict:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return {
        **os.environ,
        "DATABASE_URL": url,
        "REDIS_URL": REDIS_TEST_URL,
        "SCORE_CHUNK_SIZE": str(chunk_size),
        "CONN_MAX_AGE": "0",
        "PYTHONUNBUFFERED": "1",
    }


@pytest.fixture
def redis_db():
    import redis

    client = redis.Redis.from_url(REDIS_TEST_URL)
    client.flushdb()
    yield client
    client.flushdb()


class Worker:
    """A `celery worker` in its own process group, so SIGKILL takes its children too."""

    def __init__(self, env: dict, tmp_path: Path, name: str, loglevel: str = "WARNING") -> None:
        self.log = tmp_path / f"{name}.log"
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [sys.executable, "-m", "celery", "-A", "cact_admin", "worker", "-c", "1"]
            + ["-l", loglevel, "-P", "prefork", "-n", f"{name}@%h"]
            + ["--without-gossip", "--without-mingle"],
            cwd=ROOT,
            env=env,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


def make_cohort(event, size: int) -> Instrument:
    """`size` registered people with answers, written in bulk."""
    position_class = PositionClass.objects.get(name="Pelaksana")
    opd = Opd.objects.create(name="Dinas Uji Beban", code="BEBAN")
    people = Participant.objects.bulk_create(
        Participant(
            nip=f"19900101201501{number:04d}",
            name=f"Peserta {number:05d}",
            gender="P",
            birth_date=dt.date(1990, 1, 1),
            employment_type="PNS",
            golongan="III/a",
            position_title="Pengadministrasi",
            position_class=position_class,
            opd=opd,
        )
        for number in range(size)
    )
    registrations = Registration.objects.bulk_create(
        Registration(event=event, participant=person) for person in people
    )
    instrument = Instrument.objects.create(event=event, name="Form Beban")
    items = demo_items()
    store_items(instrument, items)
    rng = np.random.default_rng(7)
    codes = rng.integers(0, 6, size=(size, len(items)))
    now = timezone.now()
    AnswerSheet.objects.bulk_create(
        AnswerSheet(
            instrument=instrument,
            registration=registration,
            answers="".join(map(str, row)),
            imported_at=now,
        )
        for registration, row in zip(registrations, codes.tolist(), strict=True)
    )
    return instrument


def compute_scores(env: dict, *args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "compute_scores", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def figures(run):
    return list(
        run.results.order_by("registration_id").values_list(
            "registration_id", "levels", "jpm", "ld_score", "es_t", "potential", "box"
        )
    )


def test_compute_scores_on_a_real_worker(event, redis_db, tmp_path):
    make_cohort(event, 300)
    env = subprocess_env(chunk_size=50)
    worker = Worker(env, tmp_path, "satu")
    try:
        command = compute_scores(env, "--event", event.code, "--publish")
        out, err = command.communicate(timeout=180)
    finally:
        worker.stop()
    assert command.returncode in (0, 1), (out, err, worker.log.read_text()[-3000:])
    run = ScoreRun.objects.get()
    assert run.status == ScoreRun.Status.DONE, run.error
    assert run.chunks_total == 6 and run.results.count() == 300
    assert "Penilaian #1" in out
    # The same inputs scored in-process give the same figures as on the worker.
    again = lifecycle.start_run(event=event, actor=None)
    assert again.inputs_hash == run.inputs_hash and figures(again) == figures(run)


def test_a_worker_killed_mid_run_loses_nothing(event, redis_db, tmp_path):
    make_cohort(event, 3000)
    env = subprocess_env(chunk_size=100)
    first = Worker(env, tmp_path, "pertama")
    command = compute_scores(env, "--event", event.code)
    second = None
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            run = ScoreRun.objects.filter(event=event).first()
            if run and run.chunks.filter(done_at__isnull=False).count() >= 3:
                break
            time.sleep(0.05)
        else:
            pytest.fail(f"the first worker scored nothing: {first.log.read_text()[-3000:]}")
        first.kill()  # SIGKILL to the worker and its pool: no shutdown, no acknowledgement
        done_at_kill = run.chunks.filter(done_at__isnull=False).count()
        assert done_at_kill < run.chunks_total, "the run finished before the kill"
        second = Worker(env, tmp_path, "kedua")  # a worker comes back and resumes the run
        out, err = command.communicate(timeout=240)
    finally:
        command.kill()
        first.stop()
        if second:
            second.stop()
    run.refresh_from_db()
    assert run.status == ScoreRun.Status.DONE, (run.error, out, err)
    assert run.chunks.filter(done_at__isnull=True).count() == 0
    assert run.results.count() == 3000  # no row missing; (run, registration) is unique
    assert run.results.values("registration_id").distinct().count() == 3000
    assert "resumed 1 unfinished score run" in second.log.read_text()
    reference = lifecycle.start_run(event=event, actor=None)
    assert figures(reference) == figures(run)


def test_a_recap_is_written_by_a_real_worker(event, redis_db, tmp_path, dave):
    """The dashboard's recap button on the production stack: the request only queues the
    task; a worker process writes the file, and the page then offers it."""
    from openpyxl import load_workbook

    from cact_admin.celery import app
    from reports.models import RecapExport
    from reports.recap_exports import request_recap

    make_cohort(event, 300)
    run = lifecycle.publish_run(run=lifecycle.start_run(event=event, actor=None), actor=None)
    env = {**subprocess_env(chunk_size=100), "REDIS_URL": os.environ["REDIS_URL"]}
    env["VAR_DIR"] = str(tmp_path)  # the worker stores the file where this test reads it
    app.conf.task_always_eager = False  # to Redis, the site's own REDIS_URL, as in production
    worker = Worker(env, tmp_path, "rekap")
    try:
        export = request_recap(run=run, user=dave)
        assert export.status == RecapExport.Status.QUEUED  # not written in the request
        deadline = time.monotonic() + 90
        while not export.finished and time.monotonic() < deadline:
            time.sleep(0.2)
            export.refresh_from_db()
    finally:
        worker.stop()
    assert export.status == RecapExport.Status.DONE, (export.error, worker.log.read_text()[-3000:])
    assert export.rows_done == export.rows_total == 300
    with export.file.open("rb") as handle:
        sheet = load_workbook(handle, read_only=True)["Per Peserta"]
        assert sum(1 for _ in sheet.iter_rows(values_only=True)) == 301
