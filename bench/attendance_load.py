"""Attendance under load: 30 proctor clients marking for 60 s against gunicorn on
PostgreSQL, on loopback only; then every mark is counted in the database.

Each client signs in as its own proctor and marks the people of its own session in a loop
(status alternating, one mark every PACE seconds, or flat out with pace 0), sending every
tenth mark twice with the same client id, as a retry or an offline replay would.
Afterwards: marks stored must equal the distinct marks acknowledged (none lost, none
doubled) and there is at most one attendance row per person.
"""

import http.client
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import threading
import time
import uuid
from datetime import UTC, datetime
from multiprocessing import Pool
from urllib.parse import urlencode

from bench import targets
from bench.participant_import import DEFAULT_URL, ROOT, fresh_database

HOST, PORT = "127.0.0.1", 8765
CLIENTS, SECONDS = 30, 60
PROCESSES = int(os.environ.get("BENCH_PROCESSES", "3"))
# A proctor marks a person every half second at most (Tahap III: about 60 people in 15
# minutes per lab); 0 runs the clients flat out to find the ceiling.
PACE = 0.5
WARMUP = 15
# sync workers take each request from the shared accept queue, so 30 keep-alive clients do
# not pile up on one gthread worker while the others idle (seen: p50 23 ms -> 140 ms).
WORKER_CLASS, WORKERS, THREADS = os.environ.get("BENCH_GUNICORN", "sync 5 1").split()


def _request(conn, method, path, body=None, headers=None, cookies=None):
    headers = dict(headers or {})
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    for header in response.headers.get_all("Set-Cookie") or []:
        name, value = header.split(";", 1)[0].split("=", 1)
        if cookies is not None:
            cookies[name] = value
    return response.status, data


def client(job: dict) -> dict:
    """One proctor: sign in (unless the job brings the cookies of a sign-in before), then
    mark until the time is up."""
    conn = http.client.HTTPConnection(HOST, PORT, timeout=10)
    cookies: dict[str, str] = dict(job.get("cookies") or {})
    if not cookies:
        _sign_in(conn, job, cookies)
    path = f"/kegiatan/pengawas/sesi/{job['session']}/tandai/"
    headers = {
        "Content-Type": "application/json",
        "X-CSRFToken": cookies["csrftoken"],
        "X-Device": job["user"],
    }
    latencies, errors, acknowledged, replays = [], 0, set(), 0
    # Every client is signed in first (password hashing is deliberately slow), then all
    # start marking at the same moment, so the measured minute is marking only.
    time.sleep(max(0.0, job["start_at"] - time.time()))
    conn.close()  # the idle keep-alive connection has been dropped by the server meanwhile
    conn = http.client.HTTPConnection(HOST, PORT, timeout=10)
    deadline = time.monotonic() + job["seconds"]
    next_at = time.monotonic()
    n = 0
    while time.monotonic() < deadline:
        if job["pace"]:
            time.sleep(max(0.0, next_at - time.monotonic()))
            next_at += job["pace"]
        registration = job["registrations"][n % len(job["registrations"])]
        mark = {
            "client_id": str(uuid.uuid4()),
            "registration": registration,
            "status": "hadir" if n % 2 == 0 else "terlambat",
            "marked_at": datetime.now(UTC).isoformat(),
        }
        sends = 2 if n % 10 == 0 else 1
        for _attempt in range(sends):
            started = time.perf_counter()
            try:
                status, body = _request(conn, "POST", path, json.dumps(mark), headers, cookies)
            except (OSError, http.client.HTTPException):
                errors += 1
                conn = http.client.HTTPConnection(HOST, PORT, timeout=10)
                continue
            latencies.append(time.perf_counter() - started)
            if status == 200:
                acknowledged.add(mark["client_id"])
                replays += json.loads(body).get("duplicate", False)
            else:
                errors += 1
        n += 1
    return {
        "user": job["user"],
        "cookies": cookies,
        "latencies": latencies,
        "errors": errors,
        "acknowledged": list(acknowledged),
        "replays": replays,
    }


def _sign_in(conn, job: dict, cookies: dict) -> None:
    _, page = _request(conn, "GET", "/masuk/", cookies=cookies)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    form = urlencode(
        {"username": job["user"], "password": job["password"], "csrfmiddlewaretoken": token}
    )
    status, _ = _request(
        conn, "POST", "/masuk/", form,
        {"Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://{HOST}:{PORT}/masuk/"},
        cookies,
    )  # fmt: skip
    assert status == 302, f"sign-in failed for {job['user']}: {status}"


