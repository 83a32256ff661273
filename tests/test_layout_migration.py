"""An existing site's database moves to the new layout (the scoring app, the shared `core`
app) without losing a row.

`tests/data/main-1517ab5.sqlite3.gz` was made with the code of main at 1517ab5, before the
moves: `migrate`, `seed_demo --with-results` (375 people, a published score run), two import
batches and a recap export added through that code's models. The test migrates a copy with
today's code, as `manage.py migrate` on a running site would, and checks that every table's
rows are all there (under the new table name where a table moved), that the permissions
the roles hold followed their models, and that today's code reads the old run: the recap
command writes the 375 people of its published results.
"""

import gzip
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[1]
BEFORE = ROOT / "tests" / "data" / "main-1517ab5.sqlite3.gz"


def row_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        query = 'SELECT count(*) FROM "{}"'  # the names are the file's own tables
        return {table: db.execute(query.format(table)).fetchone()[0] for table in tables}


def manage(database: Path, *args: str, tmp_path: Path) -> str:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "REDIS_URL": "",
        "VAR_DIR": str(tmp_path / "var"),
    }
    done = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_a_database_of_the_old_layout_migrates_with_every_row(tmp_path):
    database = tmp_path / "site.sqlite3"
    with gzip.open(BEFORE) as packed, database.open("wb") as unpacked:
        shutil.copyfileobj(packed, unpacked)
    before = row_counts(database)
    assert before["reports_participantresult"] == 375 and before["participants_importbatch"] == 2

    manage(database, "migrate", "--noinput", tmp_path=tmp_path)
    after = row_counts(database)

    gone = set(before) - set(after)
    # A table that moved keeps its name after the app's: reports_scorerun -> scoring_scorerun.
    moved = {
        old: new
        for old in gone
        for new in set(after) - set(before)
        if old.split("_", 1)[1] == new.split("_", 1)[1]
    }
    assert set(moved) == gone, f"tables gone without a successor: {gone - set(moved)}"
    assert {
        "reports_scorerun": "scoring_scorerun",
        "participants_importbatch": "core_importbatch",
    }.items() <= moved.items()
    # Tables that describe the schema grow with the models added since (content types,
    # their permissions and the roles' grants); every table of data keeps its rows.
    schema = {
        "django_migrations",
        "django_content_type",
        "auth_permission",
        "auth_group_permissions",
    }
    for table, count in before.items():
        if table in schema:
            assert after[table] >= count, table
        else:
            assert after[moved.get(table, table)] == count, table

    with sqlite3.connect(database) as db:
        labels = dict(db.execute("SELECT model, app_label FROM django_content_type"))
        granted: dict[str, set[str]] = {}
        for group, app, codename in db.execute(
            "SELECT g.name, t.app_label, p.codename FROM auth_group g"
            " JOIN auth_group_permissions gp ON gp.group_id = g.id"
            " JOIN auth_permission p ON p.id = gp.permission_id"
            " JOIN django_content_type t ON t.id = p.content_type_id"
        ):
            granted.setdefault(group, set()).add(f"{app}.{codename}")
        foreign_keys_broken = db.execute("PRAGMA foreign_key_check").fetchall()
    assert labels["scorerun"] == labels["participantresult"] == "scoring"
    assert labels["importbatch"] == "core"
    assert labels["recapexport"] == "reports"
    assert "scoring.view_participantresult" in granted["Pimpinan"]
    assert "core.view_importbatch" in granted["Operator BKD"] & granted["Admin BKD"]
    assert foreign_keys_broken == []

    recap = tmp_path / "rekap.xlsx"
    manage(database, "export_recap", "--event", "TAHAP-III-2024", str(recap), tmp_path=tmp_path)
    rows = list(openpyxl.load_workbook(recap, read_only=True)["Per Peserta"].values)
    jpm = rows[0].index("JPM")
    assert sum(1 for row in rows[1:] if len(row) > jpm and row[jpm] is not None) == 375

    # Safe to run twice: a second migrate finds nothing to do and changes no row.
    settled = row_counts(database)  # the recap added its audit entry
    assert "No migrations to apply" in manage(database, "migrate", "--noinput", tmp_path=tmp_path)
    assert row_counts(database) == settled
