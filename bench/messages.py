"""10,000 schedule messages queued and sent to an SMTP server on loopback, on PostgreSQL, Redis
and two Celery worker processes: messages per second and memory.

The SMTP server (aiosmtpd) runs in this process and counts what arrives; the site reaches it
through EMAIL_URL as it would reach the office's server. Needs PostgreSQL (BENCH_DATABASE_URL)
and Redis (BENCH_REDIS_URL, database 13 by default, emptied first). See bench/messages_child.py.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.participant_import import DEFAULT_URL, ROOT, fresh_database

REDIS_URL = "redis://127.0.0.1:6379/13"
WORKER_PROCESSES = 2
TIMEOUT = 3600


class Counter:
    """The SMTP server's handler: counts messages, keeps the first one to check."""

    def __init__(self) -> None:
        self.count = 0
        self.first: bytes | None = None

    async def handle_DATA(self, server, session, envelope) -> str:
        self.count += 1
        if self.first is None:
            self.first = envelope.original_content
        return "250 OK"


def _step(env: dict, *args: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "bench.messages_child", *args],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1])


def _peak_mb(pid: int) -> float:
    """The largest peak resident size among a process and its children, from /proc."""
    peaks = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines())
        except (OSError, ValueError):
            continue
        if int(fields.get("PPid", "0")) == pid or int(fields.get("Pid", "0")) == pid:
            peaks.append(int(fields.get("VmHWM", "0 kB").split()[0]) / 1024)
    return max(peaks, default=0.0)


def _sent(url: str) -> tuple[int, int]:
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://")) as connection:
        row = connection.execute(
            "SELECT count(*) FILTER (WHERE state = 'sent'),"
            " count(*) FILTER (WHERE state = 'failed') FROM messaging_message"
        ).fetchone()
    return row[0], row[1]


def run() -> None:
    import email
    import email.policy

    import redis
    from aiosmtpd.controller import Controller

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    redis_url = os.environ.get("BENCH_REDIS_URL", REDIS_URL)
    redis.Redis.from_url(redis_url).flushdb()
    fresh_database(url)
    counter = Counter()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(counter, hostname="127.0.0.1", port=port)
    controller.start()
    var_dir = tempfile.mkdtemp(prefix="cact-bench-pesan-")
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "REDIS_URL": redis_url,
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "VAR_DIR": var_dir,
        "DJANGO_SETTINGS_MODULE": "cact_admin.settings",
    }
    try:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True
        )
        setup = _step(env, "setup")
        queued = _step(env, "queue")
        log = (ROOT / "bench" / "out").joinpath("messages-worker.log")
        log.parent.mkdir(parents=True, exist_ok=True)
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "cact_admin", "worker", "-c",
             str(WORKER_PROCESSES), "-P", "prefork", "--without-gossip", "--without-mingle"],
            cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        started, peak = time.perf_counter(), 0.0
        try:
            while True:
                sent, failed = _sent(url)
                peak = max(peak, _peak_mb(worker.pid))
                if sent + failed >= setup["placements"] or time.perf_counter() - started > TIMEOUT:
                    break
                time.sleep(0.5)
            seconds = time.perf_counter() - started
        finally:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=60)
    finally:
        controller.stop()
    first = email.message_from_bytes(counter.first or b"", policy=email.policy.default)
    attached = [part.get_filename() for part in first.iter_attachments()]
    print(
        f"messages: {setup['placements']:,} people placed; the schedule's save hands its notices "
        f"to the workers in {queued['seconds']:.2f} s (peak {queued['peak_mb']:.0f} MB); "
        f"{WORKER_PROCESSES} worker processes compose each with its card PDF, queue and send it "
        f"to the SMTP server on loopback in {seconds:.1f} s ({sent / seconds:.0f} messages/s, "
        f"{failed} failed, "
        f"{counter.count:,} arrived, worker peak {peak:.0f} MB); "
        f"first: {first['Subject']!r} with {attached}"
    )
