"""Every test that commits (transaction=True) restores the serialized database after it: one
that does not flushes the roles away for the next test, which then fails on PostgreSQL with
a duplicate group (or finds no group at all), far from the test that caused it."""

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def test_every_transactional_test_rolls_back_the_serialized_database():
    offenders = []
    for path in TESTS.rglob("*.py"):
        for mark in re.findall(r"django_db\(([^)]*)\)", path.read_text(encoding="utf-8")):
            if "transaction=True" in mark and "serialized_rollback=True" not in mark:
                offenders.append(f"{path.relative_to(TESTS)}: django_db({mark})")
    assert offenders == []
