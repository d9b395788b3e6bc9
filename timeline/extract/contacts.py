"""Contacts between leaders in one article: triggers -> reports -> contacts.

1. The text is cleaned (``clean.py``), normalized once, cut into sentences; leader
   mentions come from the gazetteer and, for later short references ("جلالة الملك",
   a family name), from ``short_names.py``; cues come from ``triggers.py``.
2. Each cue gives a *report*: its sentence's subject and object sides
   (``participants.py``), resolved to leaders on the contact's date (a counterpart holds
   the other side's office), its date (``contact_dates.contact_date``; "اليوم نفسه" is the
   day told just before), initiator (``initiator.py``) and whether it is background.
   Planned, denied, prank and minister-level cues give no report; cues with no
   participants of their own ("خلال الاتصال", "وأكد الرئيسان") refer to the contact
   reported just before, or to the leaders a sentence before names (``antecedents.py``).
3. Reports of one contact (same participants, compatible medium and date) are merged:
   an article reports one call in many sentences but it is one contact, with evidence
   from all of them (``grouping.py``). A headline's group contact that the body tells pair
   by pair is those pairs. Topics come from the sentences that tell it (``evidence.py``).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from timeline.extract import initiator as init
from timeline.extract.antecedents import (
    ANAPHOR,
    during,
    implicit_subject,
    previous_pair,
    uncued_pair,
)
from timeline.extract.clean import clean, sentences
from timeline.extract.grouping import Group, group_reports
from timeline.extract.normalize import NormalizedText, normalize, normalize_with_offsets
from timeline.extract.participants import Side, build_sides, pair_sides, role_before
from timeline.extract.short_names import with_short_names
from timeline.extract.story_dates import is_future, is_old, report_date, sentence_date
from timeline.extract.triggers import Trigger, blocker, find_triggers, is_background
from timeline.extract.types import DateGuess, Document, ExtractedContact, LeaderRef

_GOES_ON = re.compile(
    r"(?<!\w)(?:[وفب]?ال(?:محادثات|مباحثات|اتصال|مكالمه|محادثه|لقاء|اجتماع|قمه|جلسه|استقبال)|"
    r"[وفل]?(?:ال)?بيان|[وف]?(?:اضاف|تابع|اوضح)|"
    r"(?:تم|تمت|جري|جرت)(?: \w+)? (?:بحث|مناقشه|استعراض|تبادل|التاكيد|الاتفاق|التطرق))(?!\w)"
    r"|^\W*(?:و|ف)?كما(?!\w)"
)


@dataclass
class Report:
    """One cue's account of a contact."""

    trigger: Trigger  # offsets into the original text
    sentence: int
    participants: tuple[LeaderRef, ...] = ()
    sides: tuple[Side, ...] = ()
    initiator: str | None = None
    initiator_span: tuple[int, int] | None = None
    date: DateGuess | None = None
    historical: bool = False
    inherited: bool = False
    rejected: str = ""
    extra: dict = field(default_factory=dict)


@dataclass
class Context:
    doc: Document
    text: str  # cleaned, same length as doc.text
    nt: NormalizedText
    spans: list[tuple[int, int]]
    starts: list[int]
    sides: list[list[Side]]
    gazetteer: Any
    stops: set[int] = field(default_factory=set)  # sentences of rejected reports
    # Where leaders are named, with the normalized words of their names: a topic word that
    # is part of a name (Iraq's prime minister "السوداني") says who someone is, not what was
    # discussed; the title around it ("رئيس الحكومة اللبنانية") still counts.
    person_spans: list[tuple[int, int, frozenset[str]]] = field(default_factory=list)
    # (sentence, date) of each contact dated to the day by its own words, in text order:
    # "وفي اليوم ذاته" takes the day of the last one.
    days: list[tuple[int, DateGuess]] = field(default_factory=list)

    def sentence_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.starts, pos) - 1)

    def norm_pos(self, pos: int) -> int:
        return bisect.bisect_left(self.nt.index, pos)

    def norm_slice(self, start: int, end: int) -> str:
        return self.nt.norm[self.norm_pos(start) : self.norm_pos(end)]

    def refers_back(self, idx: int) -> bool:
        """ "الرئيسان", "الجانبان", "خلال الاتصال", "وأضاف البيان": the sentence goes on
        about the contact told before it."""
        sentence = self.norm_slice(*self.spans[idx])
        return bool(ANAPHOR.search(sentence) or _GOES_ON.search(sentence))


