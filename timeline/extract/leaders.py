"""Leaders gazetteer: who is named in a text, by name, by title, or as "his counterpart".

Matching runs on normalized text (``normalize_with_offsets``), token by token, with
dictionary lookups of whole phrases (longest first), so it stays fast on long articles
(the scanner is in ``leaders_scan.py``). Only the first word of a phrase may carry a
proclitic (و ف ب ل ك and "لل" for ل+ال).

What a mention can be (``Mention.kind``):

- ``name``: a leader named, with any title before it ("الرئيس الروسي فلاديمير بوتين").
- ``title``: a title and a country with no name ("الرئيس الفرنسي", "أمير قطر"): the
  holder on the contact's date is resolved later with ``Gazetteer.holder``.
- ``counterpart``: "نظيره الفرنسي"; the office is the other side's, decided by the caller.
- ``candidate``: a title, a country and a name missing from the table.
- ``official``: a non-leader title (minister, envoy, speaker...) with the name after it,
  kept so that the name is not read as a leader's.

Pass the article's date to ``find(text, on=...)``: it breaks ties between namesakes, and an
unknown word after "title + country" becomes a candidate only when nobody in the table held
that office that day (otherwise it is a misspelling of the holder's name, or not a name).

Short forms that are ordinary words or common names (سلمان، عباس، الأسد، ماي، آبي) are
"titled" aliases: matched only right after a title or an honorific (see data/leaders_table.py).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from timeline.extract.leaders_scan import Lexicon, RawMention, phrase_tokens
from timeline.extract.normalize import NormalizedText, normalize, normalize_with_offsets
from timeline.extract.types import LeaderRef

__all__ = ["DATA", "Country", "Gazetteer", "Leader", "Lexicon", "Mention", "Term", "phrase_tokens"]

DATA = Path(__file__).with_name("data")


@dataclass(frozen=True)
class Term:
    office: str
    start: dt.date
    end: dt.date | None  # last day in office; None while the term runs
    country: str | None = None  # when the office belongs to another country or organisation

    def covers(self, on: dt.date) -> bool:
        return self.start <= on and (self.end is None or on <= self.end)


@dataclass(frozen=True)
class Leader:
    slug: str
    name_en: str
    name_ar: str
    country: str
    kind: str = "head_of_state"
    aliases_ar: tuple[str, ...] = ()
    terms: tuple[Term, ...] = ()
    candidate: bool = False
    titled_aliases_ar: tuple[str, ...] = ()

    def ref(self, country: str | None = None) -> LeaderRef:
        """``country`` overrides the leader's own (Tusk as President of the European Council)."""
        return LeaderRef(
            slug=self.slug,
            name_ar=self.name_ar,
            name_en=self.name_en,
            country=country or self.country,
            kind=self.kind,
            candidate=self.candidate,
        )

    def holds(self, office: str | None, on: dt.date) -> bool:
        """True if a term of ``office`` (any office when None) covers ``on``."""
        return any(t.covers(on) for t in self.terms if office is None or t.office == office)

    def recency(self) -> tuple[dt.date, dt.date]:
        """Sort key: still in office first, then latest out of office, then latest in."""
        ends = [t.end or dt.date.max for t in self.terms] or [dt.date.min]
        return max(ends), max((t.start for t in self.terms), default=dt.date.min)


@dataclass(frozen=True)
class Country:
    code: str
    name_en: str
    name_ar: str
    names_ar: tuple[str, ...] = ()
    demonyms_ar: tuple[str, ...] = ()
    head_offices: tuple[str, ...] = ("president", "prime_minister")


