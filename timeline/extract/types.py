"""The values that flow through extraction: file -> Document -> ExtractedContact.

Everything here is a frozen dataclass so that results can be cached, hashed and compared
in tests. Nothing in ``timeline.extract`` imports Django: the web app consumes these values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

MEDIA = ("phone", "video", "meeting", "message")
PRECISIONS = ("day", "month", "year")


@dataclass(frozen=True)
class Document:
    """One article as read from disk, before any cleaning.

    ``text`` is everything readable in the article: the whole file for plain text, and
    title + blank line + body for formats that keep the title apart (XML, JSON Lines, HTML).
    It is stored as is, and every evidence offset points into it.
    """

    text: str
    title: str = ""
    published: dt.date | None = None
    url: str = ""
    outlet: str = ""
    source_name: str = ""  # the file name, or "<file>#<n>" for one record of a JSON Lines file


@dataclass(frozen=True)
class Span:
    """A stretch of ``Document.text``: ``text == document.text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Evidence:
    """Why a field has its value. ``field`` is one of: contact, participant, medium,
    initiator, date, topic:<slug>."""

    field: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class LeaderRef:
    """A resolved participant. ``candidate`` is True for a person named with a leader's
    title and a country who is missing from the reference table."""

    slug: str
    name_ar: str
    name_en: str
    country: str  # ISO 3166-1 alpha-2, or an organisation code (UN, EU, XL = Arab League...)
    kind: str = "head_of_state"  # head_of_state | head_of_government | crown_prince | org_head
    candidate: bool = False


# Rules of dates that no expression near the contact gave: the publication date, nothing,
# a vague expression, or the day of the contact told before it ("narrative").
FALLBACK_RULES = ("published", "none", "vague", "narrative")


@dataclass(frozen=True)
class DateGuess:
    """A resolved date expression. ``rule`` names the rule that produced it
    (e.g. "weekday", "yesterday", "explicit", "hijri", "published")."""

    value: dt.date | None
    precision: str | None  # day | month | year | None
    rule: str
    raw: str = ""
    start: int = -1
    end: int = -1

    @property
    def fallback(self) -> bool:
        """No expression near the contact gave this date."""
        return self.rule in FALLBACK_RULES


@dataclass(frozen=True)
class ExtractedContact:
    participants: tuple[LeaderRef, ...]
    medium: str  # one of MEDIA
    initiator: str | None  # country code of the side that placed / asked for the contact
    date: DateGuess
    topics: tuple[str, ...]
    historical: bool = False
    confidence: float = 0.5
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)

    def to_json(self, article: str) -> dict:
        """The stable JSON Lines contract of ``manage.py extract``."""
        return {
            "article": article,
            "participants": [
                {"leader": p.slug, "name_ar": p.name_ar, "country": p.country}
                for p in self.participants
            ],
            "medium": self.medium,
            "initiator": self.initiator,
            "date": self.date.value.isoformat() if self.date.value else None,
            "date_precision": self.date.precision,
            "topics": list(self.topics),
            "historical": self.historical,
            "confidence": round(self.confidence, 2),
            "evidence": [
                {"field": e.field, "start": e.start, "end": e.end, "text": e.text}
                for e in self.evidence
            ],
        }
