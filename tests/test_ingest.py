"""One contact, many reports: articles are stored once, reports of one event merge.

The merging rules are exercised with hand-written extraction results; the SaudiNewsNet
reprints are then ingested twice over: once with the gold contacts standing in for
extraction (checks the merging alone), once end to end through the real extractor.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.corpus_gold import GOLD, SNN, gold_events, gold_primary
from timeline import ingest
from timeline.extract.types import DateGuess, Document, ExtractedContact, LeaderRef
from timeline.ingest import IngestCache, content_hash, ingest_document
from timeline.models import _CONTACT_HISTORY, Article, Contact, Report, Topic

pytestmark = pytest.mark.django_db


QATAR = LeaderRef("emir-of-qatar", "أمير قطر", "Emir of Qatar", "QA")
IRAN = LeaderRef("president-of-iran", "الرئيس الإيراني", "President of Iran", "IR")
DAY = dt.date(2021, 3, 10)


def call(
    day: dt.date | None = DAY,
    *,
    medium: str = "phone",
    initiator: str | None = "QA",
    rule: str = "explicit",
    precision: str = "day",
    topics: tuple[str, ...] = (),
    participants: tuple[LeaderRef, ...] = (QATAR, IRAN),
) -> ExtractedContact:
    return ExtractedContact(
        participants=participants,
        medium=medium,
        initiator=initiator,
        date=DateGuess(day, precision if day else None, rule, "أمس"),
        topics=topics,
        confidence=0.8,
    )


def article(text: str = "تلقى أمير قطر اتصالا هاتفيا من الرئيس الإيراني.", **fields) -> Document:
    return Document(text=text, title="خبر", published=DAY, **fields)


def test_the_same_text_twice_is_stored_once() -> None:
    first = ingest_document(document=article(), contacts=[call()])
    again = ingest_document(document=article(url="https://b.example/2"), contacts=[call()])

    assert (first.status, again.status) == ("created", "skipped")
    assert Article.objects.count() == 1
    assert Report.objects.count() == 1


def test_the_same_text_with_other_white_space_is_the_same_article() -> None:
    assert content_hash("أمير  قطر\nيتلقى") == content_hash("أمير قطر يتلقى ")


def test_the_same_url_twice_is_stored_once() -> None:
    url = "https://a.example/1"
    ingest_document(document=article(url=url), contacts=[call()])
    ingest_document(document=article(url=url), contacts=[call()])

    assert Article.objects.count() == 1


def test_changed_text_at_a_known_url_updates_and_reextracts() -> None:
    url = "https://a.example/1"
    ingest_document(document=article(url=url), contacts=[call(initiator="QA")])
    changed = article("تلقى أمير قطر اتصالا من الرئيس الإيراني وبحثا الملف النووي.", url=url)

    result = ingest_document(document=changed, contacts=[call(initiator="IR", topics=("nuclear",))])

    assert result.status == "updated"
    stored = Article.objects.get()
    assert stored.text == changed.text
    report = stored.reports.get()
    assert (report.initiator, report.topics) == ("IR", ["nuclear"])


def test_reextraction_leaves_fields_set_by_a_person_alone() -> None:
    url = "https://a.example/1"
    ingest_document(document=article(url=url), contacts=[call()])
    contact = Contact.objects.get()
    contact.medium = "video"
    contact.date = DAY - dt.timedelta(days=5)
    contact.mark_human("medium", "date")
    contact.save()

    ingest_document(
        document=article("نص معدل عن الاتصال.", url=url), contacts=[call(initiator="IR")]
    )

    contact.refresh_from_db()
    assert (contact.medium, contact.date) == ("video", DAY - dt.timedelta(days=5))
    assert contact.initiator_id == "IR"  # not set by a person: follows the new extraction


def test_reports_a_day_apart_merge_into_one_contact() -> None:
    ingest_document(document=article("نص أول"), contacts=[call(DAY)])
    ingest_document(document=article("نص ثان"), contacts=[call(DAY + dt.timedelta(days=1))])

    contact = Contact.objects.get()
    assert contact.reports.count() == 2


def test_reports_days_apart_or_by_other_media_stay_apart() -> None:
    ingest_document(document=article("نص أول"), contacts=[call(DAY)])
    ingest_document(document=article("نص ثان"), contacts=[call(DAY + dt.timedelta(days=3))])
    ingest_document(document=article("نص ثالث"), contacts=[call(DAY, medium="meeting")])

    assert Contact.objects.count() == 3


def test_an_uncertain_date_merges_over_a_wider_window() -> None:
    ingest_document(document=article("نص أول"), contacts=[call(DAY)])
    guessed = call(DAY + dt.timedelta(days=3), rule="published")
    ingest_document(document=article("نص ثان"), contacts=[guessed])

    assert Contact.objects.get().reports.count() == 2


def test_the_leaders_in_any_order_are_the_same_pair() -> None:
    ingest_document(document=article("نص أول"), contacts=[call(participants=(QATAR, IRAN))])
    ingest_document(document=article("نص ثان"), contacts=[call(participants=(IRAN, QATAR))])

    assert Contact.objects.count() == 1


def test_a_merged_contact_keeps_each_reports_values_and_shows_disagreements() -> None:
    ingest_document(document=article("نص أول"), contacts=[call(initiator="QA")])
    ingest_document(document=article("نص ثان"), contacts=[call(initiator="QA")])
    ingest_document(document=article("نص ثالث"), contacts=[call(initiator="IR")])

    contact = Contact.objects.get()
    assert sorted(contact.reports.values_list("initiator", flat=True)) == ["IR", "QA", "QA"]
    assert contact.initiator_id == "QA"  # the majority
    assert contact.disagreements() == {"initiator": ["IR", "QA"]}


# --- Batches: cached reference rows, one history row per change -------------------------


def test_a_new_contact_gets_one_history_row_with_its_values_and_topics() -> None:
    Topic.objects.create(slug="nuclear", name_en="Nuclear")

    ingest_document(document=article(), contacts=[call(topics=("nuclear",))])

    contact = Contact.objects.get()
    (row,) = contact.history.all()
    assert (row.history_type, row.medium, row.initiator_id) == ("+", "phone", "QA")
    assert [t.topic.slug for t in row.topics.all()] == ["nuclear"]


def test_a_report_that_changes_a_contact_adds_one_history_row() -> None:
    Topic.objects.create(slug="nuclear", name_en="Nuclear")
    ingest_document(document=article("نص أول"), contacts=[call()])
    ingest_document(document=article("نص ثان"), contacts=[call(topics=("nuclear",))])
    ingest_document(document=article("نص ثالث"), contacts=[call()])

    contact = Contact.objects.get()
    assert contact.history.count() == 2  # created, then topics; the third changed nothing
    assert [t.topic.slug for t in contact.history.first().topics.all()] == ["nuclear"]


def test_history_rows_are_those_simple_history_writes() -> None:
    """``Contact.record_history`` writes its rows itself, for speed: they must stay equal to
    what simple_history's own ``create_historical_record`` writes."""
    for slug in ("trade", "nuclear", "gaza"):
        Topic.objects.create(slug=slug, name_en=slug)
    ingest_document(document=article(), contacts=[call(topics=("trade", "nuclear", "gaza"))])
    contact = Contact.objects.get()  # its creation row came with the topic links ingest wrote
    contact.record_history()  # the links read back
    _CONTACT_HISTORY.create_historical_record(contact, "+")
    _CONTACT_HISTORY.create_historical_record(contact, "~")

    def written(row) -> tuple:
        values = {k: v for k, v in vars(row).items() if not k.startswith(("_", "history_"))}
        links = {(t.id, t.contact_id, t.topic_id) for t in row.topics.all()}
        return row.history_type, row.history_user_id, row.history_change_reason, values, links

    ours_created, ours_changed, theirs_created, theirs_changed = map(
        written, contact.history.order_by("history_id")
    )
    assert (ours_created, ours_changed) == (theirs_created, theirs_changed)
    assert len(ours_created[-1]) == 3


