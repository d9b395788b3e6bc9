"""Back up the database to one file and restore it, while the site keeps running.

SQLite: the online backup API copies a consistent snapshot page by page, readers and an
ingest may go on meanwhile (a plain ``cp`` of a WAL database can copy half a transaction).
PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore --clean``. Any other database, or
PostgreSQL without its client tools: Django's ``dumpdata``/``loaddata`` as JSON.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.core.management import call_command
from django.db import connection


def backup_database(destination: Path) -> str:
    """Write a copy of the default database to ``destination``; return the method used."""
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(destination) as target:
            connection.connection.backup(target)
        target.close()
        return "sqlite-backup"
    if connection.vendor == "postgresql" and shutil.which("pg_dump"):
        _pg("pg_dump", "--format=custom", "--no-owner", f"--file={destination}")
        return "pg_dump"
    with destination.open("w", encoding="utf-8") as handle:
        call_command("dumpdata", natural_foreign=True, stdout=handle, verbosity=0)
    return "dumpdata"


def restore_database(source: Path) -> str:
    """Replace the default database's content with the backup at ``source``."""
    source = Path(source)
    if not source.is_file():
        raise FileNotFoundError(f"no backup at {source}")
    if connection.vendor == "sqlite" and _is_sqlite(source):
        connection.ensure_connection()
        with sqlite3.connect(source) as backup:
            backup.backup(connection.connection)
        backup.close()
        return "sqlite-backup"
    if connection.vendor == "postgresql" and _is_pg_dump(source) and shutil.which("pg_restore"):
        connection.close()  # pg_restore --clean drops tables this connection may hold locks on
        _pg(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            str(source),
        )
        return "pg_restore"
    call_command("flush", interactive=False, verbosity=0)
    call_command("loaddata", str(source), verbosity=0)
    return "loaddata"


def _is_sqlite(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(16) == b"SQLite format 3\x00"


def _is_pg_dump(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(5) == b"PGDMP"


def _pg(program: str, *args: str) -> None:
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    target = [
        f"--host={db.get('HOST') or 'localhost'}",
        f"--port={db.get('PORT') or 5432}",
        f"--username={db.get('USER') or ''}",
        f"--dbname={db['NAME']}",
    ]
    subprocess.run([program, *target, *args], env=env, check=True, capture_output=True, text=True)
