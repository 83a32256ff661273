"""Talent management at national scale on PostgreSQL: coverage and succession pools for
100,000 participants with three stages each (and 20,000 never assessed), pages through the
real URLs, the exports through their commands and their download views.

Needs PostgreSQL: BENCH_TALENT_DATABASE_URL (default a `cact_bench_talent` database on the
local server, dropped and created again). The score runs of the setup run in-process (no
Redis). Each step runs in its own process, so an export's peak memory is its own; see
bench/talent_child.py. Target: every page under 300 ms at p95.
"""

import json
import os
import subprocess
import sys

from bench.participant_import import OUT, ROOT, fresh_database

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/cact_bench_talent"
TARGET_MS = 300


def _step(env: dict, *args: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "bench.talent_child", *args],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1])


def run(setup: bool = True) -> None:
    url = os.environ.get("BENCH_TALENT_DATABASE_URL", DEFAULT_URL)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "cact_admin.settings"}
    env.pop("REDIS_URL", None)
    if setup:
        fresh_database(url)
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True
        )
        built = _step(env, "setup")
        runs = ", ".join(f"{seconds:.1f}" for seconds in built["run_seconds"])
        print(
            f"talent setup: {built['results']:,} published results in {built['seconds']:.0f} s "
            f"(master data and SKP {built['people_seconds']:.0f} s; the three score runs "
            f"{runs} s); boxes of the latest stage {built['boxes_latest']}"
        )
    else:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True
        )
    served = _step(env, "pages")
    print(
        f"first request of a fresh process (coverage): {served['cold_process_coverage_ms']:.0f} ms"
    )
    print("| page | first after a change (queries) | median | p95 | queries |")
    print("|---|---|---|---|---|")
    for name, figures in served["pages"].items():
        flag = "" if figures["p95_ms"] <= TARGET_MS else " (over target)"
        print(
            f"| {name} | {figures['first_ms']:.0f} ms ({figures['queries_first']}) | "
            f"{figures['median_ms']:.0f} ms | "
            f"{figures['p95_ms']:.0f} ms{flag} | {figures['queries']} |"
        )
    OUT.mkdir(parents=True, exist_ok=True)
    coverage_out = OUT / "cakupan-120000.xlsx"
    pool_out = OUT / "talent-pool-administrator.xlsx"
    exports = {
        "export_coverage (command)": _step(env, "command", "export_coverage", str(coverage_out)),
        "export_talent_pool --target Administrator (command)": _step(
            env, "command", "export_talent_pool", "--target", "Administrator", str(pool_out)
        ),
        "coverage download view": _step(env, "download", "coverage"),
        "pool download view (Administrator)": _step(env, "download", "pool"),
    }
    for name, figures in exports.items():
        said = f" ({figures['said']})" if figures.get("said") else ""
        print(f"{name}: {figures['seconds']:.1f} s, peak {figures['peak_mb']:.0f} MB{said}")


if __name__ == "__main__":
    run(setup="--no-setup" not in sys.argv)
