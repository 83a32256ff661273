"""Participant import: ours against django-import-export, on PostgreSQL.

Each import runs in a fresh process on a fresh database, so its peak memory is its own.
The database is BENCH_DATABASE_URL (default: a `cact_bench` database on the local
PostgreSQL), dropped and created again for every run.
"""

import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import psycopg
from openpyxl import Workbook

from bench import targets

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/cact_bench"


def write_file(path: Path, rows: int) -> None:
    from demo.participants import DEMO_HEADERS, demo_participant_rows

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Peserta")
    sheet.append(list(DEMO_HEADERS))
    for values in demo_participant_rows(count=rows, seed=7):
        sheet.append([values[header] for header in DEMO_HEADERS])
    workbook.save(path)


def fresh_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def child(url: str, module: str, *args: str) -> dict:
    """Migrate the database at `url`, run `python -m module args` on it, return its JSON line."""
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "cact_admin.settings"}
    env.pop("REDIS_URL", None)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    result = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def run(rows: int, baseline: bool) -> None:
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"participants-{rows}.xlsx"
    started = time.perf_counter()
    write_file(path, rows)
    size_mb = path.stat().st_size / 1e6
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(
        f"file: {rows:,} rows, {size_mb:.1f} MB, written in {time.perf_counter() - started:.1f} s"
    )
    results = {}
    kinds = ["ours", "ours-again"] + (["import-export"] if baseline else [])
    for kind in kinds:
        if kind != "ours-again":
            fresh_database(url)
        figures = child(url, "bench.import_child", kind, str(path))
        results[kind] = figures
        print(
            f"{kind:>14}: {figures['seconds']:6.1f} s, {figures['rows_per_s']:8,.0f} rows/s, "
            f"peak {figures['peak_mb']:5.0f} MB, {figures['participants']:,} participants stored, "
            f"{figures['seconds'] / figures['bare_read_seconds']:.1f}x the bare calamine read "
            f"({figures['bare_read_seconds']:.1f} s)"
        )
    if baseline:
        ratio = results["import-export"]["seconds"] / results["ours"]["seconds"]
        print(f"ours is {ratio:.1f}x the speed of django-import-export on the same file")
    first = results["ours"]
    targets.record(
        f"{rows:,} participants imported, end to end",
        first["seconds"],
        6,
        "s",
        detail=f"{first['seconds'] / first['bare_read_seconds']:.1f}x the bare read",
        baseline=f"bare calamine read {first['bare_read_seconds']:.2f} s"
        + (
            f"; django-import-export {results['import-export']['seconds']:.1f} s"
            if baseline
            else ""
        ),
    )
