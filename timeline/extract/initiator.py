"""Who placed or asked for a contact, from explicit cues only.

Matching runs on the normalized text (see ``normalize.py``). The cues:

- "تلقى X اتصالا من Y", "اتصالا ... من Y": Y called;
- "أجرى X اتصالا بـ Y", "اتصل X بـ Y": X called ("أجرى اتصالا مع Y" only says that
  the two spoke, so it gives nothing);
- "بمبادرة من الجانب الفرنسي", "بطلب من X", "بناء على طلب X": that side asked.

A meeting's host (استقبل) is not its initiator. Where the cues disagree, or there is
none, the initiator is None rather than a guess.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

RECEIVE = re.compile(r"(?<!\w)[وف]?(?:تلقي|تلقت|يتلقي|تتلقي|تلقيا|استقبل هاتفيا)(?!\w)")
PLACE = re.compile(r"(?<!\w)[وف]?(?:اجري|اجرت|يجري|تجري|اجريا|اتصل|اتصلت)(?!\w)")
PHONED = re.compile(r"(?<!\w)[وف]?(?:هاتف|هاتفت|هاتفه|هاتفها)(?!\w)")
# "بمبادرة من الجانب الفرنسي", "بطلب من الرئيس ماكرون", "بناء على طلب من".
REQUEST = re.compile(
    r"(?<!\w)و?ب(?:مبادره|طلب)(?: من)?(?: (?:ال)?(?:جانب|طرف|رئيس|رئاسه))?"
    r"(?: (?P<adj>ال\w+))?"
    r"|(?<!\w)بناء علي طلب(?: من)?(?: (?:ال)?(?:جانب|طرف))?(?: (?P<adj2>ال\w+))?"
)


def link_initiator(
    link: str, before_norm: str, subject_country: str, object_country: str
) -> tuple[str | None, str]:
    """Initiator implied by how the object is attached to the trigger.

    ``link`` is the preposition before the object (من، ب، مع...), ``before_norm`` the
    normalized clause of the trigger up to its end, from just before the subject. Returns
    (country, cue name).
    """
    if RECEIVE.search(before_norm):
        return object_country, "received"
    if link == "من":
        return object_country, "from"
    if link == "ب" and PLACE.search(before_norm):
        return subject_country, "placed"
    if PHONED.search(before_norm):
        return subject_country, "placed"  # "هاتف الرئيس X نظيره Y": X called
    return None, ""


def request_initiator(
    sentence_norm: str,
    countries: set[str],
    side_countries: dict[int, str],
    demonyms: Mapping[str, str],
) -> tuple[str | None, int, int]:
    """Initiator from "بمبادرة من / بطلب من" in ``sentence_norm``.

    ``side_countries`` maps the normalized start offset (within the sentence) of each
    participant mention to its country, so that "بطلب من الرئيس ماكرون" can point at the
    mention that follows. ``demonyms`` maps a normalized demonym to its country code (the
    gazetteer's ``demonyms``), for "بمبادرة من الجانب الفرنسي". Returns (country, start,
    end) of the cue, or (None, -1, -1).
    """
    for match in REQUEST.finditer(sentence_norm):
        adjective = match.group("adj") or match.group("adj2")
        if adjective:
            code = demonyms.get(adjective)
            if code in countries:
                return code, match.start(), match.end()
        following = [pos for pos in side_countries if match.start() < pos <= match.end() + 25]
        if following:
            return side_countries[min(following)], match.start(), match.end()
    return None, -1, -1
