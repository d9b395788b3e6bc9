"""Who takes part in a contact: leader mentions grouped into sides around a trigger.

A *side* is one person as the sentence names them, possibly in several adjacent mentions
("الرئيس الروسي" + "فلاديمير بوتين"). Arabic news reports a contact as

    [verb] SUBJECT [trigger] (مع|بـ|من) OBJECT (و OBJECT2 ...)    أجرى X اتصالا بـ Y
    SUBJECT و OBJECT [verb] في [trigger]                         X و Y يبحثان في اتصال
    [verb] SUBJECT مع OBJECT [trigger]                           بحث X مع Y هاتفيا
    [verb-trigger] SUBJECT OBJECT                                استقبل X Y
    [trigger] بين SUBJECT و OBJECT                               اتصال هاتفي بين X وY
    خلال [trigger] مع OBJECT [verb] SUBJECT                      خلال اتصال مع X دعا Y

Only the clause after a complementizer counts when it names both parties ("قال المتحدث
إن X ..."). Officials (ministers, vice presidents, envoys) are sides too, so that a
minister's call is recognised and rejected rather than silently re-paired; whoever
speaks for a leader (مكتب، المتحدث باسم) is dropped: they report, they do not take part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from timeline.extract.date_patterns import RX as DATE_RX
from timeline.extract.date_patterns import WEEKDAY_NUMBERS
from timeline.extract.normalize import normalize

LEADER_KINDS = ("name", "title", "counterpart", "candidate")
# A leader's title after one of these words names someone else's office ("نائب الرئيس
# الأمريكي", "مستشار الرئيس").
_SUBORDINATE = re.compile(
    r"(?<!\w)[وف]?(?:نائب|نواب|مستشار|مستشاره|مساعد|وزير|وزيره|مبعوث|سفير|ممثل)\s*$"
)
# "مكتب ماكرون", "المتحدث باسم رئيس الوزراء": whoever speaks for a leader reports a
# contact but takes no part in it, so the mention is dropped rather than made an official.
_REPORTER = re.compile(
    r"(?<!\w)[وف]?(?:ال)?(?:مكتب|ديوان|المتحدث باسم|متحدث باسم|الناطق باسم|ناطق باسم|"
    r"حكومه|زوجه|عقيله|نجل|ابن|ابنه|صهر|شقيق|حرم|مقر|قصر)\s*$"
)
# Between a trigger and its object: a few words (time, "هاتفيا") then a preposition; "معه"
# closes a relative clause whose agent is the object ("في اتصال هاتفي أجراه معه الرئيس X").
_LINK = re.compile(
    r"^[\s,،\-–]*(?P<fill>(?:[^\s.]+[\s,،]+)*?)(?P<link>مع(?:ه|ها)?|من|الي|بين|ب|ل|و?ب)?\s*$"
)
# After these the topic follows, not the other party ("أعربا عن قلقهما حيال تصريحات بوتين").
_TOPIC_PREPOSITION = re.compile(r"(?<!\w)(?:عن|حول|حيال|بشان|تجاه|ازاء|ضد|علي|بخصوص)(?!\w)")
# "محادثات على انفراد مع نظيره": how they talked, not what about; "على" here opens no topic.
_MANNER = re.compile(r"(?<!\w)(?:علي (?:انفراد|حده)|مغلقه|ثنائيه|موسعه)(?!\w)")
_SENTENCE_END = re.compile(r"[.!?؟]")
_COORD = re.compile(r"^[\s,،]*(?:و|وكذلك|وايضا|ثم|كما)\s*(?:مع|ب|من)?\s*$")
# "أمير دولة قطر الشقيقة ومن أخيه حضرة صاحب الجلالة": the adjective after a country, then
# kinship and honorifics (``_HONORIFICS``) before the next name.
_KIN_ADJECTIVE = re.compile(r"^\s*ال(?:شقيق|صديق)(?:ه|ين|تين)?(?!\w)")

# An appositive title or a blessing after a name belongs to it ("محمد بن سلمان ولي العهد رئيس
# مجلس الوزراء - حفظه الله -", "حمد بن عيسى ملك البلاد المعظم، حفظه الله ورعاه،"): Gulf
# agencies write them between the parties, and they must not push the other party out of reach.
_APPOSITION = re.compile(
    r"(?<!\w)(?:ولي العهد|رئيس (?:مجلس )?(?:الوزراء|الدوله|الجمهوريه)|"
    r"(?:ملك|امير|رئيس|سلطان|عاهل) البلاد)(?: (?:المعظم|المفدي))?(?!\w)"
    r"|(?<!\w)(?:حفظه|حفظها|يحفظه|نصره|ايده|رعاه) الله(?: و(?:رعاه|ايده))?(?!\w)"
    r'|[\-–—"«»“”]'
)


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
    """ "X و Y", "X وY", "X والرئيس Y": two people, not one."""
    gap_n, head = normalize(gap), normalize(mention_text[:4])
    return bool(
        re.search(r"(?:^|\s)و(?:\s|$)", gap_n)
        or gap_n.rstrip().endswith("و")
        or (head.startswith(("وال", "وول", "وب", "ول")) and not head.startswith("ولي "))
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
            and not _SENTENCE_END.search(gap)  # "... ماكرون. والتقى ماكرون": a new sentence
            # "مكتب نتنياهو: رئيس الوزراء بحث": who speaks, then what the leader did.
            and ":" not in gap
            and not COMPLEMENTIZER.search(normalize(gap))
            and not _conjoined(gap, mention.text)
        ):
            prev.mentions.append(mention)
            prev.end = max(prev.end, mention.end)
            continue
        sides.append(Side([mention], mention.start, mention.end))
    return sides


# "نقل إليه تحيات صاحب السمو الشيخ X": X sent greetings through someone else and takes no
# part in the contact; honorifics may stand between.
_GREETINGS = re.compile(r"(?<!\w)(?:تحيات|تحياته|تحياتها|تمنيات|تهاني)(?:\s+\S+){0,3}\s*$")


def role_before(text: str, side: Side) -> str:
    """ "official" for "نائب الرئيس الأمريكي" (the title names someone else's office),
    "reporter" for "مكتب ماكرون" or "تحيات الرئيس", "" when the side stands for the leader."""
    before = normalize(text[max(0, side.start - 25) : side.start])
    if _SUBORDINATE.search(before):
        return "official"
    if _REPORTER.search(before) or _greeter(before):
        return "reporter"
    return ""


def _greeter(before: str) -> bool:
    match = _GREETINGS.search(before)
    between = match.group(0).split()[1:] if match else []
    return bool(match) and all(_HONORIFICS.fullmatch(" " + word) for word in between)


# Kinship and honorifics between a preposition and a name: "من أخيه فخامة الرئيس".
_HONORIFICS = re.compile(
    r"(?:\s+(?:ب|ل)?(?:اخيه|اخاه|اخوه|اخيها|شقيقه|صديقه|فخامه|سمو|جلاله|صاحب|السمو|"
    r"الجلاله|الفخامه|دوله|معالي|حضره|الملكي|الامير|الشيخ))+\s*$"
)


def object_link(norm_gap: str, mention_head: str = "", reach: int = 4) -> str | None:
    """The preposition linking a trigger to the side after it, or None if not linked.

    ``mention_head`` is the start of the side's own text. Mentions leave a clitic preposition
    in the gap ("بنظيره" gives "ب" + "نظيره"), except ل fused with the article ("للرئيس"); a
    name may itself start with ب or ل (بزشكيان، ليز تراس).
    """
    norm_gap = _MANNER.sub(" ", _APPOSITION.sub(" ", _without_dates(norm_gap)))
    bare = _HONORIFICS.sub(" ", " " + norm_gap)
    if bare != " " + norm_gap:
        # "بأخيه صاحب السمو": the preposition may sit on the honorific.
        head = _HONORIFICS.search(" " + norm_gap).group(0).split()[0]
        norm_gap = bare + (head[0] if head[0] in "بل" else "")
    match = _LINK.match(norm_gap)
    if not match or len(match.group("fill").split()) > reach or _TOPIC_PREPOSITION.search(norm_gap):
        return None
    link = match.group("link")
    if link and link.startswith("مع"):
        link = "مع"  # "أجراه معه X": X is the other party, and whether X called is not said
    if re.search(r"(?<!\w)جمع\w*", norm_gap):
        return "مع"  # "اتصالا هاتفيا جمعه بأمير قطر": brought together, nobody called
    if link:
        return link
    if re.search(r"(?:فيه|خلاله|فيها|خلالها)\s*$", norm_gap):
        return ""  # "بعد اتصال هاتفي أكد فيه الرئيس X": X took part
    if normalize(mention_head[:2]) == "لل":
        return "ل"  # "للرئيس": ل fused with the article stays in the mention
    # Verb-subject-object ("استقبل X في قصره Y") or a verb, a time and its object ("التقى صباح
    # الخميس Y"), with one "في" phrase more ("التقى أمس الأربعاء في الدوحة Y", "التقى في وقت
    # سابق اليوم Y"): the object needs no preposition.
    fill = _IN_PHRASE.sub(" ", match.group("fill"), count=1)
    return "" if reach > 4 or len(fill.split()) <= 2 else None


def _without_dates(norm_gap: str) -> str:
    """The gap with its dates taken out ("مساء أمس الأحد 28 رمضان 1445ه الموافق 7 أبريل
    2024م" whole): when the object came is not who it is, nor a reason to look no further."""
    if not _MAY_HOLD_DATE.search(norm_gap):
        return norm_gap  # most gaps: four patterns spared
    for kind in ("weekday", "hijri", "gregorian", "numeric"):
        norm_gap = DATE_RX[kind].sub(" § ", norm_gap)
    return _DATE_BRIDGE.sub(" ", norm_gap).replace("§", " ")


_MAY_HOLD_DATE = re.compile(r"\d|" + "|".join(sorted(WEEKDAY_NUMBERS, key=len, reverse=True)))
_DATE_BRIDGE = re.compile(r"§\s*(?:الموافق|الموافقه|الموافق ل)?\s*(?=§)")


# "في الدوحة", "في وقت سابق": where or when, between a verb and its object.
_IN_PHRASE = re.compile(r"(?<!\w)في \S+")

# "الرئيسين الأميركي X والكوري الشمالي Y": the second demonym opens the second name.
_COORD_DEMONYM = re.compile(r"^[\s,،]*و(?:ال\S+(?:ي|يه))(?:\s+ال\S+(?:ي|يه))?\s*$")


def is_coordinated(norm_gap: str) -> bool:
    norm_gap = _HONORIFICS.sub(" ", _KIN_ADJECTIVE.sub("", norm_gap))
    return (bool(_COORD.match(norm_gap)) and len(norm_gap) <= 20) or bool(
        _COORD_DEMONYM.match(norm_gap)
    )


# "ورئيس الوزراء البلجيكي ألكسندر دي كرو، والمستشار النمساوي ...": the name after a title
# may be one the table does not know; the list goes on after it.
_UNKNOWN_NAME = re.compile(r"^\s+(?:(?!ال)[^\W\d_]+\s+){0,2}(?!ال)[^\W\d_]+(?=\s*[,،]\s*و)")


@dataclass
class Pairing:
    subject: Side | None
    objects: list[tuple[Side, str]]  # (side, link word)


def _linked_objects(
    text: str, anchor: int, after: list[Side], reach: int = 4
) -> list[tuple[Side, str]]:
    """The side right after ``anchor`` when a preposition links it, and those coordinated
    with it ("مع X وY"). ``reach``: how many words (time, place) may come between."""
    if not after:
        return []
    link = object_link(normalize(text[anchor : after[0].start]), after[0].best.text, reach)
    if link is None:
        return []
    objects = [(after[0], link)]
    prev = after[0]
    for side in after[1:]:
        gap = text[prev.end : side.start]
        norm_gap = normalize(gap)
        if prev.best.kind in ("title", "counterpart"):
            norm_gap = _UNKNOWN_NAME.sub("", norm_gap, count=1)
        if not (is_coordinated(norm_gap) or (not gap.strip() and side.best.text[:1] == "و")):
            break
        objects.append((side, link))
        prev = side
    return objects


# "قال المتحدث باسم الرئاسة إن الرئيس X تحدث هاتفيا مع Y": the contact is in the clause
# after the complementizer; whoever speaks before it reports it.
COMPLEMENTIZER = re.compile(r"(?<!\w)[وف]?(?:ب)?[اإأ]ن(?:ه|ها)?(?!\w)")


def _reported_clause(text: str, before: list[Side], t_start: int) -> list[Side]:
    if len(before) < 2:
        return before
    for side in before[1:]:
        gap = text[before[0].end : side.start]
        if COMPLEMENTIZER.search(normalize(gap)):
            rest = [s for s in before if s.start >= side.start]
            # Cut only when the clause still names both parties; "أعلن ترامب أن الملك
            # سلمان وافق ... إثر مكالمة بينهما": the speaker is one of them.
            if len({s.country for s in rest}) >= 2 or before[0].official:
                return rest
            return before
    return before


def pair_sides(
    text: str, sides: list[Side], t_start: int, t_end: int, *, verb: bool = False
) -> Pairing:
    """Subject and objects of a trigger at ``text[t_start:t_end]`` among ``sides``.

    ``verb`` is True when the trigger is itself the verb ("استقبل X Y", "اتصل X بـY"):
    with nobody named before it, the subject follows it (verb-subject-object order).
    """
    before = _reported_clause(text, [s for s in sides if s.end <= t_start], t_start)
    after = [s for s in sides if s.start >= t_end]
    if not before and verb and after:
        gap = normalize(text[t_end : after[0].start])
        link = object_link(gap, after[0].best.text)
        if len(gap.split()) <= 2 and not link:
            objects = _linked_objects(text, after[0].end, after[1:], reach=10)
            return Pairing(after[0], objects)
    objects = _linked_objects(text, t_end, after)
    named = {side.country for side in before if not side.official}
    if before and {side.country for side, _ in objects} <= named:
        # "تحدث الرئيسان X وY هاتفيا، الجمعة، ودعا X ...": whoever follows was named before.
        objects = []
    if objects and objects[0][1] == "بين" and len(objects) >= 2:
        return Pairing(objects[0][0], objects[1:])  # "اتصال هاتفي بين X وY"
    if not before and objects:
        # "وخلال اتصالات هاتفية مع X دعا Y وZ ...": the subject follows the fronted phrase,
        # after its verb; a title right after X ("ولي عهد أبوظبي نائب القائد الأعلى") is X's.
        rest = [s for s in after if s.start >= objects[-1][0].end]
        subjects = _linked_objects(text, objects[-1][0].end, rest, reach=6)
        if subjects and not re.search(r"\w", text[objects[-1][0].end : rest[0].start]):
            subjects = []
        if subjects:
            return Pairing(objects[0][0], [(side, "") for side, _ in subjects])
    if before and not objects:
        # "بحث X مع Y هاتفيا", "ناقش كل من X وY وZ ... في اتصالات هاتفية منفصلة": the
        # parties are the people joined to the one nearest the trigger.
        chain = _chain_before(text, before)
        subject = chain[0][0]
        objects = [(side, link) for side, link in chain[1:] if side.country != subject.country]
        return Pairing(subject, objects)
    subject = before[0] if before else None
    if len(before) > 1 and before[-1].official and not _attending(text, before[-1]):
        # "تزامنت المكالمة بين X وY مع زيارة الوزير بومبيو ولقاء الملك": the official
        # nearest the trigger is who met the king.
        subject = before[-1]
    return Pairing(subject, objects)


def _attending(text: str, side: Side) -> bool:
    """ "بحضور وزير الخارجية": an official present at the leader's contact."""
    before = normalize(text[max(0, side.start - 15) : side.start])
    return bool(re.search(r"(?:بحضور|بمشاركه|يرافقه|رافقه|ويرافقه|برفقه)\s*$", before))


# "X وY", "X تباحث مع Y", "X أبلغ Y", "X هنأ، الثلاثاء، Y" (a verb, a time, then Y).
_JOINED = re.compile(r"^[\s,،]*(?:[^\s,،]+[\s,،]+){0,3}?(?:و|مع|وكذلك|ل|ب|الي)?\s*$")


def _joined(gap: str, next_text: str) -> bool:
    """ "X وY", "X، والرئيس Y", "X تباحث مع Y": two parties of one contact."""
    gap = _APPOSITION.sub(" ", gap)
    if next_text.startswith("و") and len(gap.split()) <= 2:
        return True
    return bool(_JOINED.match(gap))


def _chain_before(text: str, before: list[Side]) -> list[tuple[Side, str]]:
    """The run of sides joined by "و" / "مع" that ends with the side nearest the trigger."""
    chain = [before[-1]]
    for side in reversed(before[:-1]):
        if not _joined(normalize(text[side.end : chain[0].start]), chain[0].best.text):
            break
        chain.insert(0, side)
    return [(side, "") for side in chain]
