"""Faults, scripted and repeatable (issue 7, item 5): PostgreSQL restarted in the middle of
an import, two operators confirming one import at the same moment, Redis stopped during a
score run on a real worker. Each test ends with the data complete and counted once, and
checks what the user was told.

They restart the services of this machine, so they need PostgreSQL and Redis on 127.0.0.1
with their command-line tools (CI has both, see `.ci/run`); elsewhere they are skipped.
Every test leaves both services running, whatever happens in it. A worker killed with
SIGKILL is tests/scoring/test_worker.py; a broker refusing connections from the start is
tests/scoring/test_redis_down.py.
"""

import csv
import datetime as dt
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from subprocess import PIPE
from urllib.parse import urlsplit

import psycopg
import pytest
import redis
from django.conf import settings
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from audit.models import AuditEntry
from cact_admin.celery import app
from core.models import ImportBatch
from demo.results import simulate_answers, write_answers, write_instrument
from participants.models import Opd, Participant
from participants.nip import Gender, build_nip
from scoring.instrument import read_instrument
from scoring.models import AnswerSheet, ScoreRun
from scoring.runs import lifecycle
from scoring.services import instrument_attach
from tests.conftest import HEADERS, make_user
from tests.scoring.test_worker import Worker, figures, make_cohort, subprocess_env

ROOT = Path(__file__).resolve().parents[1]
ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
ON_THIS_MACHINE = ("127.0.0.1", "localhost", "")
REDIS = urlsplit(settings.REDIS_URL)
AUDIT_INSERT = f'INSERT INTO "{AuditEntry._meta.db_table}"'
BATCH_CLAIM = f'UPDATE "{ImportBatch._meta.db_table}"'
DONE_BEFORE = "Impor ini sudah dikonfirmasi atau dibatalkan sebelumnya."

needs_postgresql = pytest.mark.skipif(
    not ON_POSTGRESQL, reason="row locks between two connections need PostgreSQL (DATABASE_URL)"
)
needs_local_postgresql = pytest.mark.skipif(
    not ON_POSTGRESQL
    or settings.DATABASES["default"]["HOST"] not in ON_THIS_MACHINE
    or not shutil.which("pg_ctlcluster")
    or not Path("/etc/postgresql").is_dir(),
    reason="restarts PostgreSQL: needs it on 127.0.0.1 (DATABASE_URL) with pg_ctlcluster",
)
needs_local_redis = pytest.mark.skipif(
    not ON_POSTGRESQL
    or REDIS.hostname not in ON_THIS_MACHINE
    or not shutil.which("redis-server")
    or not shutil.which("redis-cli"),
    reason="stops Redis under a real worker: needs PostgreSQL (DATABASE_URL) and Redis on "
    "127.0.0.1 (REDIS_URL) with redis-server",
)


def wait_until(condition: Callable[[], object], timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.05)
    pytest.fail(f"waited {timeout:.0f} s for {what}")


# --- PostgreSQL: another session, and the restart -----------------------------------------


def session(*, autocommit: bool) -> psycopg.Connection:
    """A connection to the test database beside Django's, as another client would have."""
    db = connection.settings_dict
    return psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname=db["NAME"],
        autocommit=autocommit,
    )


@contextmanager
def audit_trail_held() -> Iterator[None]:
    """Another session holds the audit table. An import writes its rows, then its audit
    entry, in one transaction: it waits at the audit entry with every row written and
    nothing committed, for as long as this lasts. The fault strikes there, not by luck."""
    holder = session(autocommit=False)
    holder.execute(f"LOCK TABLE {AuditEntry._meta.db_table} IN EXCLUSIVE MODE")
    try:
        yield
    finally:
        with suppress(psycopg.Error):
            holder.rollback()
        holder.close()


def waiting_on_locks(monitor: psycopg.Connection) -> list[tuple[str, int, str]]:
    return monitor.execute(
        "SELECT application_name, pid, query FROM pg_stat_activity "
        "WHERE datname = current_database() AND wait_event_type = 'Lock'"
    ).fetchall()


def pg_ready() -> bool:
    return subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"], check=False).returncode == 0


