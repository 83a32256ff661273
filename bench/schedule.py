"""Scheduling 100,000 participants, saved to PostgreSQL (see bench/schedule_child.py)."""

import os

from bench.participant_import import DEFAULT_URL, child, fresh_database


def run() -> None:
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    fresh_database(url)
    figures = child(url, "bench.schedule_child")
    print(
        f"schedule: {figures['registered']:,} registered, {figures['seats']:,} seats in "
        f"100 sessions: {figures['placed']:,} placed = bound {figures['bound']:,}, "
        f"{figures['unplaced']:,} unplaced, {figures['seconds']:.1f} s including saving, "
        f"peak {figures['peak_mb']:.0f} MB"
    )
