"""CSV and JSON Lines exports of exactly the contacts the filters select.

Both stream from plain rows: the filtered contacts are read as ``values_list`` tuples through
one cursor, and for every ``CHUNK`` of them their participants, topics and sources in three more
queries. No model instances, so an export of any size holds one chunk in memory and runs a fixed
number of queries per chunk (1M contacts: 247 s -> 52 s, then 36 s, BENCHMARKS.md). Those three
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


def _chunks(queryset: QuerySet) -> Iterator[tuple[list[tuple], dict, dict, dict]]:
    """The contacts' rows (``FIELDS``) a chunk at a time, with the chunk's participants as
    (leader, country) ids, topic ids and (outlet, url) sources, each a list per contact."""
    rows = queryset.values_list(*FIELDS).iterator(chunk_size=CHUNK)
    while batch := list(itertools.islice(rows, CHUNK)):
        yield batch, *_related([row[0] for row in batch])


def records(queryset: QuerySet) -> Iterator[dict]:
    """One plain dict per contact, in the queryset's order."""
    leaders, slugs = _names()
    for batch, people, topics, sources in _chunks(queryset):
        for cid, date, precision, medium, initiator, confidence, review in batch:
            yield {
                "id": cid,
                "date": date.isoformat() if date else None,
                "date_precision": precision or None,
                "medium": medium,
                "initiator": initiator,
                "participants": [
                    dict(zip(PERSON, (*leaders[leader], country), strict=True))
                    for leader, country in people[cid]
                ],
                "topics": sorted(slugs[topic] for topic in topics[cid]),
                "outlets": _unique(outlet for outlet, _url in sources[cid]),
                "urls": _unique(url for _outlet, url in sources[cid]),
                "confidence": round(confidence, 3),
                "review_status": review,
            }


PERSON = ("leader", "name_en", "name_ar", "country")


def _names() -> tuple[dict[int, tuple[str, str, str]], dict[int, str]]:
    """Each leader's (slug, English, Arabic name) and each topic's slug, by id: read once."""
    leaders = {
        pk: row for pk, *row in Leader.objects.values_list("pk", "slug", "name_en", "name_ar")
    }
    return leaders, dict(Topic.objects.values_list("pk", "slug"))


def _related(ids: list[int]) -> tuple[dict, dict, dict]:
    """Participants (in their order), topics and (outlet, url) sources (in the reports'
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
            people[cid].append((leader, country))
        cursor.execute(
            "SELECT contact_id, topic_id FROM timeline_contact_topics "
            f"WHERE contact_id IN ({marks})",
            ids,
        )
        for cid, topic in cursor.fetchall():
            topics[cid].append(topic)
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


def in_blocks(lines: Iterator[str]) -> Iterator[str]:
    """The lines joined a chunk at a time: the response then encodes and writes one block per
    chunk instead of a million lines one by one."""
    while block := "".join(itertools.islice(lines, CHUNK)):
        yield block


class _Echo:
    """A file-like object whose write returns the line, for csv.writer to stream through."""

    def write(self, value: str) -> str:
        return value


def csv_lines(queryset: QuerySet) -> Iterator[str]:
    """The CSV straight from the rows: building each record's dict and then flattening it
    took a third of the export's Python time under the profiler (BENCHMARKS.md, sixth round)."""
    writer = csv.writer(_Echo())
    # A byte-order mark lets spreadsheet programs open the Arabic names as UTF-8.
    yield "\ufeff" + writer.writerow(COLUMNS)
    leaders, slugs = _names()
    for batch, people, topics, sources in _chunks(queryset):
        for cid, date, precision, medium, initiator, confidence, review in batch:
            persons = people[cid]
            named = [leaders[leader] for leader, _country in persons]
            reported = sources[cid]
            yield writer.writerow(
                (
                    cid,
                    date.isoformat() if date else "",
                    precision,
                    medium,
                    initiator or "",
                    "; ".join([slug for slug, _en, _ar in named]),
                    "; ".join([en for _slug, en, _ar in named]),
                    "; ".join([ar for _slug, _en, ar in named]),
                    "; ".join([country for _leader, country in persons]),
                    "; ".join(sorted([slugs[topic] for topic in topics[cid]])),
                    "; ".join(_unique([outlet for outlet, _url in reported])),
                    " ".join(_unique([url for _outlet, url in reported])),
                    round(confidence, 3),
                    review,
                )
            )
