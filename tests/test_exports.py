"""Exports carry exactly the filtered contacts, stream, and read a fixed number of queries
per chunk."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.db import connection
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
