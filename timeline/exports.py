"""CSV and JSON Lines exports of exactly the contacts the filters select.

Both stream from plain rows: the filtered contacts are read as ``values_list`` tuples through
one cursor, and for every ``CHUNK`` of them their participants, topics and sources in three
more queries. No model instances, so an export of any size holds one chunk in memory and runs
a fixed number of queries per chunk (1M contacts: 247 s -> 52 s, BENCHMARKS.md). Those three
are written in SQL, with leader names and topic slugs from dictionaries read once: the ORM spent
longer preparing 2,000 ids three times per chunk than the database spent answering.
"""

from __future__ import annotations

import csv
import itertools
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.db import connection
from django.db.models import QuerySet

from timeline.models import Leader, Topic

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
    leaders = {
        pk: row for pk, *row in Leader.objects.values_list("pk", "slug", "name_en", "name_ar")
    }
    slugs = dict(Topic.objects.values_list("pk", "slug"))
    while batch := list(itertools.islice(rows, CHUNK)):
        people, topics, sources = _related([row[0] for row in batch], leaders, slugs)
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


def _related(ids: list[int], leaders: dict, slugs: dict) -> tuple[dict, dict, dict]:
    """Participants (in their order), topic slugs and (outlet, url) sources (in the reports'
    order: Report.Meta.ordering) of the contacts ``ids``."""
    people, topics, sources = defaultdict(list), defaultdict(list), defaultdict(list)
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT contact_id, leader_id, country_id FROM timeline_participation "
            f"WHERE contact_id IN ({marks}) ORDER BY id",
            ids,
        )
        for cid, leader, country in cursor.fetchall():
            slug, name_en, name_ar = leaders[leader]
            people[cid].append(
                {"leader": slug, "name_en": name_en, "name_ar": name_ar, "country": country}
            )
        cursor.execute(
            "SELECT contact_id, topic_id FROM timeline_contact_topics "
            f"WHERE contact_id IN ({marks})",
            ids,
        )
        for cid, topic in cursor.fetchall():
            topics[cid].append(slugs[topic])
        cursor.execute(
            "SELECT r.contact_id, a.outlet, a.url FROM timeline_report r "
            "JOIN timeline_article a ON a.id = r.article_id "
            f"WHERE r.contact_id IN ({marks}) ORDER BY a.published, r.id",
            ids,
        )
        for cid, outlet, url in cursor.fetchall():
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
