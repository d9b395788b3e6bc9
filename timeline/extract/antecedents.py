"""Who a sentence without parties of its own is about: the subject of a sentence before
("وأثنى في اتصال هاتفي مع الرئيس الإيراني"), the pair named before ("وأجرى الرئيسان
محادثتهما"), or the two leaders of an uncued sentence that "خلال اللقاء" goes back to.

``ctx`` is ``contacts.Context``: its sentences' spans and sides, and the normalized text.
"""

from __future__ import annotations

import re
from typing import Any

from timeline.extract.participants import Side
from timeline.extract.triggers import Trigger, find_triggers

# "الرئيسان", "الجانبان", dual verbs: the sentence refers back to a pair named earlier.
ANAPHOR = re.compile(
    r"(?<!\w)(?:ال|و?ال)?(?:رئيسان|رئيسين|زعيمان|زعيمين|جانبان|جانبين|طرفان|طرفين|"
    r"قائدان|قائدين|ملكان|زعماء)(?!\w)|(?:هما|تهما)(?!\w)|(?<!\w)(?:انهم|لهم|بينهم)(?!\w)"
)


def implicit_subject(ctx: Any, idx: int, obj: Side) -> Side | None:
    """ "وأثنى في اتصال هاتفي مع الرئيس الإيراني": the subject of an earlier sentence."""
    for j in (idx - 1, idx - 2, 0):
        if 0 <= j < idx:
            for side in ctx.sides[j]:
                if side.country != obj.country and not side.official:
                    return side
    return None


# "خلال اللقاء", "أثناء الاتصال": the contact the sentence before told.
_DURING = re.compile(r"(?<!\w)(?:خلال|اثناء)\s*$")


def during(ctx: Any, trig: Trigger) -> bool:
    word = ctx.norm_slice(trig.start, trig.end)
    before = ctx.norm_slice(max(0, trig.start - 12), trig.start)
    return word.startswith("ال") and bool(_DURING.search(before))


def uncued_pair(ctx: Any, idx: int) -> tuple[Side, Side] | None:
    """The two leaders a sentence names when it has no contact cue of its own (a cue
    would have told its own contact, and "خلال اللقاء" would refer to that)."""
    if idx < 0 or find_triggers(ctx.norm_slice(*ctx.spans[idx])):
        return None
    sides = [s for s in ctx.sides[idx] if not s.official]
    others = [s for s in sides[1:] if s.country != sides[0].country]
    return (sides[0], others[0]) if others and not any(s.official for s in ctx.sides[idx]) else None


def previous_pair(ctx: Any, idx: int, trig: Trigger) -> tuple[Side, Side] | None:
    """ "وأجرى الرئيسان محادثتهما عبر الفيديو": the pair named in an earlier sentence."""
    if trig.strength != "strong":
        return None
    s_start, s_end = ctx.spans[idx]
    if not ANAPHOR.search(ctx.norm_slice(s_start, s_end)):
        return None
    for j in (idx - 1, idx - 2, 0):
        if 0 <= j < idx:
            sides = [s for s in ctx.sides[j] if not s.official]
            for other in sides[1:]:
                if other.country != sides[0].country:
                    return sides[0], other
    return None
