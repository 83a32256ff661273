"""A score run at national scale on PostgreSQL and two Celery worker processes:
100,000 participants x 104 items, from the answers file to the finished run.

Needs PostgreSQL (BENCH_DATABASE_URL) and Redis (BENCH_REDIS_URL, database 14 by default,
emptied first). Each step runs in its own process; see bench/score_run_child.py.
"""

import json
import os
import signal
import subprocess
import sys
import time

from bench import targets
from bench.participant_import import DEFAULT_URL, OUT, ROOT, fresh_database

REDIS_URL = "redis://127.0.0.1:6379/14"
CHUNK_SIZE = 5000
WORKER_PROCESSES = 2


def _step(env: dict, *args: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "bench.score_run_child", *args],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1])


def run() -> None:
    import redis

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    redis_url = os.environ.get("BENCH_REDIS_URL", REDIS_URL)
    redis.Redis.from_url(redis_url).flushdb()
    fresh_database(url)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "REDIS_URL": redis_url,
        "SCORE_CHUNK_SIZE": str(CHUNK_SIZE),
        "DJANGO_SETTINGS_MODULE": "cact_admin.settings",
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "answers-100000x104.csv"
    setup = _step(env, "setup", str(path))
    size_mb = path.stat().st_size / 1e6
    imported = _step(env, "import", str(path))
    print(
        f"answers import: {imported['rows']:,} rows x {setup['items']} items ({size_mb:.0f} MB "
        f"CSV): read and checked in {imported['read_seconds']:.1f} s "
        f"({imported['read_seconds'] / imported['bare_seconds']:.1f}x the bare read of the same "
        f"file, {imported['bare_seconds']:.2f} s), stored in {imported['seconds']:.1f} s in all, "
        f"peak {imported['peak_mb']:.0f} MB"
    )
    targets.record(
        f"answers {imported['rows']:,} x {setup['items']}, read and checked",
        imported["read_seconds"],
        2,
        "s",
        detail=f"{imported['read_seconds'] / imported['bare_seconds']:.1f}x the bare read",
        baseline=f"bare read {imported['bare_seconds']:.2f} s",
    )
    log = (OUT / "score-worker.log").open("w")
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "cact_admin", "worker", "-c",
         str(WORKER_PROCESSES), "-P", "prefork", "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        time.sleep(3)  # the worker is up before the clock starts
        figures = _step(env, "score")
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=60)
    if figures["status"] != "done":
        raise SystemExit(f"score run failed: {figures['error']}")
    print(
        f"score run: {figures['results']:,} participants in {figures['chunks']} chunks on "
        f"{WORKER_PROCESSES} worker processes: {figures['seconds']:.1f} s end to end "
        f"(inputs hashed and sent {figures['start_seconds']:.1f} s, chunks done at "
        f"{figures['chunks_seconds']:.1f} s, final step {figures['final_seconds']:.1f} s)"
    )
    targets.record(
        f"score run {figures['results']:,} x {setup['items']} on {WORKER_PROCESSES} workers",
        figures["seconds"],
        10,
        "s",
        detail=f"chunks done at {figures['chunks_seconds']:.1f} s, final step "
        f"{figures['final_seconds']:.1f} s",
    )
    out = OUT / "rekap-100000.xlsx"
    recap = _step(env, "recap", str(out))
    print(
        f"recap: {recap['rows']:,} participants, {out.stat().st_size / 1e6:.1f} MB .xlsx in "
        f"{recap['seconds']:.1f} s, peak {recap['peak_mb']:.0f} MB"
    )
    baseline_out = OUT / "rekap-100000-pandas.xlsx"
    baseline = _step(env, "pandas", str(baseline_out))
    print(
        f"baseline, the Per Peserta table alone by pandas DataFrame.to_excel: "
        f"{baseline['rows']:,} rows, {baseline_out.stat().st_size / 1e6:.1f} MB in "
        f"{baseline['seconds']:.1f} s, peak {baseline['peak_mb']:.0f} MB"
    )
    targets.record(
        f"Excel recap of {recap['rows']:,}",
        recap["seconds"],
        5,
        "s",
        detail=f"peak {recap['peak_mb']:.0f} MB",
        baseline=f"pandas, one sheet: {baseline['seconds']:.1f} s, peak "
        f"{baseline['peak_mb']:.0f} MB ({baseline['seconds'] / recap['seconds']:.1f}x)",
    )
    served = _step(env, "dashboard")
    print(
        f"dashboard of that event: median {served['median_ms']:.0f} ms, slowest "
        f"{served['max_ms']:.0f} ms of 20 requests"
    )
