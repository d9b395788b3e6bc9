"""Topic lexicons: which taxonomy topics a stretch of text talks about, with evidence.

Keywords are plain data (``data/topics.csv``, then the Topic table that staff edit in the
admin), so their syntax is deliberately tiny:

- A keyword is one or more words: ``مجلس الأمن``. Matching ignores diacritics, tatweel and
  the alef / alef maksura / teh marbuta variants (see ``normalize.py``), and any run of
  spaces between words. Latin keywords (``G20``) ignore case.
- A keyword matches whole words only, but may carry the Arabic clitics و ف ب ل ك and the
  article ال (also وال، بال، لل). A keyword written with its article (``القدس``) requires
  one, so that ``القدس`` matches ``والقدس`` and ``للقدس`` but not ``قدس``.
- A trailing ``*`` makes the last word a prefix: ``سوري*`` matches سوريا، السورية، سوريين.
- A leading ``!`` makes an exclusion: hits of the topic inside its matches are dropped, so
  ``!مجلس الأمن القومي`` keeps ``مجلس الأمن`` from firing on a national security council.

>>> [hit.slug for hit in Lexicon.default().topics("بحث الرئيسان الأزمة السورية وملف كورونا")]
['syria', 'covid-19']
"""

from __future__ import annotations

import bisect
import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from timeline.extract.normalize import NormalizedText, normalize, normalize_with_offsets

DATA = Path(__file__).parent / "data" / "topics.csv"

# Clitics that may precede a keyword: conjunction, then preposition, then article.
# ``لل`` is ل + ال with the alef dropped (للقدس).
_OPTIONAL_PREFIX = r"(?:[وف]?(?:[بك]?ال|لل|[بلك]))?"
_ARTICLE_PREFIX = r"[وف]?(?:[بكل]?ال|لل)"


@dataclass(frozen=True)
class TopicHit:
    """A keyword of topic ``slug`` found at ``text == original[start:end]``."""

    slug: str
    start: int
    end: int
    text: str


def _keyword_pattern(keyword: str) -> str | None:
    """Regex source for one keyword, or None for an empty one."""
    keyword = normalize(keyword.strip())
    is_prefix = keyword.endswith("*")
    words = keyword.rstrip("*").split()
    if not words:
        return None
    first = words[0]
    if first.startswith("ال") and len(first) > 3:
        words[0] = first[2:]
        head = _ARTICLE_PREFIX
    elif re.match(r"[\u0600-\u06ff]", first):
        head = _OPTIONAL_PREFIX
    else:
        head = ""  # Latin and digits take no Arabic clitics
    body = r"\s+".join(re.escape(word) for word in words)
    tail = r"\w*" if is_prefix else r"(?!\w)"
    return rf"(?<!\w){head}{body}{tail}"


def _compile(keywords: Iterable[str]) -> re.Pattern[str] | None:
    # Longer keywords first so that at one position the most specific one wins.
    cleaned = {k.strip() for k in keywords if k and k.strip()}
    sources = [
        source
        for source in (
            _keyword_pattern(k) for k in sorted(cleaned, key=lambda k: (-len(k), k))
        )
        if source
    ]
    if not sources:
        return None
    return re.compile("|".join(sources), re.IGNORECASE)


class Lexicon:
    """Keyword lexicons of the topics, compiled once; ``find`` and ``topics`` are cheap."""

    def __init__(self, keywords: dict[str, list[str]]) -> None:
        self._patterns: list[tuple[str, re.Pattern[str], re.Pattern[str] | None]] = []
        for slug, words in keywords.items():
            words = [w.strip() for w in words if w and w.strip()]
            pattern = _compile(w for w in words if not w.startswith("!"))
            if pattern is not None:
                excluded = _compile(w[1:] for w in words if w.startswith("!"))
                self._patterns.append((slug, pattern, excluded))

    @property
    def slugs(self) -> list[str]:
        return [slug for slug, _, _ in self._patterns]

    @classmethod
    def default(cls) -> Lexicon:
        """The lexicon of ``data/topics.csv`` (built once per process)."""
        return _default_lexicon()

    @classmethod
    def from_records(cls, records: Iterable[dict]) -> Lexicon:
        """From ``{"slug": ..., "keywords": [...]}`` records, e.g. the Topic table."""
        keywords: dict[str, list[str]] = {}
        for record in records:
            keywords.setdefault(record["slug"], []).extend(record.get("keywords") or [])
        return cls(keywords)

    def find(
        self, text: str, spans: Iterable[tuple[int, int]] | None = None
    ) -> list[TopicHit]:
        """Every keyword hit inside ``spans`` of ``text`` (all of it when None), in text
        order; offsets point into ``text`` itself."""
        normed = normalize_with_offsets(text)
        windows = _normalized_windows(normed, spans)
        hits: set[TopicHit] = set()
        for slug, pattern, excluded in self._patterns:
            for start, end in windows:
                blocked = _excluded_ranges(excluded, normed.norm, start, end)
                for match in pattern.finditer(normed.norm, start, end):
                    if any(
                        b_start < match.end() and match.start() < b_end
                        for b_start, b_end in blocked
                    ):
                        continue
                    o_start, o_end = normed.span(match.start(), match.end())
                    hits.add(TopicHit(slug, o_start, o_end, text[o_start:o_end]))
        return sorted(hits, key=lambda hit: (hit.start, hit.end, hit.slug))

    def topics(
        self, text: str, spans: Iterable[tuple[int, int]] | None = None
    ) -> list[TopicHit]:
        """The first hit of each topic, topics in order of first appearance."""
        first: dict[str, TopicHit] = {}
        for hit in self.find(text, spans):
            first.setdefault(hit.slug, hit)
        return list(first.values())


def _excluded_ranges(
    excluded: re.Pattern[str] | None, norm: str, start: int, end: int
) -> list[tuple[int, int]]:
    if excluded is None:
        return []
    return [match.span() for match in excluded.finditer(norm, start, end)]


def _normalized_windows(
    normed: NormalizedText, spans: Iterable[tuple[int, int]] | None
) -> list[tuple[int, int]]:
    """Original-text spans as sorted, merged ranges of the normalized text."""
    if spans is None:
        return [(0, len(normed.norm))]
    # index[:-1] holds the original offset of each normalized character, ascending.
    offsets = normed.index[:-1]
    ranges = sorted(
        (bisect.bisect_left(offsets, start), bisect.bisect_left(offsets, end))
        for start, end in spans
        if end > start
    )
    merged: list[tuple[int, int]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        elif end > start:
            merged.append((start, end))
    return merged


def read_topics_csv(path: Path = DATA) -> list[dict]:
    """Rows of the topics CSV with ``keywords`` split into a list."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            {
                **row,
                "keywords": [
                    k.strip() for k in row["keywords_ar"].split("|") if k.strip()
                ],
            }
            for row in csv.DictReader(handle)
        ]


@cache
def _default_lexicon() -> Lexicon:
    return Lexicon.from_records(read_topics_csv())
