"""Arabic normalization for matching, keeping a map back to the original offsets.

This is the one module that calls camel-tools. Its character-level normalizers (alef,
alef maksura, teh marbuta, dediacritization) are applied once, at import, to every
character of the Arabic blocks to build a translation table: matching then runs on
``str.translate`` speed while staying faithful to camel-tools' definitions.

Matching happens on the normalized string; evidence must point into the original text,
so ``NormalizedText`` keeps, for each normalized character, the offset it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from camel_tools.utils.dediac import dediac_ar
from camel_tools.utils.normalize import (
    normalize_alef_ar,
    normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar,
)

# Characters that carry no meaning for matching but split words in hashtags (#تميم_بن_حمد)
# or decorate headlines; they become spaces so word boundaries survive.
_SPACE_LIKE = "#_\u00a0\u200c\u200d\u200e\u200f\u061c"
_ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
_PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
# Persian and Urdu forms of Arabic letters, as Iranian and Pakistani outlets' Arabic (and
# text typed on a Persian keyboard) has them: "رئیسی", "کردستان". camel-tools leaves them.
_PERSIAN_LETTERS = {"ی": "ي", "ې": "ي", "ک": "ك", "ۀ": "ه", "ہ": "ه", "ھ": "ه", "ە": "ه"}
# Invisible characters typed or pasted inside words: nothing to match.
_INVISIBLE = "\u200b\u2060\ufeff\u00ad"


def _camel(ch: str) -> str:
    out = dediac_ar(ch)
    out = normalize_alef_ar(out)
    out = normalize_alef_maksura_ar(out)
    out = normalize_teh_marbuta_ar(out)
    return out


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in list(range(0x0600, 0x0700)) + list(range(0x0750, 0x0780)):
        ch = chr(code)
        mapped = _camel(ch)
        if mapped != ch:
            table[code] = mapped
    table[ord("\u0640")] = ""  # tatweel (kashida) only stretches a word
    for i, digit in enumerate(_ARABIC_INDIC):
        table[ord(digit)] = str(i)
    for i, digit in enumerate(_PERSIAN_DIGITS):
        table[ord(digit)] = str(i)
    for ch in _SPACE_LIKE:
        table[ord(ch)] = " "
    for ch in _INVISIBLE:
        table[ord(ch)] = ""
    for ch, arabic in _PERSIAN_LETTERS.items():
        table[ord(ch)] = _camel(arabic)
    # Lam-alef and other one-to-many mappings would break the offset map; the table
    # only ever maps a character to zero or one character.
    return {k: v for k, v in table.items() if len(v) <= 1}


def normalize(text: str) -> str:
    """Normalized form of ``text`` for matching (may be shorter than ``text``).

    >>> normalize("أَرْدُوغان") == normalize("اردوغان")
    True
    >>> normalize("مدينة") == normalize("مدينه")
    True
    """
    if len(text) <= _SHORT:
        return _normalize_short(text)
    return text.translate(_table())


# Names, titles and words are normalized again and again (some 130 times an article):
# looking them up costs a twentieth of translating them.
_SHORT = 64


@lru_cache(maxsize=16384)
def _normalize_short(text: str) -> str:
    return text.translate(_table())


@dataclass(frozen=True)
class NormalizedText:
    """``norm`` is ``normalize(original)``; ``index[i]`` is the offset in ``original`` of
    ``norm[i]`` (with one extra entry for the end)."""

    original: str
    norm: str
    index: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the normalized slice ``norm[start:end]``."""
        if start >= end:
            pos = self.index[start]
            return pos, pos
        return self.index[start], self.index[end - 1] + 1


@lru_cache(maxsize=8)
def normalize_with_offsets(text: str) -> NormalizedText:
    """``text`` normalized, with the map back to its offsets.

    Cached (the result is immutable): the contact finder, the gazetteer and the date
    finder each normalize the same cleaned article, which is then done once.
    """
    table = _table()
    norm = text.translate(table)
    if len(norm) == len(text):
        # Every character maps to exactly one (the table never maps to more than one),
        # so nothing was dropped and offsets are unchanged: no per-character loop.
        return NormalizedText(text, norm, tuple(range(len(text) + 1)))
    index: list[int] = []
    kept = 0
    for match in _dropped().finditer(text):  # diacritics, tatweel: usually few
        index.extend(range(kept, match.start()))
        kept = match.start() + 1
    index.extend(range(kept, len(text) + 1))
    return NormalizedText(text, norm, tuple(index))


@lru_cache(maxsize=1)
def _dropped() -> re.Pattern:
    """The characters the table deletes, one at a time."""
    return re.compile("[" + "".join(re.escape(chr(k)) for k, v in _table().items() if not v) + "]")
