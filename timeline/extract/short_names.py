"""Later, shorter references to a leader the article has named in full.

Once an article has named a leader ("صاحب الجلالة الملك محمد السادس"), it goes on with a bare
family name or titled short form ("موريسون", "سلمان"), or with an honorific and the bare title
of the office ("جلالة الملك", "جلالة السلطان", "فخامة الرئيس"), or with the honorific as a
pronoun ("تلقى سموه", "هنأ جلالته"). The gazetteer cannot tell who those are on their own; the
article can.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from dataclasses import replace
from typing import Any

from timeline.extract.normalize import NormalizedText, normalize

# An honorific and a bare title, by office, normalized. A form stands for the leader of that
# office named before it; with two of them (two kings named), it stands for nobody.
_HONORIFIC_TITLES = {
    "king": ("جلاله الملك", "جلاله العاهل"),
    "sultan": ("جلاله السلطان",),
    "emir": ("سمو امير البلاد", "صاحب السمو امير البلاد", "سمو الامير", "صاحب السمو الامير"),
    "crown_prince": ("سمو ولي العهد",),
    "president": ("فخامه الرئيس", "فخامه رئيس الجمهوريه"),
    "prime_minister": ("دوله رئيس الوزراء", "دوله رئيس مجلس الوزراء"),
}
# Honorific titles of one country's office: the UAE's agencies name their president "صاحب السمو
# رئيس الدولة" after the first mention, which no other president is called.
_COUNTRY_HONORIFIC_TITLES = {
    ("AE", "president"): ("صاحب السمو رئيس الدوله", "سمو رئيس الدوله"),
}
# "الأمير" is the title of every prince, so "سمو الأمير" followed by a name is someone the table
# may not know ("سمو الأمير فيصل بن فرحان"): it stands for the emir only before an adjective,
# a conjunction, punctuation or a blessing ("سمو الأمير المفدى"، "سمو الأمير حفظه الله").
_PRINCE = "الامير"
_NAME_AFTER = re.compile(r"\s+(?!ال|و|(?:حفظه|يحفظه|ايده|رعاه|نصره)(?!\w))[^\W\d_]{2,}")
# The honorific as a pronoun, by the honorific words that must come with the leader's full
# mention: "تلقى سموه" is the leader the article named "صاحب السمو".
_HONORIFIC_PRONOUNS = {
    "سموه": ("سمو", "السمو"),
    "جلالته": ("جلاله", "الجلاله"),
    "فخامته": ("فخامه", "الفخامه"),
    # "تلقى سيادة الرئيس محمود عباس ... وكان سيادته قد تلقى" (WAFA). Not "دولته": "his
    # state" far more often than "His Excellency the prime minister".
    "سيادته": ("سياده",),
}
_HONORIFIC_REACH = 3  # words before a full mention where its honorific may stand

# "مكتب نتنياهو: رئيس الوزراء بحث ...", "قال ديوان X إن الملك ...": whoever speaks for a
# leader names him, then goes on with the bare title of his office, which is him.
_SPOKESMAN = re.compile(
    r"(?<!\w)[وف]?(?:ال)?(?:مكتب|ديوان|(?:ال)?(?:متحدث|ناطق)(?: الرسمي)? باسم)\s*$"
)
_BARE_TITLES = {
    "president": ("الرئيس",),
    "prime_minister": ("رئيس الوزراء", "رئيس الحكومه", "رئيس مجلس الوزراء", "رئيسه الوزراء"),
    "chancellor": ("المستشار", "المستشاره"),
    "king": ("الملك", "العاهل"),
    "emir": ("الامير", "امير البلاد"),
    "sultan": ("السلطان",),
}
_SAID = re.compile(r"\s*(?:[:\-–]|[،,]?\s*(?:ب)?ان)\s*[\"«“]?\s*")


def with_short_names(nt: NormalizedText, mentions: list, on: dt.date | None = None) -> list:
    """``mentions`` and the later short references to the leaders they name in full, sorted
    by position. ``on`` (the publication date) says which office a leader holds."""
    full = [
        m for m in mentions if m.kind == "name" and m.leader is not None and not m.leader.candidate
    ]
    named = {}
    for mention in full:
        named.setdefault(mention.leader.slug, mention)
    owners = _owners(list(named.values()), on)
    for form, firsts in _pronoun_owners(nt.original, full, on).items():
        owners.setdefault(form, []).extend(firsts)
    taken = [(m.start, m.end) for m in mentions]
    extra = _spoken_for(nt, full, on, taken)
    if not owners:
        return sorted([*mentions, *extra], key=lambda m: (m.start, -m.end))
    text = nt.original
    forms = "|".join(re.escape(f) for f in sorted(owners, key=len, reverse=True))
    for match in re.finditer(rf"(?<!\w)(?:[وف]?[بل]?)({forms})(?!\w)", nt.norm):
        # Like the gazetteer's, the mention leaves a clitic out: "وبترامب" is و + ب + ترامب.
        start, end = nt.span(match.start(1), match.end())
        earlier = [first for first in owners[match.group(1)] if first.start < start]
        if len(earlier) != 1 or _overlaps(start, end, taken):
            continue
        if match.group(1).endswith(_PRINCE) and _NAME_AFTER.match(nt.norm, match.end()):
            continue
        taken.append((start, end))
        extra.append(_again(earlier[0], text, start, end))
    return sorted([*mentions, *extra], key=lambda m: (m.start, -m.end))


def _spoken_for(
    nt: NormalizedText, full: list, on: dt.date | None, taken: list[tuple[int, int]]
) -> list:
    """The bare titles that a leader's office or spokesman goes on with after naming him."""
    extra = []
    for first in full:
        n_start, n_end = bisect_left(nt.index, first.start), bisect_left(nt.index, first.end)
        if not _SPOKESMAN.search(nt.norm[max(0, n_start - 30) : n_start]):
            continue
        said = _SAID.match(nt.norm, n_end)
        titles = {t for office in _offices(first.leader, on) for t in _BARE_TITLES.get(office, ())}
        if not said or not titles:
            continue
        forms = "|".join(sorted(titles, key=len, reverse=True))
        title = re.compile(rf"(?:{forms})(?!\w)").match(nt.norm, said.end())
        if title is None:
            continue
        start, end = nt.span(title.start(), title.end())
        if _overlaps(start, end, taken):
            continue  # "مكتب ماكرون: الرئيس الفرنسي": the table names that title already
        taken.append((start, end))
        extra.append(_again(first, nt.original, start, end))
    return extra


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in taken)


