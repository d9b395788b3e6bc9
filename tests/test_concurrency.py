"""The site keeps serving while an ingest writes (SQLite: WAL, busy timeout, IMMEDIATE).

Runs in a fresh interpreter against a database file: the test database is in memory, where
WAL and locking do not apply.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import threading, time
import django
django.setup()
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from timeline.models import Article

call_command("migrate", verbosity=0)
print("journal", connection.cursor().execute("PRAGMA journal_mode").fetchone()[0])
Article.objects.create(text="قديم", content_hash="old")
holding = threading.Event()

def ingest():
    # An article being saved: the write lock is held for the whole transaction.
    with transaction.atomic():
        Article.objects.create(text="جديد", content_hash="new")
        holding.set()
        time.sleep(1.5)
    connection.close()

writer = threading.Thread(target=ingest)
writer.start()
holding.wait()
started = time.monotonic()
pages = [Client().get(path).status_code for path in ("/contacts/", "/export.csv", "/")]
print("read", pages, round(time.monotonic() - started, 2), Article.objects.count())
started = time.monotonic()
Article.objects.create(text="ثالث", content_hash="third")  # waits for the lock, does not fail
print("write", round(time.monotonic() - started, 2))
writer.join()
print("count", Article.objects.count())
"""


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite locking")
def test_pages_answer_while_an_article_is_being_saved(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines())

    assert lines["journal"] == "wal"
    statuses, seconds, seen = lines["read"].rsplit(" ", 2)
    assert statuses == "[200, 200, 200]"
    assert float(seconds) < 1.0  # answered while the writer still held its lock
    assert seen == "1"  # readers see the last committed state, not half an article
    assert float(lines["write"]) >= 0.5  # a second writer queued instead of failing
    assert lines["count"] == "3"


INGEST_SCRIPT = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from tests.test_concurrency import race_ingests
print(race_ingests())
"""


def race_ingests() -> str:
    """Eight threads ingest reports of one call from four articles, each article twice."""
    import datetime as dt
    import threading

    from django.db import connection as thread_connection

    from tests.test_ingest import call
    from timeline.extract.types import Document
    from timeline.ingest import ingest_document
    from timeline.models import Article, Contact, Report

    barrier = threading.Barrier(8)
    statuses: list[str] = []

    def ingest(n: int) -> None:
        document = Document(text=f"نص الخبر رقم {n % 4}", published=dt.date(2021, 3, 10))
        barrier.wait()
        try:
            statuses.append(ingest_document(document=document, contacts=[call()]).status)
        except Exception as exc:
            statuses.append(type(exc).__name__)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=ingest, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    counts = (Article.objects.count(), Contact.objects.count(), Report.objects.count())
    return f"{sorted(statuses)} {counts}"


# Four articles stored once each, one contact carrying the four reports.
EXPECTED_RACE = f"{['created'] * 4 + ['skipped'] * 4} (4, 1, 4)"


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite locking")
def test_concurrent_ingests_queue_instead_of_duplicating_on_sqlite(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    done = subprocess.run(
        [sys.executable, "-c", INGEST_SCRIPT], cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == EXPECTED_RACE


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL locking")
@pytest.mark.django_db(transaction=True)
def test_concurrent_ingests_queue_instead_of_duplicating_on_postgresql() -> None:
    assert race_ingests() == EXPECTED_RACE