def with_defaults(gazetteer: Any | None, lexicon: Any | None) -> tuple[Any, Any]:
    """``gazetteer`` and ``lexicon``, or where None the defaults built from ``data/``."""
    if gazetteer is None:
        from timeline.extract.leaders import Gazetteer

        gazetteer = Gazetteer.default()
    if lexicon is None:
        from timeline.extract.topics import Lexicon

        lexicon = Lexicon.default()
    return gazetteer, lexicon


def extract_document(
    doc: Document, *, gazetteer: Any | None = None, lexicon: Any | None = None
) -> list[ExtractedContact]:
    """The leader-to-leader contacts ``doc`` reports, each once, with evidence."""
    gazetteer, lexicon = with_defaults(gazetteer, lexicon)
    ctx = _context(doc, gazetteer)
    reports = [report for trig in _triggers(ctx) for report in _reports(ctx, trig)]
    # A minister's call ends the account of a leaders' contact; a summit the leaders
    # planned during their call is part of what they discussed.
    ctx.stops = {r.sentence for r in reports if r.rejected == "official"}
    groups = [
        g for g in group_reports(reports) if g.substantial and not _announced(ctx, g, reports)
    ]
    groups = [g for g in groups if not _summed_up(g, groups)]
    for group in groups:
        for follower in group.followers:
            _request_initiator(ctx, follower, group.countries)
    return [_contact(ctx, group, groups, lexicon) for group in groups]


def _announced(ctx: Context, group: Group, reports: list[Report]) -> bool:
    """A headline-only contact that the body calls planned: "الإليزيه يؤكد لقاء ماكرون
    وكونتي الجمعة" over "اللقاء الذي كان مقررا الجمعة سيجري في موعده"."""
    if any(r.sentence > 0 for r in group.reports):
        return False
    for report in reports:
        if report.rejected in ("planned", "future") and report.trigger.medium == group.medium:
            named = {side.country for side in ctx.sides[report.sentence]}
            if group.countries <= named:
                return True
    return False


def _summed_up(group: Group, groups: list[Group]) -> bool:
    """A headline that sums up one leader's contacts with several others ("أردوغان يلتقي شي
    وبوتين") before the body tells each one: not a meeting of three."""
    if len(group.countries) < 3:
        return False
    pairs = [
        g
        for g in groups
        if len(g.countries) == 2 and g.countries < group.countries and g.medium == group.medium
    ]
    told_after = all(
        min(r.sentence for r in g.reports) > max(r.sentence for r in group.reports) for g in pairs
    )
    covered = frozenset().union(*(g.countries for g in pairs))
    return bool(pairs) and told_after and covered == group.countries


def _context(doc: Document, gazetteer: Any) -> Context:
    text = clean(doc.text)
    spans = sentences(text)
    nt = normalize_with_offsets(text)
    mentions = with_short_names(nt, _find(gazetteer, text, doc.published), doc.published)
    sides_all = []
    for side in build_sides(text, mentions):
        role = role_before(text, side)
        if (role == "official" or side.official) and _own_deputy_title(text, sides_all, side):
            continue
        if role == "official":
            side.mentions = [_as_official(m) for m in side.mentions]
        if role != "reporter":
            sides_all.append(side)
    per_sentence: list[list[Side]] = [[] for _ in spans]
    starts = [s for s, _ in spans]
    for side in sides_all:
        idx = max(0, bisect.bisect_right(starts, side.start) - 1)
        if spans and spans[idx][0] <= side.start < spans[idx][1]:
            per_sentence[idx].append(side)
    person_spans = [
        (m.start, m.end, _name_words(m.leader)) for m in mentions if m.leader is not None
    ]
    return Context(doc, text, nt, spans, starts, per_sentence, gazetteer, person_spans=person_spans)


