"""Exports carry exactly the filtered contacts, stream, and read a fixed number of queries
per chunk."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from timeline import exports
from timeline.models import Contact

pytestmark = pytest.mark.django_db


def body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def test_the_jsonl_export_has_every_column_for_the_filtered_contacts(client, sample) -> None:
    response = client.get(reverse("timeline:export_jsonl") + "?topic=libya")
    assert response.streaming
    lines = [json.loads(line) for line in body(response).splitlines()]
    assert len(lines) == 1
    record = lines[0]
    assert record["id"] == sample.call.pk
    assert record["date"] == "2020-03-05" and record["date_precision"] == "day"
    assert record["medium"] == "phone" and record["initiator"] == "RU"
    assert {p["leader"] for p in record["participants"]} == {"emmanuel-macron", "vladimir-putin"}
    assert {p["name_ar"] for p in record["participants"]} == {"إيمانويل ماكرون", "فلاديمير بوتين"}
    assert record["topics"] == ["libya"]
    assert record["outlets"] == ["Kremlin News"]
    assert record["urls"][0].startswith("https://news.example/")
    assert record["review_status"] == "unreviewed"


def test_the_csv_export_opens_in_a_spreadsheet_with_arabic_names(client, sample) -> None:
    response = client.get(reverse("timeline:export_csv") + "?leader=vladimir-putin")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body(response).lstrip("\ufeff"))))
    assert list(rows[0]) == exports.COLUMNS
    assert {int(r["id"]) for r in rows} == {sample.call.pk, sample.later.pk, sample.meeting.pk}
    meeting = next(r for r in rows if int(r["id"]) == sample.meeting.pk)
    assert "رجب طيب أردوغان" in meeting["participant_names_ar"]
    assert meeting["topics"] == "syria"


def test_exports_leave_out_rejected_and_merged_contacts(client, sample) -> None:
    lines = body(client.get(reverse("timeline:export_jsonl"))).splitlines()
    ids = {json.loads(line)["id"] for line in lines}
    assert sample.rejected.pk not in ids and sample.merged.pk not in ids


def test_an_export_is_written_in_blocks_of_whole_lines(client, make_contacts, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK", 4)
    make_contacts(10)
    blocks = list(client.get(reverse("timeline:export_jsonl")).streaming_content)
    assert [block.count(b"\n") for block in blocks] == [4, 4, 2]
    assert all(block.endswith(b"\n") for block in blocks)


def test_an_export_runs_a_fixed_number_of_queries_per_chunk(make_contacts, monkeypatch) -> None:
    monkeypatch.setattr(exports, "CHUNK", 10)
    make_contacts(10)
    with CaptureQueriesContext(connection) as one_chunk:
        list(exports.jsonl_lines(Contact.objects.public()))
    make_contacts(20)
    with CaptureQueriesContext(connection) as three_chunks:
        lines = list(exports.jsonl_lines(Contact.objects.public()))
    assert len(lines) == 30
    per_chunk = len(one_chunk.captured_queries) - 1
    assert len(three_chunks.captured_queries) <= 1 + 3 * per_chunk


def reference_record(contact: Contact) -> dict:
    """The record as the model objects tell it: what the row-based export must reproduce."""
    reports = list(contact.reports.all())
    return {
        "id": contact.pk,
        "date": contact.date.isoformat() if contact.date else None,
        "date_precision": contact.date_precision or None,
        "medium": contact.medium,
        "initiator": contact.initiator_id,
        "participants": [
            {
                "leader": p.leader.slug,
                "name_en": p.leader.name_en,
                "name_ar": p.leader.name_ar,
                "country": p.country_id,
            }
            for p in contact.participations.all()
        ],
        "topics": sorted(t.slug for t in contact.topics.all()),
        "outlets": list(dict.fromkeys(r.article.outlet for r in reports if r.article.outlet)),
        "urls": list(dict.fromkeys(r.article.url for r in reports if r.article.url)),
        "confidence": round(contact.confidence, 3),
        "review_status": contact.review_status,
    }


def flat(record: dict) -> list:
    """A record as a CSV row: lists joined, nothing written for a missing value."""
    people = record["participants"]
    row = {
        **record,
        "participants": "; ".join(p["leader"] for p in people),
        "participant_names_en": "; ".join(p["name_en"] for p in people),
        "participant_names_ar": "; ".join(p["name_ar"] for p in people),
        "participant_countries": "; ".join(p["country"] for p in people),
        "topics": "; ".join(record["topics"]),
        "outlets": "; ".join(record["outlets"]),
        "urls": " ".join(record["urls"]),
    }
    return [row[c] if row[c] is not None else "" for c in exports.COLUMNS]


@pytest.mark.parametrize("query", ["", "?sort=-initiator", "?topic=libya&topic=syria"])
def test_exports_from_rows_match_the_model_objects_byte_for_byte(
    client, sample, make_contacts, monkeypatch, query: str
) -> None:
    from timeline.filters import ContactFilter

    monkeypatch.setattr(exports, "CHUNK", 7)
    make_contacts(25)
    undated = Contact.objects.public().first()
    undated.date, undated.date_precision = None, ""
    undated.save()
    contacts = ContactFilter(QueryDict(query.lstrip("?")), queryset=Contact.objects.public()).qs
    expected = [reference_record(c) for c in contacts.with_rows()]
    jsonl = body(client.get(reverse("timeline:export_jsonl") + query))
    assert jsonl == "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in expected)
    csv_body = body(client.get(reverse("timeline:export_csv") + query))
    expected_csv = io.StringIO()
    writer = csv.writer(expected_csv)
    writer.writerow(exports.COLUMNS)
    for record in expected:
        writer.writerow(flat(record))
    assert csv_body == "\ufeff" + expected_csv.getvalue()
