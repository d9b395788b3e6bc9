"""A batch of files goes in whatever some of them hold: bad files cost one line each.

These tests use a stand-in extractor (``fake_extract``) so that they check reading, error
reporting and saving, not extraction quality, and run without loading camel-tools.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper

from timeline import batch, rows
from timeline.batch import ingest_paths
from timeline.extract.types import DateGuess, Document, ExtractedContact, LeaderRef
from timeline.models import Article, Contact, Participation, Report

pytestmark = pytest.mark.django_db

QATAR = LeaderRef("emir-of-qatar", "أمير قطر", "Emir of Qatar", "QA")
IRAN = LeaderRef("president-of-iran", "الرئيس الإيراني", "President of Iran", "IR")
EGYPT = LeaderRef("president-of-egypt", "الرئيس المصري", "President of Egypt", "EG")
SAUDI = LeaderRef("king-of-saudi-arabia", "خادم الحرمين", "King of Saudi Arabia", "SA")

CALL = "اتصالا هاتفيا"
QATAR_TEXT = f"أمير قطر يتلقى {CALL}\n\nتلقى أمير قطر {CALL} من الرئيس الإيراني أمس."
EGYPT_TEXT = f"الرئيس المصري يجري {CALL}\n\nأجرى الرئيس المصري {CALL} مع خادم الحرمين."
QUIET_TEXT = "افتتاح معرض الكتاب\n\nافتتح وزير الثقافة معرض الكتاب في دورته الجديدة."


def fake_extract(document: Document) -> list[ExtractedContact]:
    """One phone call per article that mentions one, between the pair its text names."""
    if CALL not in document.text:
        return []
    pair = (QATAR, IRAN) if "قطر" in document.text else (EGYPT, SAUDI)
    day = document.published or dt.date(2020, 1, 1)
    return [
        ExtractedContact(
            participants=pair,
            medium="phone",
            initiator=pair[0].country,
            date=DateGuess(day, "day", "explicit", "أمس"),
            topics=(),
            confidence=0.8,
        )
    ]


@pytest.fixture(autouse=True)
def stand_in_extractor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "default_extractor", lambda: fake_extract)


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def bad_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """Each bad input with the reason its error line must give."""
    folder = tmp_path / "bad"
    folder.mkdir()
    huge = folder / "huge.txt"
    with huge.open("wb") as handle:  # sparse: 50 MB on paper, nothing written
        handle.truncate(50 * 1024 * 1024)
    binary = folder / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    truncated = write(
        folder / "wire.xml",
        f"<DOC>\n<DOCNO>1</DOCNO>\n<TITLE>عنوان</TITLE>\n<TEXT>\n{QATAR_TEXT[:40]}",
    )
    return {
        "empty": (write(folder / "empty.txt", ""), "empty file"),
        "binary": (binary, "binary file"),
        "truncated": (truncated, "truncated XML"),
        "huge": (huge, "file too large"),
        "unknown": (write(folder / "notes.pdf", QATAR_TEXT), "unsupported file type .pdf"),
        "missing": (folder / "gone.txt", "no such file"),
    }


@pytest.fixture
def good_files(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "good"
    folder.mkdir()
    return {
        "egypt": write(folder / "egypt.txt", EGYPT_TEXT),
        "cp1256": write(folder / "egypt-1256.txt", EGYPT_TEXT + " وبحثا العلاقات.", "cp1256"),
        "quiet": write(folder / "culture.txt", QUIET_TEXT),
    }


def snapshot() -> dict[str, set[tuple]]:
    """Every stored row, as plain values, to compare before and after a batch."""
    return {
        "articles": set(Article.objects.values_list()),
        "contacts": {
            tuple(str(v) for v in row)  # JSON lists are not hashable
            for row in Contact.objects.values_list()
        },
        "reports": {tuple(str(v) for v in row) for row in Report.objects.values_list()},
        "participations": set(Participation.objects.values_list()),
    }


def test_each_bad_file_gets_one_line_and_the_good_files_go_in(
    tmp_path: Path, bad_files: dict, good_files: dict
) -> None:
    stored = write(tmp_path / "qatar.txt", QATAR_TEXT)
    assert ingest_paths([stored]).created == 1
    before = snapshot()

    lines: list[str] = []
    paths = [path for path, _ in bad_files.values()] + list(good_files.values()) + [stored]
    result = ingest_paths(paths, on_error=lines.append)

    assert (result.created, result.skipped, result.failed) == (3, 1, len(bad_files))
    assert lines == result.errors
    for path, reason in bad_files.values():
        [line] = [line for line in lines if path.name in line]
        assert reason in line
        assert "\n" not in line
    after = snapshot()
    for table, stored in before.items():
        assert stored <= after[table], f"{table} changed"
    assert Article.objects.count() == 4


def test_a_windows_1256_file_is_stored_as_arabic_text(good_files: dict) -> None:
    ingest_paths([good_files["cp1256"]])

    article = Article.objects.get()
    assert article.text.startswith("الرئيس المصري")
    assert article.reports.count() == 1


def test_an_article_with_no_contact_is_stored_without_reports(good_files: dict) -> None:
    result = ingest_paths([good_files["quiet"]])

    assert (result.created, result.failed) == (1, 0)
    assert Article.objects.get().reports.count() == 0
    assert not Contact.objects.exists()


def test_a_failure_while_saving_leaves_no_half_article(
    tmp_path: Path, good_files: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest_paths([good_files["egypt"]])
    before = snapshot()
    original_insert = rows.insert

    def failing_insert(objs: list) -> None:
        original_insert(objs)  # the report row exists when the failure hits
        if objs and isinstance(objs[0], Report):
            raise OSError("disk full")

    monkeypatch.setattr(rows, "insert", failing_insert)
    qatar = write(tmp_path / "qatar.txt", QATAR_TEXT)
    result = ingest_paths([qatar])

    assert result.failed == 1
    assert result.errors == ["qatar.txt: could not be saved (OSError: disk full)"]
    assert snapshot() == before


def test_an_article_that_fails_to_save_leaves_the_others_of_its_group_stored(
    tmp_path: Path, good_files: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    original_insert = rows.insert

    def failing_insert(objs: list) -> None:
        original_insert(objs)
        if objs and isinstance(objs[0], Report) and objs[0].article.source_name == "qatar.txt":
            raise OSError("disk full")

    monkeypatch.setattr(rows, "insert", failing_insert)
    qatar = write(tmp_path / "qatar.txt", QATAR_TEXT)
    result = ingest_paths([good_files["egypt"], qatar, good_files["quiet"]])

    assert (result.created, result.failed) == (2, 1), result.errors
    stored = set(Article.objects.values_list("source_name", flat=True))
    assert stored == {"egypt.txt", "culture.txt"}
    assert Report.objects.get().article.source_name == "egypt.txt"


@pytest.mark.django_db(transaction=True)
def test_a_group_whose_commit_fails_is_reported_failed_article_by_article(
    good_files: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing_commit(*args, **kwargs) -> None:
        raise OperationalError("disk I/O error")

    monkeypatch.setattr(BaseDatabaseWrapper, "commit", failing_commit)
    result = ingest_paths([good_files["egypt"], good_files["quiet"]])
    monkeypatch.undo()

    assert (result.created, result.failed) == (0, 2)
    assert result.errors == [
        "egypt.txt: could not be saved (OperationalError: disk I/O error)",
        "culture.txt: could not be saved (OperationalError: disk I/O error)",
    ]
    assert not Article.objects.exists()


def test_an_extractor_crash_costs_one_line(
    good_files: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(document: Document) -> list[ExtractedContact]:
        raise ValueError("bad\nthing")

    result = ingest_paths([good_files["egypt"]], extractor=crash)

    assert result.errors == ["egypt.txt: extraction failed (ValueError: bad thing)"]
    assert not Article.objects.exists()


def die_on_qatar(document: Document) -> list[ExtractedContact]:
    if "قطر" in document.text:
        os._exit(1)  # a worker killed mid-article (out of memory, say)
    return fake_extract(document)


def test_a_dead_worker_fails_its_articles_and_the_batch_finishes(
    tmp_path: Path, good_files: dict
) -> None:
    qatar = write(tmp_path / "qatar.txt", QATAR_TEXT)

    result = ingest_paths([qatar, good_files["quiet"]], jobs=2, extractor=die_on_qatar)

    assert result.errors[0].startswith("qatar.txt: extraction failed (BrokenProcessPool")
    assert result.created + result.failed == 2


def test_a_document_handed_to_a_pool_already_broken_fails_and_the_batch_goes_on() -> None:
    document = Document(text=QUIET_TEXT)
    with ProcessPoolExecutor(1) as pool:
        with pytest.raises(BrokenProcessPool):
            pool.submit(os._exit, 1).result()

        [(_, outcome)] = batch._outcomes([document], batch._submit(pool, [document]))

    assert outcome.startswith("extraction failed (BrokenProcessPool")


def semantic_state() -> set[tuple]:
    """What a batch stored, without ids and timestamps."""
    return {
        (r.article.content_hash, r.signature, r.contact.pair_key, r.contact.medium, r.contact.date)
        for r in Report.objects.select_related("article", "contact")
    } | {(a.content_hash, a.source_name) for a in Article.objects.all()}


def test_two_jobs_store_what_one_job_stores(bad_files: dict, good_files: dict) -> None:
    paths = [path for path, _ in bad_files.values()] + list(good_files.values())
    one = ingest_paths(paths, jobs=1)
    stored_by_one = semantic_state()
    Article.objects.all().delete()
    Contact.objects.all().delete()

    two = ingest_paths(paths, jobs=2)

    assert semantic_state() == stored_by_one
    assert (two.created, two.failed) == (one.created, one.failed)
    assert two.errors == one.errors  # same lines, same order


def test_the_command_prints_errors_on_stderr_and_exits_non_zero(
    bad_files: dict, good_files: dict
) -> None:
    out, err = io.StringIO(), io.StringIO()
    paths = [str(bad_files["empty"][0]), str(bad_files["missing"][0]), str(good_files["egypt"])]

    with pytest.raises(CommandError) as raised:
        call_command("ingest", *paths, "--quiet", stdout=out, stderr=err)

    assert raised.value.returncode == 1
    assert out.getvalue().strip() == "created 1, updated 0, skipped 0, failed 2"
    lines = err.getvalue().strip().splitlines()
    assert len(lines) == 2
    assert "empty.txt: empty file" in lines[0]
    assert "gone.txt: no such file" in lines[1]


def test_the_command_exits_cleanly_when_everything_went_in(good_files: dict) -> None:
    out = io.StringIO()
    call_command("ingest", str(good_files["egypt"]), "--quiet", "--jobs", "2", stdout=out)

    assert out.getvalue().strip() == "created 1, updated 0, skipped 0, failed 0"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("flags", "shown"), [((), True), (("--quiet",), False)])
def test_a_terminal_gets_a_progress_bar_unless_quiet(
    good_files: dict, monkeypatch: pytest.MonkeyPatch, flags: tuple, shown: bool
) -> None:
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    paths = [str(path) for path in good_files.values()]

    call_command("ingest", *paths, *flags, stdout=io.StringIO(), stderr=io.StringIO())

    assert ("ingest: 3 articles" in terminal.getvalue()) is shown