# "محمد بن راشد آل مكتوم نائب رئيس الدولة رئيس مجلس الوزراء": right after a named leader,
# "نائب" + a title is that leader's own other office, not a third person.
_DEPUTY = re.compile(r"^[\s,،]*نائب\s")


def _own_deputy_title(text: str, earlier: list[Side], side: Side) -> bool:
    if not earlier or earlier[-1].official or earlier[-1].best.kind != "name":
        return False
    named = earlier[-1]
    same_country = side.best.country in (None, named.best.country)
    between = normalize(text[named.end : side.start]).strip(" ,،")
    deputy = _DEPUTY.match(normalize(text[named.end : side.end]))
    return same_country and between in ("", "نائب") and bool(deputy)


def _name_words(leader: Any) -> frozenset[str]:
    return _words_of((leader.name_ar, *getattr(leader, "aliases_ar", ())))


@lru_cache(maxsize=4096)
def _words_of(names: tuple[str, ...]) -> frozenset[str]:
    """The normalized words of a leader's names, once per leader (an article names the
    same leaders again and again)."""
    return frozenset(word for name in names for word in normalize(name).split())


def _find(gazetteer: Any, text: str, on: dt.date | None) -> list:
    try:
        return gazetteer.find(text, on=on)
    except TypeError:  # a gazetteer without date tie-breaking
        return gazetteer.find(text)


@dataclass(frozen=True)
class _OfficialMention:
    start: int
    end: int
    text: str
    kind: str
    leader: Any
    country: str | None
    office: str | None


def _as_official(mention: Any) -> Any:
    return _OfficialMention(
        mention.start, mention.end, mention.text, "official", None, mention.country, None
    )


def _triggers(ctx: Context) -> list[Trigger]:
    out = []
    for trig in find_triggers(ctx.nt.norm):
        start, end = ctx.nt.span(trig.start, trig.end)
        out.append(Trigger(trig.medium, start, end, trig.strength, trig.cue))
    return out


_HELD = re.compile(r"(?<!\w)[وف]?(?:عقد|عقدا|عقدت|اجري|اجريا|اجرت|بدا|بدات|اختتم|اختتما)(?!\w)")


def _reports(ctx: Context, trig: Trigger) -> list[Report]:
    """What one cue reports: nothing (rejected), an anaphoric mention, or contacts."""
    idx = ctx.sentence_of(trig.start)
    # Far enough back for the verb before a subject's titles, a time and a place ("أجرى
    # رئيس الوزراء الدكتور X، يوم أمس الأربعاء، بقصر الاتحادية بالقاهرة، مباحثات").
    lookback = max(ctx.spans[idx][0] if ctx.spans else 0, trig.start - 160)
    if trig.cue == "talks" and _HELD.search(ctx.norm_slice(lookback, trig.start)):
        # "عقدا محادثات": talks that took place, whatever the medium (a call may be
        # named in another sentence): enough for a contact, not for its medium.
        trig = Trigger("meeting", trig.start, trig.end, "held", "held")
    report = Report(trig, idx)
    if not ctx.spans:
        report.rejected = "empty"
    else:
        _screen(ctx, report)
    if report.rejected:
        return [report]
    return _participants(ctx, report)


