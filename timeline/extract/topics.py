"""Topic lexicons: which taxonomy topics a stretch of text talks about, with evidence.

Keywords are plain data (``data/topics.csv``, then the Topic table that staff edit in the
admin), so their syntax is deliberately tiny:

- A keyword is one or more words: ``مجلس الأمن``. Matching ignores diacritics, tatweel and
  the alef / alef maksura / teh marbuta variants (see ``normalize.py``); words may be
  separated by spaces or hyphens. Latin keywords (``G20``) ignore case.
- A keyword matches whole words only, but its first word may carry the Arabic clitics
  و ف ب ل ك and the article ال (also وال، بال، لل). A keyword written with its article
  (``القدس``) requires one, so that it matches ``والقدس`` and ``للقدس`` but not ``قدس``.
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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from timeline.extract.normalize import NormalizedText, normalize, normalize_with_offsets

DATA = Path(__file__).parent / "data" / "topics.csv"

_WORD = re.compile(r"\w+")
_GAP = re.compile(r"[\s\-–]+")  # what may separate the words of one keyword
_ARABIC = re.compile(r"[\u0600-\u06ff]")
# Marks that normalization drops; a hit's evidence keeps those that end its last letter.
_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]*")


def _clitic_prefixes() -> dict[str, list[tuple[str, bool]]]:
    """Clitic strings (conjunction, preposition, article) by first letter, each with
    whether it ends in the article. ``لل`` is ل + ال with the alef dropped (للقدس);
    ``لال`` occurs before a word whose own alef is kept (لألمانيا)."""
    found: set[tuple[str, bool]] = set()
    for conj in ("", "و", "ف"):
        for rest, article in (("", False), ("ب", False), ("ل", False), ("ك", False)):
            found.add((conj + rest, article))
        for rest in ("ال", "بال", "كال", "لال", "لل"):
            found.add((conj + rest, True))
    by_letter: dict[str, list[tuple[str, bool]]] = {}
    for prefix, article in found:
        if prefix:
            by_letter.setdefault(prefix[0], []).append((prefix, article))
    return by_letter


_CLITICS = _clitic_prefixes()
# Words whose keyword candidates a lexicon remembers before starting afresh (a few MB).
_REMEMBERED_WORDS = 100_000


@dataclass(frozen=True)
class TopicHit:
    """A keyword of topic ``slug`` found at ``text == original[start:end]``."""

    slug: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class _Keyword:
    slug: str
    words: tuple[str, ...]  # normalized, lower-cased; the first without its article
    prefix: bool  # the last word is a prefix
    article: bool  # the first word must carry the article
    exclude: bool


def _parse(slug: str, raw: str) -> _Keyword | None:
    raw = raw.strip()
    exclude = raw.startswith("!")
    raw = raw.lstrip("!").strip()
    prefix = raw.endswith("*")
    words = _WORD.findall(normalize(raw.rstrip("*")).lower())
    if not words:
        return None
    article = words[0].startswith("ال") and len(words[0]) > 3 and bool(_ARABIC.match(words[0]))
    if article:
        words[0] = words[0][2:]
    return _Keyword(slug, tuple(words), prefix, article, exclude)


def _stems(token: str) -> Iterator[tuple[str, bool]]:
    """``token`` without each clitic string it may start with, and whether that string
    ended in the article; the bare token first."""
    yield token, False
    for clitic, article in _CLITICS.get(token[:1], ()):
        if token.startswith(clitic) and len(token) - len(clitic) >= 2:
            yield token[len(clitic) :], article


class Lexicon:
    """Keyword lexicons of the topics, indexed once; ``find`` and ``topics`` scan the
    words of the text once and look each one up, whatever the number of keywords."""

    def __init__(self, keywords: dict[str, list[str]]) -> None:
        self._exact: dict[str, list[_Keyword]] = {}
        self._prefix: dict[str, list[_Keyword]] = {}  # one-word prefix keywords
        self._slugs: list[str] = []
        for slug, words in keywords.items():
            parsed = [k for k in (_parse(slug, w) for w in words if w and w.strip()) if k]
            if any(not k.exclude for k in parsed):
                self._slugs.append(slug)
            for keyword in parsed:
                one_word_prefix = keyword.prefix and len(keyword.words) == 1
                index = self._prefix if one_word_prefix else self._exact
                index.setdefault(keyword.words[0], []).append(keyword)
        self._prefix_lengths = sorted({len(k) for k in self._prefix})
        self._starting: dict[str, tuple[tuple[_Keyword, bool], ...]] = {}

    @property
    def slugs(self) -> list[str]:
        return list(self._slugs)

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

    def find(self, text: str, spans: Iterable[tuple[int, int]] | None = None) -> list[TopicHit]:
        """Every keyword hit inside ``spans`` of ``text`` (all of it when None), in text
        order; offsets point into ``text`` itself."""
        normed = normalize_with_offsets(text)
        found: set[tuple[str, int, int]] = set()
        blocked: dict[str, list[tuple[int, int]]] = {}
        for start, end in _normalized_windows(normed, spans):
            tokens = _tokens(normed.norm, start, end)
            for keyword, n_start, n_end in self._matches(normed.norm, tokens):
                if keyword.exclude:
                    blocked.setdefault(keyword.slug, []).append((n_start, n_end))
                else:
                    found.add((keyword.slug, n_start, n_end))
        hits = set()
        for slug, n_start, n_end in found:
            if any(b0 < n_end and n_start < b1 for b0, b1 in blocked.get(slug, ())):
                continue
            o_start, o_end = normed.span(n_start, n_end)
            o_end = _MARKS.match(text, o_end).end()
            hits.add(TopicHit(slug, o_start, o_end, text[o_start:o_end]))
        return sorted(hits, key=lambda hit: (hit.start, hit.end, hit.slug))

    def topics(self, text: str, spans: Iterable[tuple[int, int]] | None = None) -> list[TopicHit]:
        """The first hit of each topic, topics in order of first appearance."""
        first: dict[str, TopicHit] = {}
        for hit in self.find(text, spans):
            first.setdefault(hit.slug, hit)
        return list(first.values())

    def _matches(
        self, norm: str, tokens: list[tuple[int, int, str]]
    ) -> Iterator[tuple[_Keyword, int, int]]:
        """(keyword, start, end) in normalized offsets for each keyword starting at a token."""
        for i, (start, end, token) in enumerate(tokens):
            starting = self._starting.get(token)
            if starting is None:
                starting = self._starting_at(token)
            for keyword, whole in starting:
                if whole:
                    yield keyword, start, end
                else:
                    stop = _rest_matches(norm, tokens, i, keyword)
                    if stop is not None:
                        yield keyword, start, stop

    def _starting_at(self, token: str) -> tuple[tuple[_Keyword, bool], ...]:
        """The keywords that may start at ``token``, each with whether the token alone is
        the whole match (a one-word prefix keyword); remembered per word, as news repeats
        its words (stemming them again cost 5-8% of extraction, measured interleaved)."""
        found = []
        for stem, has_article in _stems(token):
            for keyword in self._exact.get(stem, ()):
                if has_article or not keyword.article:
                    found.append((keyword, False))
            for length in self._prefix_lengths:
                if length > len(stem):
                    break
                for keyword in self._prefix.get(stem[:length], ()):
                    if has_article or not keyword.article:
                        found.append((keyword, True))
        if len(self._starting) >= _REMEMBERED_WORDS:
            self._starting.clear()
        self._starting[token] = starting = tuple(found)
        return starting


def _rest_matches(
    norm: str, tokens: list[tuple[int, int, str]], i: int, keyword: _Keyword
) -> int | None:
    """End offset when the words after the first of ``keyword`` follow token ``i``."""
    rest = keyword.words[1:]
    if not rest:
        return None if keyword.prefix else tokens[i][1]
    if i + len(rest) >= len(tokens):
        return None
    for k, word in enumerate(rest, start=1):
        start, _, token = tokens[i + k]
        if not _GAP.fullmatch(norm, tokens[i + k - 1][1], start):
            return None
        is_last = k == len(rest)
        if not (token == word or (is_last and keyword.prefix and token.startswith(word))):
            return None
    return tokens[i + len(rest)][1]


def _tokens(norm: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Words wholly inside ``norm[start:end]`` (a word cut by the window is dropped)."""
    tokens = [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(norm, start, end)]
    if tokens and start > 0 and tokens[0][0] == start and _WORD.match(norm, start - 1):
        tokens.pop(0)
    if tokens and tokens[-1][1] == end and _WORD.match(norm, end):
        tokens.pop()
    return tokens


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
            {**row, "keywords": [k.strip() for k in row["keywords_ar"].split("|") if k.strip()]}
            for row in csv.DictReader(handle)
        ]


@cache
def _default_lexicon() -> Lexicon:
    return Lexicon.from_records(read_topics_csv())
