"""The schedule's notices through a real Celery worker on PostgreSQL and Redis, as deployed:
another process hands the notices over (as the site does after saving a schedule), the
worker composes each with its card, queues and sends it to the SMTP server on loopback.

Needs PostgreSQL and Redis (CI has both); skipped on the embedded SQLite default."""

import subprocess
import sys
import time

import pytest
from django.conf import settings

from messaging.models import EventMessaging, Message
from sessions_app.services.schedule import schedule_apply
from tests.messaging.conftest import addressed
from tests.scoring.test_worker import ROOT, Worker, redis_db, subprocess_env  # noqa: F401

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        reason="a real worker needs PostgreSQL and Redis",
    ),
    pytest.mark.usefixtures("redis_db"),
]

HAND_OVER = (
    "from messaging.notices import notices_later; from sessions_app.models import Registration;"
    " notices_later(list(Registration.objects.values_list('pk', flat=True)), 'schedule', None)"
)


def hand_over(env: dict) -> None:
    subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "manage.py", "shell", "-c", HAND_OVER],
        cwd=ROOT, env=env, check=True, timeout=60, capture_output=True,
    )  # fmt: skip


def test_a_real_worker_composes_and_sends_each_notice_once(event, registered, smtp, tmp_path):
    addressed(registered[:5])
    # Saved with the notices off, so nothing is sent from this process.
    EventMessaging.objects.create(event=event, schedule_email=False)
    schedule_apply(event=event, replan=False, fingerprint="", actor=None)
    EventMessaging.objects.filter(event=event).update(schedule_email=True)
    env = {
        **subprocess_env(chunk_size=50),
        "EMAIL_URL": f"smtp://127.0.0.1:{settings.EMAIL_PORT}",
        "DEFAULT_FROM_EMAIL": settings.DEFAULT_FROM_EMAIL,
        "VAR_DIR": str(tmp_path / "var"),
    }
    worker = Worker(env, tmp_path, "surel")
    try:
        hand_over(env)
        deadline = time.monotonic() + 90
        while len(smtp.received) < 5 and time.monotonic() < deadline:
            time.sleep(0.2)
        hand_over(env)  # the same schedule announced again: nothing new goes
        time.sleep(3)
    finally:
        worker.stop()
    log = worker.log.read_text()[-3000:]
    assert len(smtp.received) == 5, log
    assert {m["To"].addresses[0].addr_spec for m in smtp.received} == {
        person.email for person in registered[:5]
    }
    assert all(
        [part.get_filename() for part in mail.iter_attachments()] == ["kartu-peserta.pdf"]
        for mail in smtp.received
    )
    assert Message.objects.filter(state=Message.State.SENT).count() == 5