def test_a_batch_looks_each_leader_up_once(django_capture_on_commit_callbacks) -> None:
    cache = IngestCache()
    with django_capture_on_commit_callbacks(execute=True):
        ingest_document(document=article("نص أول"), contacts=[call()], cache=cache)

    with CaptureQueriesContext(connection) as queries:
        ingest_document(document=article("نص ثان"), contacts=[call()], cache=cache)

    assert not [q for q in queries if '"timeline_leader"' in q["sql"]]
    assert Contact.objects.get().reports.count() == 2


def test_a_leader_created_by_an_article_that_rolled_back_is_not_reused(
    monkeypatch, django_capture_on_commit_callbacks
) -> None:
    cache = IngestCache()

    def fail(*args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(ingest, "matching_contact", fail)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        ingest_document(document=article("نص أول"), contacts=[call()], cache=cache)
    monkeypatch.undo()

    ingest_document(document=article("نص ثان"), contacts=[call()], cache=cache)

    contact = Contact.objects.get()
    slugs = sorted(contact.participants.values_list("slug", flat=True))
    assert slugs == sorted([IRAN.slug, QATAR.slug])


# --- The SaudiNewsNet reprints ---------------------------------------------------------


def gold_contact(row: dict) -> ExtractedContact:
    participants = tuple(
        LeaderRef(p["leader"], p["leader"], p["leader"], p["country"]) for p in row["participants"]
    )
    return call(
        dt.date.fromisoformat(row["date"]),
        medium=row["medium"],
        initiator=row["initiator"],
        rule="explicit" if row["date_certain"] else "published",
        participants=participants,
    )


def contacts_by_articles() -> list[set[str]]:
    return [
        {report.article.source_name for report in contact.reports.select_related("article")}
        for contact in Contact.objects.all()
    ]


@pytest.mark.skipif(not (SNN.is_dir() and GOLD.is_file()), reason="shared corpus absent")
def test_the_gold_reprints_merge_into_one_contact_per_event() -> None:
    from timeline.extract.readers import read_paths

    rows = gold_primary()
    by_article = defaultdict(list)
    for row in rows:
        by_article[row["article"]].append(gold_contact(row))
    for document in read_paths([SNN]):
        if isinstance(document, Document):
            ingest_document(document=document, contacts=by_article[document.source_name])

    expected = [articles for _, _, articles in gold_events(rows)]
    assert any(len(event) >= 5 for event in expected)  # the corpus does hold reprints
    assert sorted(map(sorted, contacts_by_articles())) == sorted(map(sorted, expected))
    assert Report.objects.count() == len(rows)
