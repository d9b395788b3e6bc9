"""``rows.insert`` writes what ``save()`` would, keys included."""

from __future__ import annotations

import datetime as dt

import pytest
from django.forms.models import model_to_dict

from tests import factories
from timeline import rows
from timeline.models import Article, Contact, Participation, Report

pytestmark = pytest.mark.django_db


def _article(**fields) -> Article:
    defaults = {"text": "نص", "title": "خبر", "published": dt.date(2020, 3, 26)}
    return Article(**{**defaults, **fields})


def test_it_stores_the_same_values_as_save() -> None:
    saved = _article(content_hash="a" * 64, url="https://a.example/1")
    saved.save()
    inserted = _article(content_hash="b" * 64, url="https://a.example/1")
    rows.insert([inserted])

    stored = Article.objects.get(pk=inserted.pk)
    ignored = ("id", "content_hash")
    expected = {k: v for k, v in model_to_dict(saved).items() if k not in ignored}
    assert {k: v for k, v in model_to_dict(stored).items() if k not in ignored} == expected
    assert stored.ingested_at is not None and stored.updated_at is not None


def test_it_gives_each_row_its_key_in_order() -> None:
    contact = factories.contact()
    others = [factories.leader("joe-biden"), factories.leader("recep-tayyip-erdogan")]
    links = [Participation(contact=contact, leader=x, country_id=x.country_id) for x in others]

    rows.insert(links)

    assert all(link.pk for link in links)
    assert [Participation.objects.get(pk=link.pk).leader for link in links] == others
    assert not links[0]._state.adding


def test_it_adapts_json_fields() -> None:
    contact = factories.contact()
    report = Report(
        article=factories.article(),
        contact=contact,
        signature="x",
        medium=Contact.Medium.PHONE,
        participants=[{"leader": "vladimir-putin", "name_ar": "بوتين", "country": "RU"}],
        topics=["syria"],
        evidence=[{"field": "medium", "start": 0, "end": 4, "text": "اتصل"}],
    )

    rows.insert([report])

    stored = Report.objects.get(pk=report.pk)
    assert stored.participants[0]["name_ar"] == "بوتين"
    assert stored.topics == ["syria"]
    assert stored.evidence[0]["text"] == "اتصل"


def test_nothing_to_insert_writes_nothing() -> None:
    rows.insert([])

    assert not Article.objects.exists()
