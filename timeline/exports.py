"""CSV and JSON Lines exports of exactly the contacts the filters select.

Both stream: contacts are read with ``iterator(chunk_size=...)``, which runs the prefetches
once per chunk, so an export of any size holds one chunk in memory and runs a fixed number
of queries per chunk.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet

CHUNK = 500
COLUMNS = [
    "id",
    "date",
    "date_precision",
    "medium",
    "initiator",
    "participants",
    "participant_names_en",
    "participant_names_ar",
    "participant_countries",
    "topics",
    "outlets",
    "urls",
    "confidence",
    "review_status",
]


def contact_record(contact) -> dict:
    """One contact as plain data; reads only what ``ContactQuerySet.with_rows`` prefetched."""
    participations = list(contact.participations.all())
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
            for p in participations
        ],
        "topics": sorted(t.slug for t in contact.topics.all()),
        "outlets": _unique(r.article.outlet for r in reports),
        "urls": _unique(r.article.url for r in reports),
        "confidence": round(contact.confidence, 3),
        "review_status": contact.review_status,
    }


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def records(queryset: QuerySet) -> Iterator[dict]:
    for contact in queryset.with_rows().iterator(chunk_size=CHUNK):
        yield contact_record(contact)


def jsonl_lines(queryset: QuerySet) -> Iterator[str]:
    for record in records(queryset):
        yield json.dumps(record, ensure_ascii=False) + "\n"


class _Echo:
    """A file-like object whose write returns the line, for csv.writer to stream through."""

    def write(self, value: str) -> str:
        return value


def csv_lines(queryset: QuerySet) -> Iterator[str]:
    writer = csv.writer(_Echo())
    # A byte-order mark lets spreadsheet programs open the Arabic names as UTF-8.
    yield "\ufeff" + writer.writerow(COLUMNS)
    for record in records(queryset):
        yield writer.writerow(_flat(record))


def _flat(record: dict) -> list:
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
    return [row[c] if row[c] is not None else "" for c in COLUMNS]
