"""Reference data: load the shipped tables into the database, and build the extractor's
gazetteer and lexicon back from the database so that staff edits apply to extraction."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

from django.db import transaction

from timeline.extract.leaders import Gazetteer
from timeline.extract.topics import Lexicon
from timeline.models import Country, Leader, Term, Topic

DATA = Path(__file__).resolve().parent / "extract" / "data"


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@transaction.atomic
def load_reference(data: Path = DATA) -> dict[str, int]:
    """Create missing countries, leaders, terms and topics; merge new spellings and keywords
    into existing rows without removing anything staff added. Safe to run again."""
    counts = {"countries": 0, "leaders": 0, "topics": 0}
    for row in json.loads((data / "countries.json").read_text(encoding="utf-8")):
        _, created = Country.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_en": row["name_en"],
                "name_ar": row["name_ar"],
                "names_ar": row.get("names_ar", []),
                "demonyms_ar": row.get("demonyms_ar", []),
                "head_offices": row.get("head_offices", []),
            },
        )
        counts["countries"] += created
    for row in json.loads((data / "leaders.json").read_text(encoding="utf-8")):
        counts["leaders"] += _load_leader(row)
    with open(data / "topics.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            counts["topics"] += _load_topic(row)
    return counts


def _load_leader(row: dict) -> bool:
    terms = row.get("terms", [])
    latest = terms[-1] if terms else {}
    leader, created = Leader.objects.get_or_create(
        slug=row["slug"],
        defaults={
            "name_en": row["name_en"],
            "name_ar": row["name_ar"],
            "aliases_ar": row.get("aliases_ar", []),
            "country_id": row["country"],
            "kind": row.get("kind", Leader.Kind.HEAD_OF_STATE),
            "office": latest.get("office", ""),
            "term_start": _date(latest.get("start")),
            "term_end": _date(latest.get("end")),
        },
    )
    if not created:
        new = [a for a in row.get("aliases_ar", []) if a not in leader.aliases_ar]
        if new:
            leader.aliases_ar = leader.aliases_ar + new
            leader.save(update_fields=["aliases_ar"])
    known = {(t.office, t.start) for t in leader.terms.all()}
    Term.objects.bulk_create(
        Term(
            leader=leader, office=t["office"], start=_date(t.get("start")), end=_date(t.get("end"))
        )
        for t in terms
        if (t["office"], _date(t.get("start"))) not in known
    )
    return created


def _load_topic(row: dict) -> bool:
    keywords = [k.strip() for k in row.get("keywords_ar", "").split("|") if k.strip()]
    topic, created = Topic.objects.get_or_create(
        slug=row["slug"],
        defaults={
            "name_en": row["name_en"],
            "name_ar": row.get("name_ar", ""),
            "scope": row.get("scope", ""),
            "keywords_ar": "\n".join(keywords),
        },
    )
    if not created:
        new = [k for k in keywords if k not in topic.keywords]
        if new:
            topic.keywords_ar = "\n".join(topic.keywords + new)
            topic.save(update_fields=["keywords_ar"])
    return created


def gazetteer_from_db() -> Gazetteer:
    leaders = _leader_records()
    countries = [country.as_record() for country in Country.objects.all()]
    if not leaders:
        return Gazetteer.default()
    return Gazetteer.from_records(leaders, countries)


def _leader_records() -> list[dict]:
    """Every leader in the shape ``Gazetteer.from_records`` reads, in two queries of plain
    rows: model instances and a prefetch took 85 ms of each ingest's start at 732 leaders."""
    terms: dict[int, list[dict]] = {}
    for leader_id, office, start, end in Term.objects.order_by("start", "id").values_list(
        "leader_id", "office", "start", "end"
    ):
        terms.setdefault(leader_id, []).append(
            {
                "office": office,
                "start": start.isoformat() if start else None,
                "end": end.isoformat() if end else None,
            }
        )
    columns = ("id", "slug", "name_en", "name_ar", "aliases_ar", "country_id", "kind")
    return [
        {
            "slug": slug,
            "name_en": name_en,
            "name_ar": name_ar,
            "aliases_ar": aliases_ar,
            "country": country_id,
            "kind": kind,
            "terms": terms.get(pk, []),
            "candidate": candidate,
        }
        for pk, slug, name_en, name_ar, aliases_ar, country_id, kind, candidate in (
            Leader.objects.values_list(*columns, "is_candidate")
        )
    ]


def lexicon_from_db() -> Lexicon:
    records = [topic.as_record() for topic in Topic.objects.all()]
    return Lexicon.from_records(records) if records else Lexicon.default()
