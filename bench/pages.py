"""The page sweep: every page a user reaches, at 100,000 participants on PostgreSQL.

Builds a scored, published event of 100,000 people and an earlier one of the same people
(bench/score_run_child.py's setup, import and score, then bench/pages_child.py), a full
session of 400 seats, and requests every page through its real address; prints page,
median, p95 and queries. Needs PostgreSQL (BENCH_PAGES_DATABASE_URL, default a
`cact_bench_pages` database, dropped and recreated) and Redis (BENCH_REDIS_URL, emptied).
With `reuse=True` a database already built is swept again as it is.
"""

import os
import signal
import subprocess
import sys
import time

import psycopg

from bench import targets
from bench.participant_import import OUT, ROOT, fresh_database
from bench.score_run import CHUNK_SIZE, REDIS_URL, WORKER_PROCESSES

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/cact_bench_pages"
TARGET_MS = 150


def _step(env: dict, module: str, *args: str) -> dict:
    import json

    result = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    if result.returncode:
        raise SystemExit(f"{module} {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _build(env: dict) -> None:
    import redis

    redis.Redis.from_url(env["REDIS_URL"]).flushdb()
    fresh_database(env["DATABASE_URL"])
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    OUT.mkdir(parents=True, exist_ok=True)
    path = str(OUT / "answers-100000x104.csv")
    _step(env, "bench.score_run_child", "setup", path)
    _step(env, "bench.score_run_child", "import", path)
    log = (OUT / "pages-worker.log").open("w")
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "cact_admin", "worker", "-c",
         str(WORKER_PROCESSES), "-P", "prefork", "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        time.sleep(3)
        for figures in (
            _step(env, "bench.score_run_child", "score"),
            _step(env, "bench.pages_child", "earlier", path),
        ):
            if figures["status"] != "done":
                raise SystemExit(f"score run failed: {figures['error']}")
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=60)
    _step(env, "bench.pages_child", "publish")
    _step(env, "bench.pages_child", "session")
    # A freshly loaded database has no statistics yet; production's autovacuum has them.
    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def _env() -> dict:
    return {
        **os.environ,
        "DATABASE_URL": os.environ.get("BENCH_PAGES_DATABASE_URL", DEFAULT_URL),
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", REDIS_URL),
        "SCORE_CHUNK_SIZE": str(CHUNK_SIZE),
        "DJANGO_SETTINGS_MODULE": "cact_admin.settings",
    }


def run(reuse: bool = False) -> None:
    env = _env()
    if not reuse:
        _build(env)
    else:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True
        )
    rows = _step(env, "bench.pages_child", "sweep")["pages"]
    load = os.getloadavg()
    print(f"pages at 100,000 participants (load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}):")
    # The first request compiles the page's templates and fills what is kept under the data
    # stamp (core/stamp.py: coverage, pools, the comparison's grouped figures).
    print(f"| page | first request | median | p95 | queries | target p95 {TARGET_MS} ms |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        met = "met" if row["p95_ms"] <= TARGET_MS else "OVER"
        print(
            f"| {row['page']} | {row['first_ms']:.0f} ms | {row['median_ms']:.0f} ms "
            f"| {row['p95_ms']:.0f} ms "
            f"| {row['queries']} | {met} |"
        )
    slowest = max(rows, key=lambda row: row["p95_ms"])
    targets.record(
        f"slowest page's p95 of {len(rows)} at 100,000 ({slowest['page']})",
        slowest["p95_ms"],
        TARGET_MS,
        "ms",
    )