@dataclass(frozen=True)
class Mention:
    """``start``/``end`` are offsets into the original text (a proclitic و/ب/ل... is left
    out, except in لل where it fuses with the article). ``title_start`` is where the title
    begins: ``start`` itself, or the shared dual title ("الرئيسان") for the second of a pair.

    ``leader`` is set for ``name`` and ``candidate``; for ``official`` it is set when the
    person named after the non-leader title is in the table (a crown prince named by his
    ministerial title): callers should still not count an official as a leader.
    ``alternatives`` lists every leader a short shared name could be (الملك عبدالله).
    """

    start: int
    end: int
    text: str
    kind: str  # name | title | counterpart | candidate | official
    leader: Leader | None
    country: str | None
    office: str | None
    title_start: int
    alternatives: tuple[Leader, ...] = ()  # other leaders the same short name could be


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _leader_from_record(rec: dict) -> Leader:
    terms = tuple(
        Term(t["office"], _date(t["start"]), _date(t.get("end")), t.get("country"))
        for t in rec.get("terms", ())
    )
    return Leader(
        slug=rec["slug"],
        name_en=rec.get("name_en", ""),
        name_ar=rec.get("name_ar", ""),
        country=rec["country"],
        kind=rec.get("kind", "head_of_state"),
        aliases_ar=tuple(rec.get("aliases_ar", ())),
        terms=terms,
        candidate=bool(rec.get("candidate", False)),
        titled_aliases_ar=tuple(rec.get("titled_aliases_ar", ())),
    )


def _country_from_record(rec: dict) -> Country:
    return Country(
        code=rec["code"],
        name_en=rec.get("name_en", ""),
        name_ar=rec.get("name_ar", ""),
        names_ar=tuple(rec.get("names_ar", ())),
        demonyms_ar=tuple(rec.get("demonyms_ar", ())),
        head_offices=tuple(rec.get("head_offices") or ("president", "prime_minister")),
    )


@lru_cache(maxsize=1)
def _titles_data() -> dict:
    return json.loads((DATA / "leaders_titles.json").read_text(encoding="utf-8"))


