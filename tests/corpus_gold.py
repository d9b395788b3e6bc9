"""The shared corpus's hand-checked contacts, grouped into the events ingest must merge."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"  # ../shared beside the repository
SNN = SHARED / "corpus" / "saudinewsnet"
GOLD = SHARED / "contract" / "corpus-gold.jsonl"


def gold_primary() -> list[dict]:
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line]
    return [r for r in rows if r["kind"] == "primary" and (SNN / r["article"]).exists()]


def gold_events(rows: list[dict]) -> list[tuple[str, str, set[str]]]:
    """The gold contacts grouped into events: same leaders, same medium, dates within a day
    of a report already in the group. Each event is (pair key, medium, articles reporting it)."""
    groups: dict[tuple, list[tuple[dt.date, set[str]]]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: r["date"] or ""):
        key = (frozenset(p["leader"] for p in row["participants"]), row["medium"])
        day = dt.date.fromisoformat(row["date"])
        for group in groups[key]:
            if abs((day - group[0]).days) <= 1:
                group[1].add(row["article"])
                break
        else:
            groups[key].append((day, {row["article"]}))
    return [
        ("|".join(sorted(leaders)), medium, articles)
        for (leaders, medium), events in groups.items()
        for _, articles in events
    ]
