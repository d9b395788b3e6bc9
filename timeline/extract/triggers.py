"""Words that report a contact between two people, and words that cancel such a report.

Everything here matches the *normalized* text (``normalize.py``: no diacritics or
tatweel, أ/إ/آ -> ا, ى -> ي, ة -> ه), so patterns are written in that form.

A ``Trigger`` is one cue with its medium and strength:

- ``strong`` cues name the medium outright (اتصال هاتفي، عبر الفيديو، استقبل، التقى);
- ``weak`` cues are generic talk nouns (المحادثات، الاتصال، المباحثات) that usually refer
  back to a contact named elsewhere: they add evidence and topics to a contact of the
  same participants but only found one when nothing stronger is around.

``blocker(sentence, trigger)`` says why a trigger does not report a contact that took
place: planned or proposed (سيجري، من المقرر، يعتزم، دعا إلى عقد), denied (نفى) or
called false ("عار من الصحة", "نفى ما تداولته المواقع عن اتصال ..."), a prank (مقلب، انتحل), or
a time reference ("قبل قمة", "بعد لقاء"). ``is_background`` spots contacts mentioned as
background (كان قد، سبق أن، في وقت سابق).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Clitics that may stick to a cue word: conjunction, then preposition, then article.
_PRE = r"(?<!\w)(?:[وف]?(?:[بلك]?ال|لل|[بلك])?)"
_END = r"(?!\w)"


@dataclass(frozen=True)
class Trigger:
    """A cue at ``norm[start:end]`` of the normalized text."""

    medium: str
    start: int
    end: int
    strength: str  # strong | weak
    cue: str  # the cue family: call, receive, place, video, meet, receive_guest, ...


def _words(*alternatives: str) -> str:
    return "(?:" + "|".join(alternatives) + ")"


_PHONE_STRONG = _words(
    r"اتصال(?:ا|ات|ين|ان)? ?(?:ال)?هاتفي(?:ا|ه|ين|ان|تين)?",
    r"(?:مكالم|محادث)(?:ه|ات|تين|تان)? (?:ال)?هاتفي(?:ه|ات|تين|تان)?",
    r"محادث(?:تين|تان) (?:عبر ال|بال)هاتف",
    r"(?:مباحثات|محادثات) هاتفيه",
    r"هاتفيا",
    r"(?:عبر ال|بال|ب)هاتف",
    r"مكالم(?:ه|ات|تين|تان)",
    r"اتصالا|اتصالين|اتصال",  # indefinite: "أجرى/تلقى اتصالا", "خلال اتصال", "اتصالا مماثلا"
)
_PHONE_VERB = r"(?:اتصل|اتصلت|اتصلا|هاتف|هاتفت|هاتفه|هاتفها)"
_PHONE_WEAK = _words(r"الاتصال|اتصال(?:ه|ها|هما|ات)", r"محادث(?:ه|ته|تهما|تها)")
_VIDEO = _words(
    r"(?:مكالم|محادث)(?:ه|ات)(?: عبر)? (?:ال)?(?:فيديو|فديو|مرئيه)",
    r"اتصال(?:ا)? (?:عبر )?(?:ال)?(?:فيديو|فديو)",
    r"(?:عبر|ب)(?: ?تقنيه| ?خاصيه| ?نظام)? ?(?:ال)?(?:فيديو|فديو)(?: كونفرانس)?",
    r"(?:ال)?اتصال(?:ا|ات|ين)? (?:ال)?مرئي(?:ا|ه|ين|ات)?",  # "أجرى اتصالا مرئيا"
    r"(?:عبر|ب)(?:ال)?(?:دائره|الدائره) (?:ال)?(?:تلفزيونيه|التلفزيونيه|المغلقه|مغلقه)",
    r"(?:قمه|مؤتمر|اجتماع|لقاء|محادثات|مباحثات) (?:ال)?(?:افتراضي|مرئي)(?:ه)?",
    r"(?:ال)?قمه (?:ال)?افتراضيه",
    r"فيديو ?كونفرانس",
    r"مؤتمر (?:عبر )?(?:ال)?فيديو",
)
_MEET_VERB = _words(
    r"التقي|التقت|التقيا|التقوا|يلتقي|تلتقي|يلتقيان",
    r"استقبل|استقبلت|يستقبل|تستقبل|استقبله|استقبلها",
    r"اجتمع|اجتمعت|اجتمعا|يجتمع|تجتمع|يجتمعان",
)
_MEET_NOUN = _words(
    r"لقاء(?:ه|ها|هما|ات)?|لقائ(?:ه|ها|هما|هم)",
    r"اجتماع(?:ه|ها|هما)?",
    r"قمه|قمتهما|القمه",
    r"استقبال(?:ه|ها)",  # "لدى استقباله": bare استقبال is reception (of refugees...)
    r"جلسه مباحثات|مباحثات ثنائيه|محادثات ثنائيه",
)
_MEET_WEAK = _words(
    r"زيار(?:ه|ته|تها|تهما)",  # a visit is to a country, not always a meeting
    r"محادثات(?:ه|ها|هما)?|مباحثات(?:ه|ها|هما)?",
    r"محادثت(?:ه|ها|هما)",
)
_MESSAGE = _words(
    r"رساله خطيه|رسالتين خطيتين|رسائل خطيه",
    r"برقيه(?: تهنئه| تعزيه| مواساه| شكر)?",
)
# A plain "رسالة" is a letter only when someone sends or receives it (وجه رسالة إلى إيران
# can be a political signal; the check is in ``blocker``).
_MESSAGE_PLAIN = r"رساله|رسالتين"
_SENDING = re.compile(r"(?:بعث|ارسل|وجه|تلقي|تسلم|نقل|سلم)(?:ت|ا)?(?!\w)")

# Order matters: at overlapping positions the earlier (more specific) family wins.
_FAMILIES: tuple[tuple[str, str, str, str], ...] = (
    ("video", "strong", "video", _VIDEO),
    ("phone", "strong", "call", _PHONE_STRONG),
    ("phone", "strong", "call_verb", _PHONE_VERB),
    ("message", "strong", "message", _MESSAGE),
    ("message", "strong", "message_plain", _MESSAGE_PLAIN),
    ("meeting", "strong", "meet_verb", _MEET_VERB),
    ("meeting", "strong", "meet", _MEET_NOUN),
    ("meeting", "weak", "talks", _MEET_WEAK),
    ("phone", "weak", "call_weak", _PHONE_WEAK),
)
# One pass over the text: alternatives in priority order, so that at one position the
# more specific family wins ("محادثات هاتفية" is a call, not talks).
_PATTERN = re.compile(
    _PRE
    + "(?:"
    + "|".join(f"(?P<f{i}>{body})" for i, (*_meta, body) in enumerate(_FAMILIES))
    + ")"
    + _END
)


def find_triggers(norm: str) -> list[Trigger]:
    """Every cue in ``norm``, in text order."""
    found = []
    for match in _PATTERN.finditer(norm):
        medium, strength, cue, _body = _FAMILIES[int(match.lastgroup[1:])]
        found.append(Trigger(medium, match.start(), match.end(), strength, cue))
    return _merge_video(found)


def _merge_video(found: list[Trigger]) -> list[Trigger]:
    """ "محادثات ... عبر الفيديو": a talk noun followed closely by a video cue is video."""
    out: list[Trigger] = []
    for i, trig in enumerate(found):
        nxt = found[i + 1] if i + 1 < len(found) else None
        if (
            trig.medium == "meeting"
            and nxt is not None
            and nxt.medium == "video"
            and nxt.start - trig.end <= 30
        ):
            out.append(Trigger("video", trig.start, trig.end, "strong", "video"))
            continue
        out.append(trig)
    return out


# Multilateral gatherings: a bilateral contact is reported with another cue (التقى على
# هامش القمة), the summit itself is a group meeting.
_MULTILATERAL = re.compile(
    r"^[\s\"'«»“”(]*(?:ال)?(?:طارئه |استثنائيه |ال)?(?:ل)?[\"'«»“”(]*"
    r"(?:مجموعه|مجموعتي|حلف|الناتو|ناتو|"
    r"الاتحاد|دول|زعماء|قاده|رؤساء|العشرين|السبع|الثماني|بريكس|الجامعه|جامعه|مجلس|"
    r"منظمه|شنغهاي|الاسلاميه|العربيه|الخليجيه|الافريقيه|الامم|ابيك|اسيان|الرباعيه|"
    r"الثلاثيه|الخماسيه|المناخ|العالم|[a-z0-9])",
    re.IGNORECASE,
)
# "قبل قمة": the summit is a time reference, maybe still to come ("بعد اتصال" is past: kept).
# "في لقاء تلفزيوني", "خلال لقاء مع الصحفيين": an interview or a rally, not a meeting.
_INTERVIEW = re.compile(
    r"^[\s\"'«»“”]*(?:ال)?(?:تلفزيوني|تلفزي|صحفي|صحافي|اعلامي|متلفز|جماهيري|شعبي|اذاعي|"
    r"مع (?:ال)?(?:صحفيين|صحافيين|اعلاميين|قناه|صحيفه|وكاله|محطه|طلاب|رجال|وفد|ممثلي|نواب|"
    r"اعضاء|قاده|جاليه|مواطنين)|(?:ب|مع )?(?:ال)?(?:جاليه|طلبه|رجال الاعمال))(?!\w)"
)
_TIME_REFERENCE = re.compile(r"(?:^|\s)(?:قبل|قبيل|عشيه)(?:\s+\S+){0,3}\s*$")
# "بشأن الاجتماع مع كيم": the contact is what they talked about, not a contact of theirs.
_ABOUT = re.compile(r"(?<!\w)(?:بشان|حول|عن|حيال|بخصوص|ملف|موضوع)\s*$")
# "عرض عليه ... عقد لقاء", "بحثا عقد قمة": a meeting proposed or discussed.
_TO_HOLD = re.compile(r"(?<!\w)(?:عقد|اجراء)\s*$")
_PROPOSING = re.compile(
    r"(?<!\w)(?:عرض|يعرض|اقترح|يقترح|بحث|بحثا|يبحث|يبحثان|ناقش|ناقشا|فكره|امكانيه|"
    r"ضروره|اهميه|دعا|دعت|اتفق|اتفقا|الاتفاق|وافق|وافقا|قبل|قبول|منفتح\w*|مستعد\w*|"
    r"استعداد\w*|يرغب|ترغب|رغبه|يريد|تريد|يامل|تامل|امل|ازاء|نحو|بشان|حول|بهدف|اجل)(?!\w)"
)

_CLITIC = r"(?<!\w)(?:[وف]?(?:[بل]|ال|بال|لل)?)"
_PLANNED = re.compile(
    _CLITIC + r"(?:س(?:ي|ت)(?:جري|تصل|لتقي|ستقبل|جتمع|عقد|زور|بحث|شارك|جريان|لتقيان|تلقي)|"
    r"من المقرر|من المتوقع|من المنتظر|المقرر|المرتقب|المرتقبه|المزمع|المزمعه|"
    r"يعتزم|تعتزم|ينوي|تنوي|يرتقب|يتوقع ان|يامل|تامل|يتطلع|تتطلع|يتطلعان|"
    # "في لقاء تترقبه الأسواق": a meeting awaited.
    r"(?:ي|ت)(?:ترقب|نتظر)\w{0,3}|"
    r"مقررا|مقرره|المقرر|المقرره|المخطط|مخطط|قريبا|وشيك|وشيكه|امل\w{0,3} (?:في|ب)|"
    r"سيكون|ستكون|سيتم|ستتم|سيقوم|ستقوم|سيصل|ستصل|سيتوجه|ستتوجه|سيحل|"
    r"الي عقد|الي اجراء|اقترح|اقتراح|مقترح|"
    r"امكانيه عقد|امكانيه اجراء|التحضير|الاعداد ل|التمهيد ل|ترتيب|"
    r"ان يلتقي|ان يجتمع|ان يجري|ان يتصل|ان يستقبل|ان يزور|ان تعقد|ان يعقد|"
    # "رجح أن يكون أول لقاء بينهما في الرياض": what it is to be, not what was.
    r"ان يكون|ان تكون|ان يتم|ان تتم|"
    r"دعوه|دعوته|دعوتها|الدعوه|لعقد|لاجراء|لترتيب|تنظيم|لتنظيم|المقبل|المقبله|القادم|القادمه|لاحقا|"
    # "مستعدة لاستضافة لقاء بين": ready to host.
    r"لاستضاف\w*)(?!\w)"
)
# "ومن المقرر أن يتوجه الرئيس إلى ... في زيارة يلتقي خلالها ...": a clause that opens by saying
# what is planned tells a plan however far it runs before the cue.
_PLANNED_CLAUSE = re.compile(
    r"^\W*[وف]?(?:كان(?:ت)? )?(?:من المقرر|من المتوقع|من المنتظر|من المرتقب|يعتزم|تعتزم|ينوي|تنوي|"
    r"(?:يتوقع|تتوقع|يرتقب|يترقب) ان)(?!\w)"
)
# "بإمكان كل منهما الاتصال بالآخر", "يمكنهما التواصل هاتفيا": able to, not done.
_CAN = re.compile(
    r"(?<!\w)(?:ب(?:ال)?امكان\w{0,3}|بوسع\w{0,3}|يمكن\w{0,3}|(?:ي|ت)ستطيع\w{0,2})(?!\w)"
)
# "من المقرر أن يعود إلى بلاده بعد أن التقى ...": what is done before the plan.
# "قد يجري محادثة": may hold a talk.
_MAY = re.compile(r"(?<!\w)قد (?:ي|ت)\w+\s*$")
# "ولا اتصال مع ترامب": no call.
_NO = re.compile(r"(?<!\w)[وف]?لا\s*$")
# "إلا أن الاتصال لم يجرِ": the contact named, then said not to have happened.
_NOT_HELD = re.compile(
    r"^\s*(?:لم|لن) (?:يجر|تجر|يتم|تتم|يحدث|تحدث|يحصل|تحصل|يعقد|تعقد|ينعقد|تنعقد)\w*(?!\w)"
)
_DONE = re.compile(r"(?<!\w)(?:بعد ان|بعدما|عقب|اثر)\s*$")
# "أن يلتقي", "كي يجتمعا", and "قد يجري" (may hold): what is to happen, or may.
_SUBJUNCTIVE = re.compile(r"(?<!\w)(?:ان|كي|لكي|قد)\s*$")
_PHONE_NOUN = re.compile(r"(?<!\w)(?:رقم|عبر|على)\s*$")
_AS_REGARDS = re.compile(r"(?<!\w)(?:فيما|ما|مما|بما)\s*$")
# Nouns that make "اتصال" a channel or a liaison, not a call.
_CHANNEL = re.compile(
    r"(?<!\w)(?:قنوات|قناه|خط|خطوط|وسائل|وسيله|ضابط|ضباط|مكتب|شبكه|شبكات|نقطه|نقاط|"
    r"قطع|انقطاع|تكنولوجيا|هيئه|وزاره|شركه|شركات|دائره|مديريه|اداره|مركز)\s*$"
)
# "تلبية لدعوة": the invitation was taken up, the visit is happening.
_ANSWERED = re.compile(r"(?<!\w)(?:تلبيه|تلبيا|استجابه|بناء علي)(?!\w)")
_DENIED = re.compile(
    _CLITIC + r"(?:نفي|نفت|ينفي|تنفي|نفيا|لم|لا يوجد|لا توجد|لا خطط|لا خطه|"
    r"رفض\w*(?: \S+){0,4} (?:ال)?(?:رد|تلقي|اجراء|قبول)|"
    r"لا نيه|الغاء|الغي|الغت|ارجاء|تاجيل|اجلت|لن)(?!\w)"
)
# "نفى ... ما تداولته المواقع عن اتصال هاتفي ...": a denial of what others reported, however
# far the cue is from the denying verb; "هذا الخبر عار من الصحة" calls the report false outright.
_DENYING = re.compile(_CLITIC + r"(?:نفي|نفت|ينفي|تنفي|كذب|كذبت|يكذب|تكذب)(?!\w)")
_REPORTED = re.compile(
    r"(?<!\w)(?:ما|انباء|اخبار|تقارير|شائعات|مزاعم)\s+(?:ت|ي)?(?:تداول|تناقل|نشر|اورد|اشيع|تردد|"
    r"ذكر|زعم|روج)\w*(?!\w)"
)
_UNTRUE = re.compile(
    r"(?<!\w)(?:عار|عاري|عاريه|عاريا)(?: تماما)? (?:من|عن) الصحه|لا اساس (?:له|لها) من الصحه"
)
_PRANK = re.compile(
    r"(?<!\w)(?:مقلب|مقالب|انتحل|انتحال|منتحل|خدع|يخدع|خدعه|مزيف|مزيفه|كوميدي|مزحه)"
)
_BACKGROUND = re.compile(
    r"(?<!\w)(?:و?كان(?:ت)? (?:\w+ ){0,6}?قد|و?كان(?:ت)? قد|سبق(?:ت)? (?:ان|ل)|في وقت سابق|"
    r"سابقا|اخر (?:لقاء|اتصال|اجتماع|مكالمه)|للمره الاولي منذ)(?!\w)"
)


def blocker(norm: str, sent_start: int, sent_end: int, trig: Trigger) -> str | None:
    """Why ``trig`` in sentence ``norm[sent_start:sent_end]`` is no contact, or None."""
    before = norm[sent_start : trig.start]
    after = norm[trig.end : min(sent_end, trig.end + 40)]
    return (
        _not_a_contact_word(norm[trig.start : trig.end], before, after, trig)
        or _not_yet(before, after, trig, norm[trig.start : trig.end])
        or ("prank" if _PRANK.search(norm[sent_start:sent_end]) else None)
        or _called_false(norm[sent_start:sent_end], before)
    )


def _called_false(sentence: str, before: str) -> str | None:
    """ "denied" when the sentence calls the report of the contact false."""
    denial = _DENYING.search(before)
    if (denial and _REPORTED.search(before, denial.end())) or _UNTRUE.search(sentence):
        return "denied"
    return None


def _not_a_contact_word(word: str, before: str, after: str, trig: Trigger) -> str | None:
    """The cue word means something else here: a summit of a group, an interview, a
    phone number, a channel, "فيما يتصل بـ", a time reference, a subject of talks."""
    if trig.cue in ("meet", "video") and _MULTILATERAL.match(after):
        return "multilateral"
    if trig.medium == "meeting" and _INTERVIEW.match(after):
        return "interview"
    if _TIME_REFERENCE.search(before[-40:]):
        return "time-reference"
    if trig.medium != "phone" and _ABOUT.search(before):
        return "topic"
    if trig.cue == "message_plain" and not _SENDING.search(before[-50:]):
        return "not-a-letter"
    noun_phone = trig.cue == "call_verb" and word.startswith("هاتف") and _PHONE_NOUN.search(before)
    if noun_phone or (trig.cue in ("call", "call_verb") and _CHANNEL.search(before[-25:])):
        return "not-a-call"  # "رقم هاتف", "قنوات اتصال", "ضابط اتصال"
    if trig.cue == "call_verb" and _AS_REGARDS.search(before):
        return "not-a-call"  # "فيما يتصل بـ" = as regards
    if trig.cue == "call_verb" and re.match(r"[وفبلك]?(?:ال|لل)", word):
        return "not-a-call"  # "رفع سماعة الهاتف": a verb takes no article, the noun is a phone
    return None


def _subjunctive(before: str, word: str) -> bool:
    """ "على أن يلتقي", "اتفقا على أن يجتمعا": an imperfect verb after "أن" or "كي" is
    what is to happen ("أن التقى", after "بعد", is past and stays)."""
    return word.lstrip("وف").startswith(("ي", "ت")) and bool(_SUBJUNCTIVE.search(before))


def _not_yet(before: str, after: str, trig: Trigger, word: str = "") -> str | None:
    """Planned, proposed or denied rather than reported as done."""
    if _TO_HOLD.search(before) and _PROPOSING.search(before[-90:]):
        return "planned"
    # Only the trigger's own clause: "سيجري في موعده، بعد اتصال هاتفي" is a past call.
    near_before = re.split(r"[،,:؛]", before[-60:])[-1]
    if _PLANNED_CLAUSE.match(re.split(r"[،,:؛]", before)[-1]) and not _DONE.search(before):
        return "planned"
    # What follows a noun modifies it ("قمة مرتقبة", "اللقاء الذي كان مقررا ... سيجري").
    modifier = after if trig.cue in ("meet", "video", "talks") else ""
    planned = _PLANNED.search(near_before) or _PLANNED.search(modifier)
    planned = planned or _MAY.search(near_before)
    planned = planned or _CAN.search(near_before) or _subjunctive(near_before, word)
    if planned and not _ANSWERED.search(near_before):
        return "planned"
    if (
        _DENIED.search(near_before)
        or _NO.search(near_before)
        or (trig.cue != "call_verb" and _NOT_HELD.match(after))
    ):
        return "denied"
    return None


def is_background(norm: str, sent_start: int, trig: Trigger) -> bool:
    """True when the sentence presents the contact as an earlier event."""
    return bool(_BACKGROUND.search(norm[sent_start : trig.start]))
