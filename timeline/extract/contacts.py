"""Contacts between leaders in one article: triggers -> reports -> contacts.

1. The text is cleaned (``clean.py``), normalized once, cut into sentences; leader
   mentions come from the gazetteer, cues from ``triggers.py``.
2. Each cue gives a *report*: its sentence's subject and object sides
   (``participants.py``), resolved to leaders on the contact's date (a counterpart holds
   the other side's office), its date (``dates.contact_date``), initiator
   (``initiator.py``) and whether it is background. Planned, denied, prank and
   minister-level cues give no report; cues with no participants of their own ("خلال
   الاتصال", "وأكد الرئيسان") refer to the contact reported just before.
3. Reports of one contact (same participants, compatible medium and date) are merged:
   an article reports one call in many sentences but it is one contact, with evidence
   from all of them. Topics come from the sentences of its reports and those that
   follow until another contact is reported.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from timeline.extract import initiator as init
from timeline.extract.clean import clean, sentences
from timeline.extract.dates import contact_date
from timeline.extract.grouping import Group, group_reports
from timeline.extract.normalize import NormalizedText, normalize_with_offsets
from timeline.extract.participants import Side, build_sides, is_subordinate, pair_sides
from timeline.extract.triggers import Trigger, blocker, find_triggers, is_background
from timeline.extract.types import DateGuess, Document, Evidence, ExtractedContact, LeaderRef

# A contact dated this long before publication is background, whatever the wording.
_HISTORICAL_AFTER = dt.timedelta(days=30)
# "الرئيسان", "الجانبان", dual verbs: the sentence refers back to a pair named earlier.
_ANAPHOR = re.compile(
    r"(?<!\w)(?:ال|و?ال)?(?:رئيسان|رئيسين|زعيمان|زعيمين|جانبان|جانبين|طرفان|طرفين|"
    r"قائدان|قائدين|ملكان|زعماء)(?!\w)|(?:هما|تهما)(?!\w)"
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

    def sentence_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.starts, pos) - 1)

    def norm_pos(self, pos: int) -> int:
        return bisect.bisect_left(self.nt.index, pos)

    def norm_slice(self, start: int, end: int) -> str:
        return self.nt.norm[self.norm_pos(start) : self.norm_pos(end)]


def _default_gazetteer() -> Any:
    from timeline.extract.leaders import Gazetteer

    return Gazetteer.default()


def _default_lexicon() -> Any:
    from timeline.extract.topics import Lexicon

    return Lexicon.default()


def extract_document(
    doc: Document, *, gazetteer: Any | None = None, lexicon: Any | None = None
) -> list[ExtractedContact]:
    """The leader-to-leader contacts ``doc`` reports, each once, with evidence."""
    gazetteer = gazetteer if gazetteer is not None else _default_gazetteer()
    lexicon = lexicon if lexicon is not None else _default_lexicon()
    ctx = _context(doc, gazetteer)
    reports = [_report(ctx, trig) for trig in _triggers(ctx)]
    ctx.stops = {r.sentence for r in reports if r.rejected and r.rejected != "time-reference"}
    groups = group_reports(reports)
    return [_contact(ctx, group, groups, lexicon) for group in groups if group.strong]


def _context(doc: Document, gazetteer: Any) -> Context:
    text = clean(doc.text)
    spans = sentences(text)
    mentions = sorted(gazetteer.find(text), key=lambda m: (m.start, -m.end))
    sides_all = build_sides(text, mentions)
    for side in sides_all:
        if is_subordinate(text, side):
            side.mentions = [_as_official(m) for m in side.mentions]
    per_sentence: list[list[Side]] = [[] for _ in spans]
    starts = [s for s, _ in spans]
    for side in sides_all:
        idx = max(0, bisect.bisect_right(starts, side.start) - 1)
        if spans and spans[idx][0] <= side.start < spans[idx][1]:
            per_sentence[idx].append(side)
    nt = normalize_with_offsets(text)
    return Context(doc, text, nt, spans, starts, per_sentence, gazetteer)


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


def _report(ctx: Context, trig: Trigger) -> Report:
    idx = ctx.sentence_of(trig.start)
    if trig.cue == "talks" and _HELD.search(ctx.norm_slice(max(0, trig.start - 80), trig.start)):
        trig = Trigger("meeting", trig.start, trig.end, "strong", "meet")  # "عقدا محادثات"
    report = Report(trig, idx)
    if not ctx.spans:
        report.rejected = "empty"
        return report
    s_start, s_end = ctx.spans[idx]
    n_start, n_end = ctx.norm_pos(s_start), ctx.norm_pos(s_end)
    n_trig = Trigger(trig.medium, ctx.norm_pos(trig.start), ctx.norm_pos(trig.end), "", "")
    reason = blocker(ctx.nt.norm, n_start, n_end, n_trig)
    if reason:
        report.rejected = reason
        return report
    report.date = contact_date(ctx.text, trig.start, ctx.doc.published)
    report.historical = is_background(ctx.nt.norm, n_start, n_trig) or _is_old(
        report.date, ctx.doc.published
    )
    verb = trig.cue in ("meet_verb", "call_verb")
    pairing = pair_sides(ctx.text, ctx.sides[idx], trig.start, trig.end, verb=verb)
    subject, objects = pairing.subject, pairing.objects
    if subject is None and objects:
        subject = _implicit_subject(ctx, idx, objects[0][0])
        report.inherited = subject is not None
    if subject is None and not objects:
        pair = _previous_pair(ctx, idx, trig)
        if pair:
            subject, objects = pair[0], [(pair[1], "")]
            report.inherited = True
    if subject is None or not objects:
        return report  # anaphoric: belongs to the contact reported before
    if subject.official or any(side.official for side, _ in objects):
        report.rejected = "official"
        return report
    _resolve(ctx, report, subject, objects)
    return report


def _is_old(date: DateGuess | None, published: dt.date | None) -> bool:
    if date is None or date.value is None or published is None:
        return False
    return date.rule != "published" and date.value < published - _HISTORICAL_AFTER


def _implicit_subject(ctx: Context, idx: int, obj: Side) -> Side | None:
    """"وأثنى في اتصال هاتفي مع الرئيس الإيراني": the subject of an earlier sentence."""
    for j in (idx - 1, idx - 2, 0):
        if 0 <= j < idx:
            for side in ctx.sides[j]:
                if side.country != obj.country and not side.official:
                    return side
    return None


def _previous_pair(ctx: Context, idx: int, trig: Trigger) -> tuple[Side, Side] | None:
    """"وأجرى الرئيسان محادثتهما عبر الفيديو": the pair named in an earlier sentence."""
    if trig.strength != "strong":
        return None
    s_start, s_end = ctx.spans[idx]
    if not _ANAPHOR.search(ctx.norm_slice(s_start, s_end)):
        return None
    for j in (idx - 1, idx - 2, 0):
        if 0 <= j < idx:
            sides = [s for s in ctx.sides[j] if not s.official]
            for other in sides[1:]:
                if other.country != sides[0].country:
                    return sides[0], other
    return None


def _resolve(ctx: Context, report: Report, subject: Side, objects: list) -> None:
    """Resolve sides to leaders; keep the first object that resolves."""
    on = report.date.value if report.date and report.date.value else ctx.doc.published
    first = _leader(ctx, subject, objects[0][0], on)
    if first is None:
        report.rejected = "unresolved"
        return
    for obj, link in objects:
        second = _leader(ctx, obj, subject, on)
        if second is None or second.country == first.country:
            continue
        report.participants = (first.ref(), second.ref())
        report.sides = (subject, obj)
        before = ctx.norm_slice(ctx.spans[report.sentence][0], report.trigger.end)
        code, cue = init.link_initiator(link, before, first.country, second.country)
        if code:
            report.initiator = code
            report.initiator_span = (report.trigger.start, obj.end)
        if len(objects) > 1:
            report.extra["more"] = [(o, lk) for o, lk in objects if o is not obj]
        _request_initiator(ctx, report)
        return
    report.rejected = "unresolved"


def _request_initiator(ctx: Context, report: Report) -> None:
    s_start, s_end = ctx.spans[report.sentence]
    sentence = ctx.norm_slice(s_start, s_end)
    base = ctx.norm_pos(s_start)
    countries = {p.country for p in report.participants}
    positions = {
        ctx.norm_pos(side.start) - base: p.country
        for side, p in zip(report.sides, report.participants, strict=True)
    }
    code, start, end = init.request_initiator(sentence, countries, positions)
    if code:
        report.initiator = code
        report.initiator_span = ctx.nt.span(base + start, base + end)


def _leader(ctx: Context, side: Side, other: Side, on: dt.date | None) -> Any:
    mention = side.best
    gaz = ctx.gazetteer
    if mention.kind in ("name", "candidate"):
        return mention.leader
    if mention.kind == "title":
        return gaz.holder(mention.country, mention.office, on)
    if mention.kind == "counterpart":
        office = _office_of(other, gaz, on)
        found = gaz.holder(mention.country, office, on) if office else None
        return found or gaz.holder(mention.country, None, on)
    return None


def _office_of(side: Side, gaz: Any, on: dt.date | None) -> str | None:
    for mention in side.mentions:
        if getattr(mention, "office", None):
            return mention.office
    leader = side.best.leader
    if leader is not None:
        office_on = getattr(leader, "office_on", None)
        if callable(office_on):
            return office_on(on)
        return getattr(leader, "office", None)
    return None


def _contact(ctx: Context, group: Group, groups: list[Group], lexicon: Any) -> ExtractedContact:
    from timeline.extract.evidence import build_contact

    return build_contact(ctx, group, groups, lexicon)