def _clients(jobs: list[dict]) -> list[dict]:
    results: list[dict] = []
    threads = [threading.Thread(target=lambda j=j: results.append(client(j))) for j in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def run(seconds: int = SECONDS, pace: float = PACE) -> None:
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    plan, gunicorn = start_server(url)
    try:
        # A short warm-up first: the measured minute is the server in use, not just started.
        warm = _phase(plan, WARMUP, pace)
        # The server's CPU from the first mark on. The measured minute's clients keep the
        # warm-up's sessions: signing in again would be 30 password hashes (half a second
        # of CPU each, slow on purpose), some still running after the first mark.
        signed_in = {result["user"]: result["cookies"] for result in warm}
        plan = [{**item, "cookies": signed_in[item["user"]]} for item in plan]
        start_at = time.time() + float(os.environ.get("BENCH_START_DELAY", "8"))
        at_start: list[float] = []
        sampler = threading.Timer(
            start_at - time.time(), lambda: at_start.append(server_cpu(gunicorn.pid))
        )
        sampler.start()
        results = _phase(plan, seconds, pace, start_at)
        sampler.join()
        cpu = server_cpu(gunicorn.pid) - at_start[0]
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
    _report(results, warm, url, seconds, pace, cpu)


def start_server(url: str) -> tuple[list[dict], subprocess.Popen]:
    """A fresh database with the load's 30 sessions, and gunicorn serving it."""
    fresh_database(url)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "cact_admin.settings",
        "ALLOWED_HOSTS": HOST,
        "DEBUG": "false",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    setup = subprocess.run(
        [sys.executable, "-m", "bench.attendance_setup"], cwd=ROOT, env=env, check=True,
        capture_output=True, text=True,
    )  # fmt: skip
    plan = json.loads(setup.stdout.strip().splitlines()[-1])
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("ANALYZE")  # as a database in use would have its statistics
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "cact_admin.wsgi", "--bind", f"{HOST}:{PORT}",
         "--workers", str(WORKERS), "--threads", str(THREADS), "--worker-class", WORKER_CLASS,
         "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        _wait_for_server()
    except RuntimeError:
        gunicorn.terminate()
        raise
    return plan, gunicorn


def server_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by gunicorn's workers (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    children = open(f"/proc/{pid}/task/{pid}/children").read().split()  # noqa: SIM115
    for child in [str(pid), *children]:
        try:
            fields = open(f"/proc/{child}/stat").read().rsplit(")", 1)[1].split()  # noqa: SIM115
        except FileNotFoundError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def _phase(
    plan: list[dict], seconds: int, pace: float, start_at: float | None = None
) -> list[dict]:
    if start_at is None:
        start_at = time.time() + float(os.environ.get("BENCH_START_DELAY", "8"))
    # Proctors are not in step: spread the clients' first marks over one pace interval.
    jobs = [
        {
            **item,
            "password": "beban-uji-2024",
            "seconds": seconds,
            "pace": pace,
            "start_at": start_at + number * (pace or 0.5) / CLIENTS,
        }
        for number, item in enumerate(plan[:CLIENTS])
    ]
    if PROCESSES == 1:
        return _clients(jobs)
    groups = [jobs[i::PROCESSES] for i in range(PROCESSES)]
    with Pool(PROCESSES) as pool:
        return [r for group in pool.map(_clients, groups) for r in group]


def _wait_for_server() -> None:
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection(HOST, PORT, timeout=1)
            conn.request("GET", "/sehat/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def _report(
    results: list[dict], warm: list[dict], url: str, seconds: int, pace: float, cpu: float
) -> None:
    import psycopg

    latencies = sorted(x for r in results for x in r["latencies"])
    acknowledged = {c for r in results + warm for c in r["acknowledged"]}
    errors = sum(r["errors"] for r in results + warm)
    replays = sum(r["replays"] for r in results)
    with psycopg.connect(url) as connection:
        marks = connection.execute("SELECT count(*) FROM sessions_app_attendancemark").fetchone()[0]
        stored = {
            str(row[0])
            for row in connection.execute("SELECT client_id FROM sessions_app_attendancemark")
        }
        rows, people = connection.execute(
            "SELECT count(*), count(DISTINCT (registration_id, session_id)) "
            "FROM sessions_app_attendance"
        ).fetchone()
    p95 = latencies[int(len(latencies) * 0.95) - 1] * 1000
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores; "
        f"gunicorn {WORKERS} {WORKER_CLASS} workers x {THREADS} threads"
    )
    print(
        f"attendance load ({f'one mark per {pace} s per client' if pace else 'no pause'}): "
        f"{len(results)} clients x {seconds} s: {len(latencies):,} requests "
        f"({len(latencies) / seconds:,.0f}/s), p50 {statistics.median(latencies) * 1000:.1f} ms, "
        f"p95 {p95:.1f} ms, max {latencies[-1] * 1000:.0f} ms, errors {errors}"
    )
    print(
        f"server CPU from the first mark {cpu:.1f} s for {len(latencies):,} requests: "
        f"{cpu / max(1, len(latencies)) * 1000:.2f} ms per mark (target at most 5 ms; "
        f"p95 target under 30 ms at one mark per 0.5 s)"
    )
    lost, doubled = len(acknowledged - stored), marks - len(stored)
    per_mark = cpu / max(1, len(latencies)) * 1000
    if pace:
        marks_detail = (
            f"p50 {statistics.median(latencies) * 1000:.1f} ms, {lost} lost, {doubled} doubled"
        )
        targets.record(
            f"single mark p95, {len(results)} proctors x one mark per {pace} s",
            p95,
            30,
            "ms",
            detail=marks_detail,
        )
    targets.record(
        f"marks lost or doubled ({'one mark per ' + str(pace) + ' s' if pace else 'no pause'})",
        lost + doubled,
        0,
        "marks",
    )
    targets.record(
        f"single mark, server CPU ({'one mark per ' + str(pace) + ' s' if pace else 'no pause'})",
        per_mark,
        5,
        "ms",
        detail=f"{len(latencies) / seconds:,.0f} marks/s",
    )
    print(
        f"marks acknowledged {len(acknowledged):,}, stored {marks:,}, "
        f"lost {lost}, duplicates {doubled}, "
        f"replays answered as duplicates {replays:,}; "
        f"attendance rows {rows:,} for {people:,} person-sessions"
    )
