"""A tiny stand-in gazetteer and lexicon for the contact extractor's tests.

It follows the interface of ``timeline.extract.leaders`` (``find`` -> mentions with
start, end, text, kind, leader, country, office, title_start; ``holder``) with a handful
of invented-but-plausible records, so that the contact rules are tested on their own.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from timeline.extract.normalize import normalize_with_offsets
from timeline.extract.types import LeaderRef


@dataclass(frozen=True)
class FakeLeader:
    slug: str
    name_ar: str
    country: str
    office: str
    start: dt.date
    end: dt.date | None = None
    kind: str = "head_of_state"
    candidate: bool = False

    def ref(self) -> LeaderRef:
        return LeaderRef(self.slug, self.name_ar, self.slug, self.country, self.kind)

    def holds(self, office: str | None, on: dt.date | None) -> bool:
        if office is not None and office != self.office:
            return False
        return on is None or (self.start <= on and (self.end is None or on <= self.end))


@dataclass(frozen=True)
class FakeMention:
    start: int
    end: int
    text: str
    kind: str
    leader: FakeLeader | None
    country: str | None
    office: str | None
    title_start: int = -1


LEADERS = (
    FakeLeader("vladimir-putin", "فلاديمير بوتين", "RU", "president", dt.date(2012, 5, 7)),
    FakeLeader("emmanuel-macron", "إيمانويل ماكرون", "FR", "president", dt.date(2017, 5, 14)),
    FakeLeader(
        "francois-hollande",
        "فرانسوا هولاند",
        "FR",
        "president",
        dt.date(2012, 5, 15),
        dt.date(2017, 5, 14),
    ),
    FakeLeader("recep-tayyip-erdogan", "رجب طيب أردوغان", "TR", "president", dt.date(2014, 8, 28)),
    FakeLeader("donald-trump", "دونالد ترامب", "US", "president", dt.date(2017, 1, 20)),
    FakeLeader("theresa-may", "تيريزا ماي", "GB", "prime_minister", dt.date(2016, 7, 13)),
    FakeLeader(
        "angela-merkel",
        "أنجيلا ميركل",
        "DE",
        "chancellor",
        dt.date(2005, 11, 22),
        dt.date(2021, 12, 8),
        "head_of_government",
    ),
)
_BY_SLUG = {leader.slug: leader for leader in LEADERS}
_NAMES = {
    "بوتين": "vladimir-putin",
    "فلاديمير بوتين": "vladimir-putin",
    "ماكرون": "emmanuel-macron",
    "إيمانويل ماكرون": "emmanuel-macron",
    "هولاند": "francois-hollande",
    "أردوغان": "recep-tayyip-erdogan",
    "ترامب": "donald-trump",
    "تيريزا ماي": "theresa-may",
    "ميركل": "angela-merkel",
}
_DEMONYMS = {
    "الروسي": "RU",
    "الفرنسي": "FR",
    "التركي": "TR",
    "الأمريكي": "US",
    "الأميركي": "US",
    "البريطانية": "GB",
    "الألمانية": "DE",
}
_OFFICES = {"الرئيس": "president", "رئيسة الوزراء": "prime_minister", "المستشارة": "chancellor"}
_OFFICIALS = ("وزير الخارجية", "نائب الرئيس")


def _compile() -> list[tuple[str, re.Pattern[str]]]:
    from timeline.extract.normalize import normalize

    demonym = "|".join(normalize(d) for d in _DEMONYMS)
    office = "|".join(normalize(o) for o in _OFFICES)
    names = "|".join(sorted((normalize(n) for n in _NAMES), key=len, reverse=True))
    official = "|".join(normalize(o) for o in _OFFICIALS)
    return [
        ("official", re.compile(rf"(?:{official}) (?:{demonym})")),
        (
            "name",
            re.compile(
                rf"(?:(?:{office}) (?:(?:{demonym}) )?)?"
                rf"(?:(?<=\sو)|(?<=\sب)|(?<!\w))(?:{names})(?!\w)"
            ),
        ),
        ("title", re.compile(rf"(?<!\w)(?:{office}) (?:{demonym})(?!\w)")),
        ("counterpart", re.compile(rf"(?:نظيره|نظيرته) (?:{demonym})(?!\w)")),
    ]


class FakeGazetteer:
    def __init__(self) -> None:
        from timeline.extract.normalize import normalize

        self._patterns = _compile()
        self._norm = normalize
        self._names = {normalize(k): v for k, v in _NAMES.items()}
        self.demonyms = {normalize(k): v for k, v in _DEMONYMS.items()}
        self._offices = {normalize(k): v for k, v in _OFFICES.items()}

    def find(self, text: str) -> list[FakeMention]:
        nt = normalize_with_offsets(text)
        found: list[FakeMention] = []
        taken: list[tuple[int, int]] = []
        for kind, pattern in self._patterns:
            for match in pattern.finditer(nt.norm):
                if any(match.start() < e and s < match.end() for s, e in taken):
                    continue
                taken.append(match.span())
                start, end = nt.span(*match.span())
                found.append(self._mention(kind, match.group(), start, end, text))
        return sorted(found, key=lambda m: m.start)

    def _mention(self, kind: str, norm: str, start: int, end: int, text: str) -> FakeMention:
        words = norm.split()
        country = next((self.demonyms[w] for w in words if w in self.demonyms), None)
        office = next((v for k, v in self._offices.items() if norm.startswith(k)), None)
        leader = None
        if kind == "name":
            for key, slug in self._names.items():
                if norm.endswith(key):
                    leader = _BY_SLUG[slug]
            country = leader.country
        return FakeMention(start, end, text[start:end], kind, leader, country, office)

    def holder(self, country: str, office: str | None, on: dt.date | None) -> FakeLeader | None:
        for leader in LEADERS:
            same_office = office is None or leader.office == office
            if leader.country == country and same_office and leader.holds(None, on):
                return leader
        return None


class FakeLexicon:
    """Two topics, enough to see that topics are read from the right sentences."""

    _WORDS = {"syria": ("سوريا", "السوري"), "covid-19": ("كورونا",), "libya": ("ليبيا",)}

    def find(self, text: str, spans: list[tuple[int, int]] | None = None) -> list:
        return sorted(self.topics(text, spans), key=lambda hit: hit.start)

    def topics(self, text: str, spans: list[tuple[int, int]] | None = None) -> list:
        from timeline.extract.topics import TopicHit

        hits = []
        for slug, words in self._WORDS.items():
            for start, end in spans or [(0, len(text))]:
                positions = [text.find(w, start, end) for w in words]
                positions = [p for p in positions if p >= 0]
                if positions:
                    pos = min(positions)
                    hits.append(TopicHit(slug, pos, pos + 4, text[pos : pos + 4]))
                    break
        return hits