def _screen(ctx: Context, report: Report) -> None:
    """Reject planned, denied, future... cues; date the others and flag background."""
    trig, idx = report.trigger, report.sentence
    s_start, s_end = ctx.spans[idx]
    n_start, n_end = ctx.norm_pos(s_start), ctx.norm_pos(s_end)
    n_trig = replace(trig, start=ctx.norm_pos(trig.start), end=ctx.norm_pos(trig.end))
    report.rejected = blocker(ctx.nt.norm, n_start, n_end, n_trig) or ""
    if report.rejected:
        return
    report.date = report_date(ctx, idx, trig, n_trig)
    if is_future(report.date, ctx.doc.published):
        report.rejected = "future"  # "القمة المقررة في 12 حزيران": not happened yet
        return
    head = ctx.nt.norm[n_trig.start : n_trig.start + 4].lstrip("وفب")
    report.extra["definite"] = head.startswith("ال")
    report.historical = is_background(ctx.nt.norm, n_start, n_trig) or is_old(
        report.date, ctx.doc.published
    )


def _participants(ctx: Context, report: Report) -> list[Report]:
    trig, idx = report.trigger, report.sentence
    pairing = pair_sides(ctx.text, ctx.sides[idx], trig.start, trig.end, verb=True)
    subject, objects = pairing.subject, pairing.objects
    if subject is None and objects:
        subject = implicit_subject(ctx, idx, objects[0][0])
        report.inherited = subject is not None
        if subject is not None and report.date.rule in ("published", "none", "narrative"):
            # "شكر أمير قطر الخميس إيران. وأثنى في اتصال هاتفي مع ...": one narrative.
            report.date = sentence_date(ctx, ctx.sentence_of(subject.start), report.date)
    if subject is None and not objects:
        pair = previous_pair(ctx, idx, trig)
        if pair:
            subject, objects = pair[0], [(pair[1], "")]
            report.inherited = True
    elif subject is not None and not objects and during(ctx, trig):
        # "بحث الملك والرئيس عباس ... في قصر الحسينية. وأكد الملك، خلال اللقاء، ...": the
        # meeting told without a cue just before, the speaker one of its pair.
        pair = uncued_pair(ctx, idx - 1)
        if pair and subject.country in {side.country for side in pair}:
            subject, objects = pair[0], [(pair[1], "")]
            report.inherited = True
    if subject is None or not objects:
        return [report]  # anaphoric: belongs to the contact reported before
    if subject.official or any(side.official for side, _ in objects):
        report.rejected = "official"
        return [report]
    return _resolve(ctx, report, subject, objects)


# "اتصالات هاتفية منفصلة", "بمكالمتين", "محادثتين": one call per person named.
_PLURAL_CUE = re.compile(r"(?:ات|ين|تين|تان)(?:\s|$)")
_SEPARATE = re.compile(r"(?<!\w)(?:منفصل\w*|كل علي حده|علي حده)")


def _clause_before(ctx: Context, report: Report, subject: Side) -> str:
    """The normalized text from just before the subject to the end of the trigger: where
    the verb that says who called stands, however long the subject's titles ("أجرى صاحب
    السمو الملكي الأمير ... ولي العهد رئيس مجلس الوزراء، مساء أمس، اتصالا هاتفيا بـ")."""
    start = max(ctx.spans[report.sentence][0], min(subject.start, report.trigger.start) - 30)
    return ctx.norm_slice(start, report.trigger.end)


