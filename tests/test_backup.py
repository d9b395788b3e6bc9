"""A backup taken while the site runs restores the database as it was."""

from __future__ import annotations

import sqlite3
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from timeline.models import Article, Contact

pytestmark = pytest.mark.django_db(transaction=True)


def make_article(text: str) -> Article:
    return Article.objects.create(text=text, title=text, content_hash=text)


def test_a_backup_restores_what_was_there(tmp_path: Path) -> None:
    kept = make_article("قبل النسخ")
    Contact.objects.create(pair_key="a|b", medium="phone")
    backup = tmp_path / "timeline.backup"
    out = StringIO()
    call_command("backup", str(backup), stdout=out)
    assert backup.stat().st_size > 0
    Article.objects.all().delete()
    make_article("بعد النسخ")

    call_command("restore", str(backup), stdout=out)

    connection.close()  # a fresh connection sees the restored file, as the site's next request
    assert list(Article.objects.values_list("pk", "text")) == [(kept.pk, "قبل النسخ")]
    assert Contact.objects.filter(pair_key="a|b").exists()
    assert "backed up to" in out.getvalue() and "restored from" in out.getvalue()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite file format")
def test_a_sqlite_backup_is_a_consistent_database_file(tmp_path: Path) -> None:
    make_article("نص")
    backup = tmp_path / "timeline.sqlite3"

    call_command("backup", str(backup), stdout=StringIO())

    with sqlite3.connect(backup) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT text FROM timeline_article").fetchall() == [("نص",)]
    copy.close()


def test_restoring_a_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no backup at"):
        call_command("restore", str(tmp_path / "absent"), stdout=StringIO())
