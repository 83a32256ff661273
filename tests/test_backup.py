"""Backup and restore: a backup of a scored event restored into a fresh database has every
row of every table, and the stored files."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from operations.backup import MANIFEST, table_counts
from scoring.runs import lifecycle

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def fresh_database_url(tmp_path) -> tuple[str, callable]:
    """A new empty database of the same kind as the test database, and how to drop it."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'pulih.sqlite3'}", lambda: None
    import psycopg

    name = f"cact_restore_{os.getpid()}"
    admin = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return admin.rsplit("/", 1)[0] + f"/{name}", drop


def test_a_backup_restores_into_a_fresh_database_with_every_row(tested_event, tmp_path, settings):
    lifecycle.publish_run(run=lifecycle.start_run(event=tested_event, actor=None), actor=None)
    media = Path(settings.MEDIA_ROOT)
    (media / "imports").mkdir(parents=True, exist_ok=True)
    (media / "imports" / "contoh.upload").write_bytes(b"isi file impor")
    before = table_counts()
    call_command("backup", str(tmp_path / "cadangan"))
    (backup,) = (tmp_path / "cadangan").iterdir()
    assert (backup / MANIFEST).exists()
    url, drop = fresh_database_url(tmp_path)
    var = tmp_path / "pulih"
    try:
        result = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "restore", str(backup)],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": url, "VAR_DIR": str(var)},
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        assert "cocok" in result.stdout
        # Restoring again over the restored data is refused: nothing is overwritten.
        again = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "restore", str(backup)],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": url, "VAR_DIR": str(var)},
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert again.returncode != 0 and "tidak kosong" in again.stderr
    finally:
        drop()
    assert (var / "media" / "imports" / "contoh.upload").read_bytes() == b"isi file impor"
    assert before["scoring_participantresult"] == 11 and before["participants_participant"] == 12


def test_restoring_over_a_database_in_use_is_refused(db, tmp_path):
    call_command("backup", str(tmp_path / "cadangan"))
    (backup,) = (tmp_path / "cadangan").iterdir()
    with pytest.raises(CommandError, match="tidak kosong"):
        call_command("restore", str(backup))
