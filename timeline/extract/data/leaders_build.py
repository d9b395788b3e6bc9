"""Build ``leaders.json`` from the compact table in ``leaders_table.py``.

Run from the repository root (re-runnable, deterministic)::

    .venv/bin/python timeline/extract/data/leaders_build.py

Each table row is ``(slug, name_en, name_ar, country, kind, aliases, titled, terms)``:

- ``aliases``: "|"-separated Arabic forms that are safe to match on their own in news
  text (full names, distinctive family names: بوتين، ماكرون، ترامب...).
- ``titled``: "|"-separated forms matched only right after a title or honorific
  ("الملك سلمان", "الشيخ تميم", "الرئيس عون"): given names and common family names that
  would be wrong on their own (سلمان، عباس، الأسد، ماي، آبي).
- ``terms``: ";"-separated ``office start end`` with ``-`` for a term still running and an
  optional ``@CC`` when the office belongs to another country or organisation than the
  leader's own (Donald Tusk, Polish prime minister and President of the European Council).
"""

from __future__ import annotations

import json
from pathlib import Path

try:
    from leaders_table import ROWS
except ImportError:  # imported as a package module
    from timeline.extract.data.leaders_table import ROWS

OUT = Path(__file__).with_name("leaders.json")


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split("|") if part.strip()]


def _terms(value: str) -> list[dict]:
    terms = []
    for chunk in value.split(";"):
        parts = chunk.split()
        if not parts:
            continue
        office, start, end = parts[:3]
        term = {"office": office, "start": start, "end": None if end == "-" else end}
        if len(parts) > 3 and parts[3].startswith("@"):
            term["country"] = parts[3][1:]
        terms.append(term)
    return terms


def build() -> list[dict]:
    rows = []
    for slug, name_en, name_ar, country, kind, aliases, titled, terms in ROWS:
        rows.append(
            {
                "slug": slug,
                "name_en": name_en,
                "name_ar": name_ar,
                "aliases_ar": _split(aliases),
                "titled_aliases_ar": _split(titled),
                "country": country,
                "kind": kind,
                "terms": _terms(terms),
            }
        )
    return rows


def main() -> None:
    rows = build()
    OUT.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} leaders")


if __name__ == "__main__":
    main()
