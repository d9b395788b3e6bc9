"""``manage.py ingest`` end to end, with the real extractor and reference data.

The SaudiNewsNet part of the shared corpus reprints the same wire stories across outlets: each
event the gold file lists must come out as one contact carrying every article that reports it.
"""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.corpus_gold import GOLD, SNN, gold_events, gold_primary
from timeline.models import Article, Contact, Report

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture
def reference() -> None:
    call_command("load_reference", stdout=StringIO())


def ingest(*args: str) -> str:
    out = StringIO()
    call_command("ingest", *args, "--quiet", stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def stored() -> set[tuple]:
    return {
        (r.article.content_hash, r.signature, r.contact.pair_key, r.contact.medium, r.contact.date)
        for r in Report.objects.select_related("article", "contact")
    }


def test_ingesting_twice_creates_nothing_the_second_time(reference: None) -> None:
    first = ingest(str(SEEDS))
    contacts = Contact.objects.count()

    assert first.startswith("created 5,")
    assert ingest(str(SEEDS)) == "created 0, updated 0, skipped 5, failed 0"
    assert Contact.objects.count() == contacts


def test_two_extraction_processes_store_what_one_stores(reference: None) -> None:
    ingest(str(SEEDS))
    by_one = stored()
    Article.objects.all().delete()
    Contact.objects.all().delete()

    ingest(str(SEEDS), "--jobs", "2")

    assert stored() == by_one


@pytest.mark.skipif(not (SNN.is_dir() and GOLD.is_file()), reason="shared corpus absent")
def test_the_saudinewsnet_wire_stories_merge_into_one_contact_each(reference: None) -> None:
    """The stories reprinted by three outlets or more: whatever articles extraction finds them
    in, those reports sit on one contact. (Exact merge counts, independent of extraction
    quality, are checked in tests/test_ingest.py with the gold contacts as extraction.)"""
    assert ingest(str(SNN)).endswith("failed 0")

    events = [event for event in gold_events(gold_primary()) if len(event[2]) >= 3]
    assert events
    for key, medium, articles in events:
        reports = Report.objects.filter(contact__pair_key=key, contact__medium=medium)
        found = reports.filter(article__source_name__in=articles)
        attached = set(found.values_list("article__source_name", flat=True))
        assert len(attached) * 2 >= len(articles), f"{key}: found in {sorted(attached)} only"
        assert found.values("contact").distinct().count() == 1, f"{key} {medium} split"
