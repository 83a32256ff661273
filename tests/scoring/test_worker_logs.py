"""The Celery worker's own log lines are masked like the site's: no NIP or phone number.

A real worker in a subprocess (tests/scoring/test_worker.py's harness), PostgreSQL and Redis.
"""

import os
import time

from cact_admin.celery import app
from tests.scoring.test_worker import Worker, pytestmark, subprocess_env

__all__ = ["pytestmark"]  # the harness's marks: PostgreSQL and Redis only

NIP, PHONE = "198609262015051001", "081234567890"


def test_a_worker_log_line_with_a_nip_is_masked(event, tmp_path):
    # The Redis database of this test run (REDIS_URL), not the harness's shared one.
    redis_url = os.environ["REDIS_URL"]
    env = {**subprocess_env(chunk_size=50), "REDIS_URL": redis_url}
    worker = Worker(env, tmp_path, "log", loglevel="INFO")
    try:
        deadline = time.monotonic() + 60
        while " ready." not in worker.log.read_text() and time.monotonic() < deadline:
            time.sleep(0.1)
        # A message no task handles: the worker logs its whole body, NIP and phone included.
        with app.connection_for_write(redis_url) as connection:
            app.send_task(
                "cact_admin.no_such_task", args=[NIP, PHONE], connection=connection,
                ignore_result=True,
            )  # fmt: skip
        while "unregistered task" not in worker.log.read_text() and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        worker.stop()

    log = worker.log.read_text()
    assert "unregistered task" in log, log[-3000:]
    assert "[NIP]" in log and "[no HP]" in log
    assert NIP not in log and PHONE not in log