def _resolve(ctx: Context, report: Report, subject: Side, objects: list) -> list[Report]:
    """One report per object the subject is in contact with ("اتصالين مع X وY"), or one
    report of a group contact ("اتصال هاتفي مع X وY": a three-way call)."""
    on = report.date.value if report.date and report.date.value else ctx.doc.published
    first = _leader(ctx, subject, objects[0][0], on)
    if first is None:
        report.rejected = "unresolved"
        return [report]
    resolved = []
    for obj, link in objects:
        second = _leader(ctx, obj, subject, on)
        known = {first.country} | {other.country for _o, _l, other in resolved}
        if second is not None and second.country not in known:
            resolved.append((obj, link, second))
    if not resolved:
        report.rejected = "unresolved"
        return [report]
    cue = ctx.norm_slice(report.trigger.start, report.trigger.end)
    after = ctx.norm_slice(report.trigger.end, min(report.trigger.end + 40, len(ctx.text)))
    separate = _PLURAL_CUE.search(cue + " ") or _SEPARATE.search(after)
    if len(resolved) > 1 and not separate:
        sides = (subject, *(obj for obj, _l, _s in resolved))
        refs = (first.ref(), *(leader.ref() for _o, _l, leader in resolved))
        group = replace(report, participants=refs, sides=sides)
        _request_initiator(ctx, group)
        return [group]
    out: list[Report] = []
    for obj, link, second in resolved:
        one = replace(report, participants=(first.ref(), second.ref()), sides=(subject, obj))
        code, _cue = init.link_initiator(
            link, _clause_before(ctx, report, subject), first.country, second.country
        )
        if code:
            one.initiator = code
            one.initiator_span = (report.trigger.start, obj.end)
        _request_initiator(ctx, one)
        out.append(one)
    return out


def _request_initiator(ctx: Context, report: Report, countries: frozenset | None = None) -> None:
    """ "بمبادرة من الجانب الفرنسي", "بطلب من الرئيس X" anywhere in the report's sentence."""
    s_start, s_end = ctx.spans[report.sentence]
    sentence = ctx.norm_slice(s_start, s_end)
    base = ctx.norm_pos(s_start)
    pairs = []
    if countries is None:
        countries = frozenset(p.country for p in report.participants)
        pairs = list(zip(report.sides, (p.country for p in report.participants), strict=True))
    # Any mention of a party counts: "بحث X وY في اتصال جرى بطلب من الرئيس Y" names Y again.
    pairs += [(side, side.country) for side in ctx.sides[report.sentence]]
    positions: dict[int, str] = {}
    for side, code in pairs:
        if code in countries:
            positions.setdefault(ctx.norm_pos(side.start) - base, code)
    demonyms = ctx.gazetteer.demonyms
    code, start, end = init.request_initiator(sentence, set(countries), positions, demonyms)
    if code:
        report.initiator = code
        report.initiator_span = ctx.nt.span(base + start, base + end)


def _leader(ctx: Context, side: Side, other: Side, on: dt.date | None) -> Any:
    mention = side.best
    gaz = ctx.gazetteer
    if mention.kind in ("name", "candidate"):
        resolve = getattr(gaz, "resolve", None)
        leader = resolve(mention, on) if callable(resolve) else mention.leader
        if leader is not None and on is not None and not leader.candidate:
            # Named but not in office that day: a former or future leader (جو بايدن نائب
            # الرئيس in 2015) takes part as someone else, not as a leader.
            holds = getattr(leader, "holds", None)
            if callable(holds) and not holds(None, on):
                return None
        return leader
    if mention.kind == "title":
        return gaz.holder(mention.country, mention.office, on)
    if mention.kind == "counterpart":
        office = _office_of(other, gaz, on)
        found = gaz.holder(mention.country, office, on) if office else None
        return found or gaz.holder(mention.country, None, on)
    return None


def _office_of(side: Side, gaz: Any, on: dt.date | None) -> str | None:
    """The office the side holds: its title's, else the leader's term covering ``on``."""
    for mention in side.mentions:
        if getattr(mention, "office", None):
            return mention.office
    leader = side.best.leader
    terms = getattr(leader, "terms", ()) if leader is not None else ()
    covering = [t.office for t in terms if on is None or t.covers(on)]
    if covering:
        return covering[-1]
    return getattr(leader, "office", None)


def _contact(ctx: Context, group: Group, groups: list[Group], lexicon: Any) -> ExtractedContact:
    from timeline.extract.evidence import build_contact

    return build_contact(ctx, group, groups, lexicon)
