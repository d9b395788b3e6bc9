"""Who takes part in a contact: leader mentions grouped into sides around a trigger.

A *side* is one person as the sentence names them, possibly in several adjacent mentions
("الرئيس الروسي" + "فلاديمير بوتين"). Arabic news reports a contact as

    [verb] SUBJECT [trigger] (مع|بـ|من) OBJECT (و OBJECT2 ...)
    SUBJECT و OBJECT [verb] في [trigger]
    [verb] SUBJECT مع OBJECT [trigger]

so the subject is the first side of the sentence before the trigger, and the object is
the side the trigger introduces with a preposition, else the nearest other side before
it. Officials (ministers, vice presidents, envoys, spokesmen) are sides too, so that a
minister's call is recognised and rejected rather than silently re-paired.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from timeline.extract.normalize import normalize

LEADER_KINDS = ("name", "title", "counterpart", "candidate")
# A leader's title after one of these words names someone else ("نائب الرئيس الأمريكي",
# "المتحدث باسم رئيس الوزراء", "صهر ترامب").
_SUBORDINATE = re.compile(
    r"(?:نائب|نواب|مستشار|مستشاره|مساعد|وزير|وزيره|مبعوث|سفير|المتحدث باسم|متحدث باسم|"
    r"الناطق باسم|ناطق باسم|مكتب|ديوان|زوجه|عقيله|نجل|ابن|ابنه|صهر|شقيق|حرم|ممثل|"
    r"رئيس ديوان|حكومه)\s*$"
)
# Between a trigger and its object: a few words (time, "هاتفيا") then a preposition.
_LINK = re.compile(
    r"^[\s,،\-–]*(?:(?:[^\s،,.]+\s+){0,5}?)(?P<link>مع|من|الي|ب|ل|و?ب)?\s*$"
)
_COORD = re.compile(r"^[\s,،]*(?:و|وكذلك|وايضا|ثم|كما)\s*(?:مع|ب)?\s*$")


@dataclass
class Side:
    mentions: list[Any]  # leaders.Mention
    start: int
    end: int

    @property
    def best(self) -> Any:
        """The most specific mention: a named leader over a bare title."""
        for kind in ("name", "candidate", "title", "counterpart", "official"):
            for mention in self.mentions:
                if mention.kind == kind:
                    return mention
        return self.mentions[0]

    @property
    def country(self) -> str | None:
        return self.best.country

    @property
    def official(self) -> bool:
        return any(m.kind == "official" for m in self.mentions)


def _key(mention: Any) -> Any:
    leader = mention.leader
    return getattr(leader, "slug", None) if leader is not None else None


def _same_person(a: Any, b: Any) -> bool:
    if a.country != b.country:
        return False
    ka, kb = _key(a), _key(b)
    return ka is None or kb is None or ka == kb


def _conjoined(gap: str, mention_text: str) -> bool:
    """"X و Y", "X وY", "X والرئيس Y": two people, not one."""
    gap_n, head = normalize(gap), normalize(mention_text[:4])
    return bool(
        re.search(r"(?:^|\s)و(?:\s|$)", gap_n)
        or gap_n.rstrip().endswith("و")
        or head.startswith(("وال", "وول", "وب", "ول"))
        and not head.startswith("ولي ")
    )


def build_sides(text: str, mentions: list[Any]) -> list[Side]:
    """Group adjacent mentions of one person into sides."""
    sides: list[Side] = []
    for mention in mentions:
        if mention.kind not in LEADER_KINDS and mention.kind != "official":
            continue
        prev = sides[-1] if sides else None
        if prev is not None and mention.start < prev.end:
            prev.mentions.append(mention)  # nested or overlapping: one person
            prev.end = max(prev.end, mention.end)
            continue
        gap = text[prev.end : mention.start] if prev else ""
        if (
            prev is not None
            and _same_person(prev.best, mention)
            and len(gap.split()) <= 2
            and "\n" not in gap
            and not _conjoined(gap, mention.text)
        ):
            prev.mentions.append(mention)
            prev.end = max(prev.end, mention.end)
            continue
        sides.append(Side([mention], mention.start, mention.end))
    return sides


def is_subordinate(text: str, side: Side) -> bool:
    """"نائب الرئيس الأمريكي": the title belongs to someone else's office."""
    before = normalize(text[max(0, side.start - 25) : side.start])
    return bool(_SUBORDINATE.search(before))


def object_link(norm_gap: str) -> str | None:
    """The preposition linking a trigger to the side after it, or None if not linked."""
    match = _LINK.match(norm_gap)
    if not match or len(norm_gap) > 60:
        return None
    return match.group("link") or ""


def is_coordinated(norm_gap: str) -> bool:
    return bool(_COORD.match(norm_gap)) and len(norm_gap) <= 20


@dataclass
class Pairing:
    subject: Side | None
    objects: list[tuple[Side, str]]  # (side, link word)


def _linked_objects(text: str, anchor: int, after: list[Side]) -> list[tuple[Side, str]]:
    """The side right after ``anchor`` when a preposition links it, and those coordinated
    with it ("مع X وY")."""
    if not after:
        return []
    link = object_link(normalize(text[anchor : after[0].start]))
    if link is None:
        return []
    objects = [(after[0], link)]
    prev = after[0]
    for side in after[1:]:
        if not is_coordinated(normalize(text[prev.end : side.start])):
            break
        objects.append((side, link))
        prev = side
    return objects


def pair_sides(
    text: str, sides: list[Side], t_start: int, t_end: int, *, verb: bool = False
) -> Pairing:
    """Subject and objects of a trigger at ``text[t_start:t_end]`` among ``sides``.

    ``verb`` is True when the trigger is itself the verb ("استقبل X Y", "اتصل X بـY"):
    with nobody named before it, the subject follows it (verb-subject-object order).
    """
    before = [s for s in sides if s.end <= t_start]
    after = [s for s in sides if s.start >= t_end]
    if not before and verb and after:
        gap = normalize(text[t_end : after[0].start])
        if len(gap.split()) <= 2:
            return Pairing(after[0], _linked_objects(text, after[0].end, after[1:]))
    objects = _linked_objects(text, t_end, after)
    subject = before[0] if before else None
    if subject is not None and not objects:
        others = [s for s in before[1:] if s.country != subject.country]
        if others:
            gap = normalize(text[subject.end : others[-1].start])
            objects.append((others[-1], "مع" if re.search(r"(?<!\w)مع(?!\w)", gap) else ""))
    return Pairing(subject, objects)