def restart_postgresql() -> None:
    """`pg_ctlcluster restart`: sessions are ended, open transactions rolled back. PostgreSQL
    accepts connections again when this returns, whatever went wrong."""
    version = sorted(os.listdir("/etc/postgresql"))[0]
    cluster = ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main"]
    try:
        subprocess.run([*cluster, "restart"], check=True, capture_output=True, timeout=120)
    finally:
        deadline = time.monotonic() + 30
        while not pg_ready() and time.monotonic() < deadline:
            time.sleep(0.2)
        if not pg_ready():
            subprocess.run([*cluster, "start"], check=False, capture_output=True, timeout=120)
            wait_until(pg_ready, 60, "PostgreSQL to accept connections")


# --- 1. PostgreSQL restarted during an import ---------------------------------------------

IMPORT_ROWS = 30_000  # about five seconds of `import_participants`
IMPORT_OPDS = 7


def write_participants_csv(path: Path, count: int) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for number in range(count):
            nip = build_nip(
                birth_date=dt.date(1975, 1, 1) + dt.timedelta(days=number // 999),
                gender=Gender.FEMALE if number % 2 else Gender.MALE,
                sequence=number % 999 + 1,
                tmt=dt.date(2005, 3, 1),
            )
            opd = f"Dinas Uji Gangguan {number % IMPORT_OPDS}"
            writer.writerow([nip, f"Peserta {number:05d}", "III/c", "Analis", "Pelaksana", opd])
    return path


def import_command(path: Path) -> list[str]:
    return [sys.executable, "manage.py", "import_participants", str(path)]


def participant_imports() -> int:
    return AuditEntry.objects.filter(
        action=AuditEntry.Action.IMPORT, target_type="participants.participant"
    ).count()


@needs_local_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_postgresql_restart_mid_import_keeps_nothing_and_the_rerun_keeps_every_row_once(
    tmp_path,
):
    path = write_participants_csv(tmp_path / "peserta.csv", IMPORT_ROWS)
    db = connection.settings_dict
    name = "cact-faults-import"  # how the command's session shows in pg_stat_activity
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": f"{url}?application_name={name}", "CONN_MAX_AGE": "0"}
    monitor = session(autocommit=True)
    try:
        with audit_trail_held():
            command = subprocess.Popen(
                import_command(path), cwd=ROOT, env=env, stdout=PIPE, stderr=PIPE, text=True
            )
            try:
                waiting = wait_until(
                    lambda: (
                        command.poll() is not None
                        or [row for row in waiting_on_locks(monitor) if row[0] == name]
                    ),
                    90,
                    "the import to reach its audit entry",
                )
                assert command.poll() is None, command.communicate()
                ((_, pid, query),) = waiting
                assert query.startswith(AUDIT_INSERT)
                # Its participants are written, in the open transaction: the restart hits there.
                (written,) = monitor.execute(
                    "SELECT count(*) FROM pg_locks WHERE pid = %s AND mode = 'RowExclusiveLock' "
                    "AND relation = %s::regclass",
                    (pid, Participant._meta.db_table),
                ).fetchone()
                assert written == 1
                restart_postgresql()
                out, err = command.communicate(timeout=60)
            finally:
                if command.poll() is None:
                    command.kill()
                    command.communicate()
    finally:
        with suppress(psycopg.Error):
            monitor.close()
    connections.close_all()  # ours died with the restart too

    # One line in Indonesian, no traceback, exit 1; and none of the 30,000 rows stayed.
    assert command.returncode == 1
    assert f"{IMPORT_ROWS} baris data: {IMPORT_ROWS} baru" in out and "Tersimpan" not in out
    assert "Traceback" not in err
    assert err.startswith("CommandError: Koneksi ke basis data terputus")
    assert "Jalankan perintah yang sama lagi" in err
    assert Participant.objects.count() == 0
    assert not Opd.objects.filter(name__startswith="Dinas Uji Gangguan").exists()
    assert participant_imports() == 0

    again = subprocess.run(
        import_command(path), cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert again.returncode == 0, again.stderr
    assert f"{IMPORT_ROWS} baris data: {IMPORT_ROWS} baru" in again.stdout
    assert Participant.objects.count() == IMPORT_ROWS
    assert Participant.objects.values("nip").distinct().count() == IMPORT_ROWS
    assert Opd.objects.filter(name__startswith="Dinas Uji Gangguan").count() == IMPORT_OPDS
    assert participant_imports() == 1


# --- 2. Two operators confirm the same import at once -------------------------------------


@pytest.fixture
def operators(db):
    return make_user("bob", Role.OPERATOR, staff=True), make_user("dina", Role.OPERATOR)


def confirm_at_once(users, url: str) -> list[str]:
    """Each user POSTs `url` from their own thread, with their own client and database
    connection. The first to claim the batch is held at its audit entry until the second is
    seen waiting on the claim (its UPDATE of the batch): the two confirmations overlap.
    Returns the pages they were shown."""
    clients = []
    for user in users:
        client = Client()
        client.force_login(user)
        clients.append(client)
    pages: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(len(clients))

    def confirm(client: Client) -> None:
        try:
            start.wait(timeout=10)
            response = client.post(url, follow=True)
            assert response.redirect_chain[0][1] == 302
            assert response.status_code == 200
            pages.append(response.content.decode())
        except BaseException as error:  # noqa: BLE001 - handed to the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm, args=(client,)) for client in clients]
    monitor = session(autocommit=True)
    try:
        with audit_trail_held():
            for thread in threads:
                thread.start()
            waiting = wait_until(
                lambda: len(found := waiting_on_locks(monitor)) == 2 and found,
                30,
                "both confirmations to be inside the database at once",
            )
            held = [query for _, _, query in waiting if query.startswith(AUDIT_INSERT)]
            claiming = [query for _, _, query in waiting if query.startswith(BATCH_CLAIM)]
            assert len(held) == 1 and len(claiming) == 1, waiting
    finally:
        monitor.close()
        for thread in threads:
            thread.join(timeout=60)
    if errors:
        raise errors[0]
    return pages


@needs_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_operators_confirming_one_participant_import_apply_it_once(operators, tmp_path):
    rows = 2000
    path = write_participants_csv(tmp_path / "peserta.csv", rows)
    first = Client()
    first.force_login(operators[0])
    with path.open("rb") as upload:
        assert first.post(reverse("participants:import"), {"file": upload}).status_code == 302
    batch = ImportBatch.objects.get()

    pages = confirm_at_once(operators, reverse("participants:import_confirm", args=[batch.token]))

    assert sum(f"Impor selesai: {rows} peserta baru" in page for page in pages) == 1
    assert sum(DONE_BEFORE in page for page in pages) == 1
    assert Participant.objects.count() == rows
    assert participant_imports() == 1
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE and batch.result["created"] == rows


@needs_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_operators_confirming_one_answers_import_apply_it_once(
    operators, event, registered, tmp_path
):
    items = tmp_path / "Form A.xlsx"
    write_instrument(items)
    instrument = instrument_attach(
        event=event, name="Form A", source=items.name, plan=read_instrument(items), actor=None
    )
    path = tmp_path / "jawaban.xlsx"
    write_answers(path, simulate_answers([person.nip for person in registered]))
    first = Client()
    first.force_login(operators[0])
    with path.open("rb") as upload:
        uploaded = first.post(
            reverse("scoring:import", args=[event.code, "jawaban"]),
            {"file": upload, "instrument": instrument.pk},
        )
    assert uploaded.status_code == 302
    batch = ImportBatch.objects.get()

    pages = confirm_at_once(
        operators, reverse("scoring:import_confirm", args=[event.code, "jawaban", batch.token])
    )

    stored = len(registered)
    assert sum(f"Impor selesai: {stored} baris disimpan" in page for page in pages) == 1
    assert sum(DONE_BEFORE in page for page in pages) == 1
    assert AnswerSheet.objects.filter(instrument=instrument).count() == stored
    # One entry for the sheets (attaching the instrument wrote its own, without sheets).
    imports = AuditEntry.objects.filter(changes__has_key="lembar jawaban")
    assert imports.count() == 1 and imports.get().changes["lembar jawaban"] == stored
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert batch.result == {"stored": stored, "rejected": 0}


# --- 3. Redis stopped during a score run --------------------------------------------------


def redis_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["redis-cli", "-h", "127.0.0.1", "-p", str(REDIS.port or 6379), *args],
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    )


def redis_up() -> bool:
    return redis_cli("ping").stdout.strip() == "PONG"


@contextmanager
def redis_stopped() -> Iterator[None]:
    """Redis shut down, then started again as `.ci/run` starts it (no persistence)."""
    redis_cli("shutdown", "nosave")
    wait_until(lambda: not redis_up(), 10, "Redis to stop")
    try:
        yield
    finally:
        if not redis_up():
            subprocess.run(
                ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1"]
                + ["--port", str(REDIS.port or 6379), "--save", "", "--appendonly", "no"],
                check=False,
                capture_output=True,
                timeout=30,
            )
        wait_until(redis_up, 30, "Redis to answer again")


@pytest.fixture
def real_broker():
    """The site sends its tasks to Redis for a worker process, not in-process."""
    redis.Redis.from_url(settings.REDIS_URL).flushdb()
    before = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield settings.REDIS_URL
    app.conf.task_always_eager = before
    with suppress(redis.RedisError):
        redis.Redis.from_url(settings.REDIS_URL).flushdb()


def done_chunks(run: ScoreRun) -> int:
    return run.chunks.filter(done_at__isnull=False).count()


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@needs_local_redis
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
# Celery's result objects unsubscribe from Redis when collected; one collected while Redis
# is down complains from __del__, which says nothing about the run.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_redis_stopped_mid_run_leaves_the_site_up_and_the_run_finishes_when_it_is_back(
    event, real_broker, tmp_path, settings, client
):
    settings.SCORE_CHUNK_SIZE = 100
    people = 3000
    make_cohort(event, people)
    client.force_login(make_user("bob", Role.OPERATOR, staff=True))
    env = {**subprocess_env(chunk_size=100), "REDIS_URL": real_broker}
    # At INFO it says when it is ready and when it reconnects.
    worker = Worker(env, tmp_path, "gangguan", loglevel="INFO")
    try:
        wait_until(lambda: " ready." in worker.log.read_text(), 60, "the worker to be ready")
        started = client.post(reverse("scoring:runs", args=[event.code]))
        run = ScoreRun.objects.get()
        assert started.url == reverse("scoring:run", args=[event.code, run.number])
        resend = reverse("scoring:run_resume", args=[event.code, run.number])
        wait_until(lambda: done_chunks(run) >= 3, 60, "the worker to score three chunks")

        with redis_stopped():
            assert done_chunks(run) < run.chunks_total, "the run finished before Redis stopped"
            # The site keeps answering: sessions come from the database, the cache misses.
            for name, args in (
                ("home", []),
                ("participants:list", []),
                ("scoring:runs", [event.code]),
                ("scoring:run_progress", [event.code, run.number]),
            ):
                assert client.get(reverse(name, args=args)).status_code == 200, name
            dashboard = client.get(reverse("reports:dashboard", args=[event.code]), {"run": 1})
            assert dashboard.status_code == 200
            page = client.get(started.url).content.decode()
            assert "Berjalan" in page and "Kirim ulang ke worker" in page
            # Sending it again while Redis is down says why it cannot, and breaks nothing.
            refused = client.post(resend, follow=True)
            assert refused.status_code == 200
            assert "Antrean tugas tidak bisa dihubungi (OperationalError)." in messages_of(refused)
            run.refresh_from_db()
            assert run.status == ScoreRun.Status.RUNNING and not run.error

        # The queued chunks went with Redis' memory (no persistence, as in CI); the worker,
        # reconnecting, sends the unfinished run again and it finishes by itself.
        wait_until(
            lambda: ScoreRun.objects.filter(pk=run.pk, status=ScoreRun.Status.DONE).exists(),
            90,
            "the run to finish once Redis is back",
        )
        assert "resumed 1 unfinished score run" in worker.log.read_text()
    finally:
        worker.stop()
    run.refresh_from_db()
    assert not run.dispatch_error and not run.error
    assert done_chunks(run) == run.chunks_total == 30
    assert run.results.count() == people  # (run, registration) is unique
    assert run.results.values("registration_id").distinct().count() == people
    assert run.summary["participants"] == people
    page = client.get(reverse("scoring:run", args=[event.code, run.number])).content.decode()
    assert "Selesai" in page and "3.000" in page
    # The same inputs scored in-process give the same figures as the interrupted run.
    app.conf.task_always_eager = True
    reference = lifecycle.start_run(event=event, actor=None)
    assert reference.inputs_hash == run.inputs_hash and figures(reference) == figures(run)
