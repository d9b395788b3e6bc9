"""Later, shorter references to a leader the article has named in full.

Once an article has named a leader ("صاحب الجلالة الملك محمد السادس"), it goes on with a bare
family name or titled short form ("موريسون", "سلمان"), or with an honorific and the bare title
of the office ("جلالة الملك", "جلالة السلطان", "فخامة الرئيس"). The gazetteer cannot tell who
those are on their own; the article can.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import Any

from timeline.extract.normalize import NormalizedText, normalize

# An honorific and a bare title, by office, normalized. A form stands for the leader of that
# office named before it; with two of them (two kings named), it stands for nobody.
_HONORIFIC_TITLES = {
    "king": ("جلاله الملك", "جلاله العاهل"),
    "sultan": ("جلاله السلطان",),
    "emir": ("سمو امير البلاد", "صاحب السمو امير البلاد"),
    "crown_prince": ("سمو ولي العهد",),
    "president": ("فخامه الرئيس",),
    "prime_minister": ("دوله رئيس الوزراء", "دوله رئيس مجلس الوزراء"),
}


def with_short_names(nt: NormalizedText, mentions: list, on: dt.date | None = None) -> list:
    """``mentions`` and the later short references to the leaders they name in full, sorted
    by position. ``on`` (the publication date) says which office a leader holds."""
    named = {}
    for mention in mentions:
        leader = mention.leader
        if mention.kind == "name" and leader is not None and not leader.candidate:
            named.setdefault(leader.slug, mention)
    owners = _owners(list(named.values()), on)
    if not owners:
        return sorted(mentions, key=lambda m: (m.start, -m.end))
    text = nt.original
    taken = [(m.start, m.end) for m in mentions]
    forms = "|".join(re.escape(f) for f in sorted(owners, key=len, reverse=True))
    extra = []
    for match in re.finditer(rf"(?<!\w)(?:[وف]?[بل]?)({forms})(?!\w)", nt.norm):
        # Like the gazetteer's, the mention leaves a clitic out: "وبترامب" is و + ب + ترامب.
        start, end = nt.span(match.start(1), match.end())
        earlier = [first for first in owners[match.group(1)] if first.start < start]
        if len(earlier) != 1 or any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        first = earlier[0]
        extra.append(replace(first, start=start, end=end, text=text[start:end], title_start=start))
    return sorted([*mentions, *extra], key=lambda m: (m.start, -m.end))


def _owners(firsts: list, on: dt.date | None) -> dict[str, list]:
    """Each short form with the first full mentions of the leaders it may stand for."""
    owners: dict[str, list] = {}
    for first in firsts:
        forms = set(short_forms(first.leader))
        for office in _offices(first.leader, on):
            forms.update(_HONORIFIC_TITLES.get(office, ()))
        for form in forms:
            owners.setdefault(form, []).append(first)
    return owners


def short_forms(leader: Any) -> list[str]:
    """A leader's titled aliases and family name, normalized, longest first."""
    forms = {normalize(a) for a in getattr(leader, "titled_aliases_ar", ())}
    words = normalize(leader.name_ar).split()
    if len(words) > 1 and len(words[-1]) >= 4:
        forms.add(words[-1])
    return sorted((f for f in forms if len(f) >= 3), key=len, reverse=True)


def _offices(leader: Any, on: dt.date | None) -> set[str]:
    """The offices ``leader`` holds on ``on`` (any of theirs when it is unknown)."""
    terms = getattr(leader, "terms", None)
    if terms is None:  # a record with one office and no terms (the tests' stand-ins)
        office = getattr(leader, "office", None)
        return {office} if office else set()
    return {t.office for t in terms if on is None or t.covers(on)}
