"""Backup and restore: the database (pg_dump, or SQLite's backup API) plus the stored files
(MEDIA_ROOT: uploaded imports), with a manifest of row counts that a restore checks."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

MANIFEST = "manifest.json"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA = "media.tar.gz"


class BackupError(Exception):
    pass


def table_counts() -> dict[str, int]:
    """Rows per table of the project's database, for the manifest and the check."""
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def _pg_env() -> dict:
    db = connection.settings_dict
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _pg_args() -> list[str]:
    db = connection.settings_dict
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    return args


def backup(folder: Path) -> Path:
    """Write a new backup folder under `folder`; returns it."""
    target = folder / timezone.localtime().strftime("cact-%Y%m%d-%H%M%S")
    target.mkdir(parents=True, exist_ok=False)
    counts = table_counts()
    if connection.vendor == "postgresql":
        result = subprocess.run(  # noqa: S603 - fixed program, arguments from settings
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(target / PG_DUMP)]
            + _pg_args(),
            env=_pg_env(),
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise BackupError(f"pg_dump gagal: {result.stderr.strip()}")
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target / SQLITE_COPY) as copy:
            connection.connection.backup(copy)
    else:
        raise BackupError(f"Basis data {connection.vendor} tidak didukung.")
    media = Path(settings.MEDIA_ROOT)
    files = 0
    with tarfile.open(target / MEDIA, "w:gz") as archive:
        if media.exists():
            for path in sorted(media.rglob("*")):
                if path.is_file():
                    archive.add(path, arcname=str(path.relative_to(media)))
                    files += 1
    manifest = {
        "created": timezone.now().isoformat(),
        "vendor": connection.vendor,
        "tables": counts,
        "media_files": files,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return target


def restore(source: Path) -> dict:
    """Restore a backup folder into the configured database, which must be empty (fresh),
    and its files into MEDIA_ROOT; then compare every table's rows with the manifest.
    Returns {table: (expected, found)} of the tables that differ (empty when all match)."""
    manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    if manifest["vendor"] != connection.vendor:
        raise BackupError(
            f"Cadangan ini dari {manifest['vendor']}, basis data tujuan {connection.vendor}."
        )
    with connection.cursor() as cursor:
        existing = connection.introspection.table_names(cursor)
    if existing:
        raise BackupError(
            "Basis data tujuan tidak kosong; pulihkan ke basis data baru (createdb) agar data "
            "yang ada tidak tertimpa."
        )
    if connection.vendor == "postgresql":
        result = subprocess.run(  # noqa: S603
            ["pg_restore", "--no-owner", "--exit-on-error", str(source / PG_DUMP)] + _pg_args(),
            env=_pg_env(),
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise BackupError(f"pg_restore gagal: {result.stderr.strip()}")
    else:
        connection.ensure_connection()
        with sqlite3.connect(source / SQLITE_COPY) as copy:
            copy.backup(connection.connection)
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / MEDIA, "r:gz") as archive:
        archive.extractall(media, filter="data")
    found = table_counts()
    return {
        table: (expected, found.get(table))
        for table, expected in manifest["tables"].items()
        if found.get(table) != expected
    }