def _again(first: Any, text: str, start: int, end: int) -> Any:
    """The leader of mention ``first``, mentioned again at ``start:end`` of ``text``."""
    return replace(first, start=start, end=end, text=text[start:end], title_start=start)


def _owners(firsts: list, on: dt.date | None) -> dict[str, list]:
    """Each short form with the first full mentions of the leaders it may stand for."""
    owners: dict[str, list] = {}
    for first in firsts:
        forms = set(short_forms(first.leader))
        for office in _offices(first.leader, on):
            forms.update(_HONORIFIC_TITLES.get(office, ()))
            forms.update(_COUNTRY_HONORIFIC_TITLES.get((first.leader.country, office), ()))
        for form in forms:
            owners.setdefault(form, []).append(first)
    return owners


def _pronoun_owners(text: str, full: list, on: dt.date | None) -> dict[str, list]:
    """Each honorific pronoun with, per leader, the first full mention that carries its
    honorific, in the mention or just before it ("حضرة صاحب السمو أمير البلاد الشيخ صباح").
    A headline may name the leader bare and the body with the honorific: any mention counts.
    A leader out of office on ``on`` owns none: in "تقبل جلالة السلطان هيثم التعازي في وفاة
    جلالة السلطان قابوس ... فقد استقبل جلالته" the late sultan receives nobody."""
    owners: dict[str, dict[str, Any]] = {}
    for mention in full:
        if not _offices(mention.leader, on):
            continue
        before = normalize(text[max(0, mention.start - 40) : mention.start]).split()
        words = set(before[-_HONORIFIC_REACH:]) | set(normalize(mention.text).split())
        for form, honorifics in _HONORIFIC_PRONOUNS.items():
            if words & set(honorifics):
                owners.setdefault(form, {}).setdefault(mention.leader.slug, mention)
    return {form: list(firsts.values()) for form, firsts in owners.items()}


def short_forms(leader: Any) -> list[str]:
    """A leader's titled aliases and family name, normalized, longest first."""
    forms = {normalize(a) for a in getattr(leader, "titled_aliases_ar", ())}
    words = normalize(leader.name_ar).split()
    if len(words) > 1 and len(words[-1]) >= 4:
        forms.add(words[-1])
    # Two letters are enough for a titled alias the table lists ("شي" for Xi Jinping): the
    # form stands for the leader only after the full name in the same article.
    return sorted((f for f in forms if len(f) >= 2), key=len, reverse=True)


def _offices(leader: Any, on: dt.date | None) -> set[str]:
    """The offices ``leader`` holds on ``on`` (any of theirs when it is unknown)."""
    terms = getattr(leader, "terms", None)
    if terms is None:  # a record with one office and no terms (the tests' stand-ins)
        office = getattr(leader, "office", None)
        return {office} if office else set()
    return {t.office for t in terms if on is None or t.covers(on)}