class Gazetteer:
    """Leaders and countries, with the lookups extraction needs."""

    def __init__(self, leaders: Iterable[Leader], countries: Iterable[Country]) -> None:
        self.leaders: dict[str, Leader] = {ldr.slug: ldr for ldr in leaders}
        self.countries: dict[str, Country] = {c.code: c for c in countries}
        self._holders: dict[tuple[str, str], list[tuple[Term, Leader]]] = {}
        for leader in self.leaders.values():
            for term in leader.terms:
                key = (term.country or leader.country, term.office)
                self._holders.setdefault(key, []).append((term, leader))
        for rows in self._holders.values():
            rows.sort(key=lambda row: row[0].start)
        self.lexicon = Lexicon(self.leaders.values(), self.countries.values(), _titles_data())
        # Normalized demonym -> country code, for "بمبادرة من الجانب الفرنسي".
        self.demonyms: dict[str, str] = {}
        for country in self.countries.values():
            for word in country.demonyms_ar:
                self.demonyms.setdefault(normalize(word), country.code)

    @classmethod
    def from_records(cls, leaders: Iterable[dict], countries: Iterable[dict]) -> Gazetteer:
        """Build from dicts shaped like the JSON files (the Django side passes DB rows)."""
        return cls(
            [_leader_from_record(r) for r in leaders],
            [_country_from_record(r) for r in countries],
        )

    @classmethod
    def default(cls) -> Gazetteer:
        return _default_gazetteer()

    def holder(
        self, country: str, office: str | None = None, on: dt.date | None = None
    ) -> Leader | None:
        """Who held ``office`` in ``country`` on ``on``.

        ``office=None`` takes the country's head offices in order and returns the first
        one held that day; ``on=None`` returns the most recent holder.
        """
        if office is None:
            known = self.countries.get(country)
            offices = known.head_offices if known else ("president", "prime_minister")
            for candidate_office in offices:
                found = self.holder(country, candidate_office, on)
                if found:
                    return found
            return None
        rows = self._holders.get((country, office), [])
        if on is None:
            return rows[-1][1] if rows else None
        holding = [leader for term, leader in rows if term.covers(on)]
        return holding[-1] if holding else None  # on a handover day the newcomer wins

    def find(self, text: str, on: dt.date | None = None) -> list[Mention]:
        """Leader mentions in ``text``, in order, not overlapping.

        ``on`` (the article's date) only breaks ties between leaders sharing a short name.
        """
        nt = normalize_with_offsets(text)
        return [self._mention(raw, nt, on) for raw in self.lexicon.scan(nt.norm)]

    def _mention(self, raw: RawMention, nt: NormalizedText, on: dt.date | None) -> Mention:
        text = nt.original
        start, end = nt.span(raw.start, raw.end)
        title_start = nt.span(raw.title_start, raw.title_start + 1)[0]
        leader, alternatives = self._pick(raw.leaders, raw.office, on)
        country, office = raw.country, raw.office
        if raw.kind == "name" and leader is not None:
            country = self._leader_country(leader, raw.country)
            office = self._office(leader, raw.office)
        if raw.kind == "candidate":
            name_start, name_end = nt.span(raw.name_start, raw.end)
            name = text[name_start:name_end]
            if _not_a_name(name) or (on and self.holder(raw.country, raw.office, on)):
                # The office has a known holder that day: what follows the title is a
                # misspelling of their name or not a name at all ("تطورات الأوضاع").
                end = nt.span(raw.start, raw.title_end)[1]
                return replace(
                    self._mention(replace(raw, kind="title"), nt, on), end=end, text=text[start:end]
                )
            leader = self._candidate(raw.country, name)
        return Mention(
            start=start,
            end=end,
            text=text[start:end],
            kind=raw.kind,
            leader=leader,
            country=country,
            office=office,
            title_start=title_start,
            alternatives=alternatives,
        )

    def resolve(self, mention: Mention, on: dt.date | None) -> Leader | None:
        """The leader a mention designates on ``on``: the named one (ties broken by date),
        else the holder of the title's office."""
        if mention.kind in ("name", "candidate"):
            if mention.alternatives and on is not None:
                return self._pick(mention.alternatives, mention.office, on)[0]
            return mention.leader
        if mention.kind == "title" and mention.country:
            return self.holder(mention.country, mention.office, on)
        return None

    def _pick(
        self, leaders: tuple[Leader, ...], office: str | None, on: dt.date | None
    ) -> tuple[Leader | None, tuple[Leader, ...]]:
        if not leaders:
            return None, ()
        if len(leaders) == 1:
            return leaders[0], ()
        ranked = sorted(leaders, key=lambda ldr: ldr.recency(), reverse=True)
        if on is not None:
            ranked.sort(key=lambda ldr: not ldr.holds(None, on))
        return ranked[0], tuple(ranked)

    @staticmethod
    def _office(leader: Leader | None, office: str | None) -> str | None:
        if leader is None or office is None:
            return None
        return office if any(t.office == office for t in leader.terms) else None

    @staticmethod
    def _leader_country(leader: Leader, titled: str | None) -> str:
        if titled and any(t.country == titled for t in leader.terms):
            return titled
        return leader.country

    @staticmethod
    def _candidate(country: str | None, name_ar: str) -> Leader:
        code = (country or "xx").lower()
        slug_name = "-".join(phrase_tokens(name_ar))
        return Leader(
            slug=f"candidate-{code}-{slug_name}",
            name_en="",
            name_ar=name_ar,
            country=country or "",
            kind="head_of_state",
            candidate=True,
        )


@lru_cache(maxsize=1)
def _default_gazetteer() -> Gazetteer:
    leaders = json.loads((DATA / "leaders.json").read_text(encoding="utf-8"))
    countries = json.loads((DATA / "countries.json").read_text(encoding="utf-8"))
    return Gazetteer.from_records(leaders, countries)


def _not_a_name(text: str) -> bool:
    """Words with a pronoun suffix (ـه، ـها، ـهم: "ترحيبه"، "بلاده") or a feminine
    plural (ـات: "تطورات") are nouns, not parts of a personal name. Checked on the
    original text, where ـه is still distinct from ـة."""
    for word in text.split():
        if word.endswith(("ها", "هم", "هما", "كم")) or (word.endswith("ات") and len(word) > 4):
            return True
        if word.endswith("ه") and len(word) > 3 and not word.endswith("الله"):
            return True
    return False
