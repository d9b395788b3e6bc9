"""CSV and JSON Lines exports of exactly the contacts the filters select.

Both stream from plain rows: the filtered contacts are read as ``values_list`` tuples through
one cursor, and for every ``CHUNK`` of them their participants, topics and sources in three
more queries. No model instances, so an export of any size holds one chunk in memory and runs
a fixed number of queries per chunk (1M contacts: 247 s -> 52 s, BENCHMARKS.md).
"""

from __future__ import annotations

import csv
import itertools
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet

from timeline.models import Contact, Participation, Report

CHUNK = 2000
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
FIELDS = ("id", "date", "date_precision", "medium", "initiator_id", "confidence", "review_status")


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def records(queryset: QuerySet) -> Iterator[dict]:
    """One plain dict per contact, in the queryset's order."""
    rows = queryset.values_list(*FIELDS).iterator(chunk_size=CHUNK)
    while batch := list(itertools.islice(rows, CHUNK)):
        people, topics, sources = _related([row[0] for row in batch])
        for cid, date, precision, medium, initiator, confidence, review in batch:
            yield {
                "id": cid,
                "date": date.isoformat() if date else None,
                "date_precision": precision or None,
                "medium": medium,
                "initiator": initiator,
                "participants": people[cid],
                "topics": sorted(topics[cid]),
                "outlets": _unique(outlet for outlet, _url in sources[cid]),
                "urls": _unique(url for _outlet, url in sources[cid]),
                "confidence": round(confidence, 3),
                "review_status": review,
            }


def _related(ids: list[int]) -> tuple[dict, dict, dict]:
    """Participants, topic slugs and (outlet, url) sources of the contacts ``ids``."""
    people, topics, sources = defaultdict(list), defaultdict(list), defaultdict(list)
    for cid, slug, name_en, name_ar, country in Participation.objects.filter(
        contact_id__in=ids
    ).values_list("contact_id", "leader__slug", "leader__name_en", "leader__name_ar", "country_id"):
        people[cid].append(
            {"leader": slug, "name_en": name_en, "name_ar": name_ar, "country": country}
        )
    through = Contact.topics.through.objects.filter(contact_id__in=ids)
    for cid, slug in through.values_list("contact_id", "topic__slug"):
        topics[cid].append(slug)
    reports = Report.objects.filter(contact_id__in=ids)
    for cid, outlet, url in reports.values_list("contact_id", "article__outlet", "article__url"):
        sources[cid].append((outlet, url))
    return people, topics, sources


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
