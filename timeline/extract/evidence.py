"""Turn a group of reports into an ``ExtractedContact``: values, topics and evidence.

Topics are read from the text that reports the contact: the sentences of its reports
(and of the sentence that named its participants, for "وأجرى الرئيسان ..."), the
headline and lead before the first report, and the sentences that follow while they
keep telling it (naming a participant, "الرئيسان", "خلال الاتصال", "وأضاف البيان") up to
two sentences past the last such one. The account ends at another contact, a minister's
call, a sentence naming only other leaders, or a new paragraph that does not refer back.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import Any

from timeline.extract.dates import find_dates_cached
from timeline.extract.leaders_scan import clitic_forms
from timeline.extract.normalize import normalize
from timeline.extract.types import DateGuess, Evidence, ExtractedContact, LeaderRef

# How far past a report topics are still read, in sentences.
_TOPIC_REACH = 2
_LEAD = 3  # sentences of headline and lead before the first report
_BACKGROUND_AGE = dt.timedelta(days=365)  # a lead sentence dated this far back is background
_QUOTE = 240
_EXPLICIT_CUES = ("call", "call_verb", "video", "meet_verb", "message")


def build_contact(ctx: Any, group: Any, groups: list[Any], lexicon: Any) -> ExtractedContact:
    participants, sides = _participants(group)
    date = group.date or _published(ctx)
    initiator, initiator_span = _initiator(group)
    spans = topic_spans(ctx, group, groups)
    hits = _topics(ctx, spans, lexicon, _participant_name_words(ctx, participants))
    first = (group.strong or group.reports)[0]
    evidence = [_quote(ctx, first)]
    for side in sides:
        evidence.append(_evidence(ctx, "participant", side.start, side.end))
    evidence.append(_evidence(ctx, "medium", first.trigger.start, first.trigger.end))
    if initiator and initiator_span:
        evidence.append(_evidence(ctx, "initiator", *initiator_span))
    if date.start >= 0:
        evidence.append(_evidence(ctx, "date", date.start, date.end))
    for hit in hits:
        evidence.append(Evidence(f"topic:{hit.slug}", hit.start, hit.end, hit.text))
    return ExtractedContact(
        participants=participants,
        medium=group.medium,
        initiator=initiator,
        date=date,
        topics=tuple(hit.slug for hit in hits),
        historical=group.historical,
        confidence=_confidence(group, date),
        evidence=tuple(evidence),
    )


def _topics(
    ctx: Any, spans: list[tuple[int, int]], lexicon: Any, own_names: frozenset[str]
) -> list:
    """The first hit of each topic in ``spans``, leaving out words of leaders' names; the
    lexicon only sees the stretch of text the spans cover."""
    if not spans:
        return []
    lo, hi = spans[0][0], spans[-1][1]
    shifted = [(start - lo, end - lo) for start, end in spans]
    first: dict[str, Any] = {}
    for hit in lexicon.find(ctx.text[lo:hi], shifted):
        hit = replace(hit, start=hit.start + lo, end=hit.end + lo)
        if hit.slug in first or _in_name(ctx, hit.start, hit.end, own_names):
            continue
        if _dateline(ctx.text, hit.start, hit.end):
            continue
        first[hit.slug] = hit
    return list(first.values())


# What follows the place of a dateline: "بغداد: الصباح", "دمشق-سانا", "بغداد (رويترز) -",
# "أبوظبي في 18 فبراير / وام /".
_DATELINE_TAIL = re.compile(r"[ \t]*(?:[:\-–—/(]|في \d|\d)")
_DATELINE_LINES = 3  # a dateline follows the headline (and a subtitle), never further down


def _dateline(text: str, start: int, end: int) -> bool:
    """True when the hit is the place a dispatch was filed from, at the head of one of the
    first lines: it says where the news came from, not what the leaders talked about."""
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip() or not _DATELINE_TAIL.match(text, end):
        return False
    lines_before = [line for line in text[:line_start].split("\n") if line.strip()]
    return len(lines_before) < _DATELINE_LINES


def _participant_name_words(ctx: Any, participants: tuple[LeaderRef, ...]) -> frozenset[str]:
    """The words of the participants' names: "وأكد السوداني" names Iraq's prime minister even
    where the gazetteer, wary of the demonym, did not take the bare surname as a mention."""
    leaders = getattr(ctx.gazetteer, "leaders", {})
    words: set[str] = set()
    for ref in participants:
        leader = leaders.get(ref.slug) if isinstance(leaders, dict) else None
        for name in (ref.name_ar, *getattr(leader, "aliases_ar", ())):
            words.update(normalize(name).split())
    return frozenset(words)


def _in_name(ctx: Any, start: int, end: int, own_names: frozenset[str]) -> bool:
    """True when ``text[start:end]`` is a word of the name of a leader mentioned there, or of
    a participant's name anywhere."""
    word = normalize(ctx.text[start:end]).strip()
    # "وجرت للسوداني مراسم" names al-Sudani: the word counts without its proclitics too.
    if not own_names.isdisjoint(form for form, _cut in clitic_forms(word)):
        return True
    return any(
        s <= start and end <= e and (word in names or word.removeprefix("ال") in names)
        for s, e, names in getattr(ctx, "person_spans", ())
    )


def _published(ctx: Any) -> DateGuess:
    published = ctx.doc.published
    if published is None:
        return DateGuess(None, None, "none")
    return DateGuess(published, "day", "published")


def _participants(group: Any) -> tuple[tuple[LeaderRef, ...], list[Any]]:
    """One leader per country, preferring a report that names them over a bare title."""
    first = group.reports[0]
    chosen: dict[str, tuple[LeaderRef, Any]] = {}
    for report in group.reports:
        for ref, side in zip(report.participants, report.sides, strict=True):
            named = side.best.kind in ("name", "candidate")
            if ref.country not in chosen or (named and chosen[ref.country][1] is None):
                chosen[ref.country] = (ref, side if named else None)
    order = [p.country for p in first.participants]
    refs = tuple(chosen[c][0] for c in order)
    sides = []
    for country, side in zip(order, first.sides, strict=True):
        sides.append(chosen[country][1] or side)
    return refs, sides


def _initiator(group: Any) -> tuple[str | None, tuple[int, int] | None]:
    reports = group.reports + group.followers
    found = [(r.initiator, r.initiator_span) for r in reports if r.initiator]
    codes = {code for code, _ in found}
    if len(codes) == 1:
        return found[0]
    return None, None


def topic_spans(ctx: Any, group: Any, groups: list[Any]) -> list[tuple[int, int]]:
    """Sentences that tell the contact: its reports', and the following ones while they
    keep talking about it (naming a participant, "الرئيسان", "خلال الاتصال"), up to
    ``_TOPIC_REACH`` sentences past the last such one, and never into another contact."""
    own = {r.sentence for r in group.reports} | {r.sentence for r in group.followers}
    # An inherited report ("وأجرى الرئيسان محادثتهما") is told with the sentence that
    # named its participants.
    own |= {ctx.sentence_of(side.start) for r in group.reports for side in r.sides}
    others = set(ctx.stops)
    for other in groups:
        if other is not group:
            others |= {r.sentence for r in other.reports}
    others -= own
    chosen = set(own)
    # The headline and lead of an article summarise the contact it goes on to report.
    first = min(own)
    if first <= _LEAD and not any(i in others for i in range(first)):
        chosen |= {i for i in range(first) if not _background(ctx, i, group.countries)}
    for idx in sorted(own):
        anchor = idx
        j = idx + 1
        while j < len(ctx.spans) and j - anchor <= _TOPIC_REACH and j not in others:
            about = j in own or _about(ctx, j, group.countries)
            if not about and _list_item(ctx, j):
                about = True
            if about is None or (not about and _new_paragraph(ctx, j)):
                break  # the account has moved on: to other people, or to a new story
            chosen.add(j)
            if about:
                anchor = j
            j += 1
    cuts = _background_cuts(group, groups)
    return [(ctx.spans[i][0], cuts.get(i, ctx.spans[i][1])) for i in sorted(chosen)]


def _background_cuts(group: Any, groups: list[Any]) -> dict[int, int]:
    """ "وهذا اللقاء هو الثالث بينهما، بعد لقائهما على هامش قمة بريكس": in a sentence that
    goes on from this contact to an earlier one, what follows the earlier one's cue is
    about that one. Sentence index -> where this contact's part of it ends."""
    cuts: dict[int, int] = {}
    if group.historical:
        return cuts
    for other in groups:
        if other is group or not other.historical:
            continue
        for past in other.reports:
            if any(
                r.sentence == past.sentence and r.trigger.end <= past.trigger.start
                for r in group.reports
            ):
                cut = min(cuts.get(past.sentence, past.trigger.start), past.trigger.start)
                cuts[past.sentence] = cut
    return cuts


def _background(ctx: Any, idx: int, countries: frozenset[str]) -> bool:
    """A lead sentence that tells what happened years before ("لطالما اتسمت العلاقات ...
    منذ أعمال العنف عام 2019") without naming the leaders sets the scene; it does not sum
    up what they discussed."""
    published = ctx.doc.published
    if published is None or any(side.country in countries for side in ctx.sides[idx]):
        return False
    start, end = ctx.spans[idx]
    return any(
        start <= guess.start < end
        and guess.value is not None
        and guess.rule != "header"
        and guess.value < published - _BACKGROUND_AGE
        for guess in find_dates_cached(ctx.text, published)
    )


_BULLET = re.compile(r"^\s*[•·●▪■◦►▶*\-–—]")


def _list_item(ctx: Any, idx: int) -> bool:
    """ "أن الاتصال شهد بحث:" then "- ملف المياه ...": each item goes on with the account
    that the sentence ending with a colon opened (the cleaner keeps only such lists)."""
    if idx == 0 or not _BULLET.match(ctx.text[ctx.spans[idx][0] : ctx.spans[idx][1]]):
        return False
    prev = ctx.text[ctx.spans[idx - 1][0] : ctx.spans[idx - 1][1]].rstrip()
    return prev.endswith(":") or bool(_BULLET.match(prev))


def _new_paragraph(ctx: Any, idx: int) -> bool:
    return "\n" in ctx.text[ctx.spans[idx - 1][1] : ctx.spans[idx][0]]


def _about(ctx: Any, idx: int, countries: frozenset[str]) -> bool | None:
    """True: the sentence goes on about the contact; None: it names only other leaders;
    False: neither (it may still report what was discussed)."""
    leaders = [side for side in ctx.sides[idx] if not side.official]
    if any(side.country in countries for side in leaders):
        return True
    if ctx.refers_back(idx):
        return True
    return None if leaders else False


def _evidence(ctx: Any, name: str, start: int, end: int) -> Evidence:
    return Evidence(name, start, end, ctx.doc.text[start:end])


def _quote(ctx: Any, report: Any) -> Evidence:
    s_start, s_end = ctx.spans[report.sentence]
    if s_end - s_start > _QUOTE:
        middle = (report.trigger.start + report.trigger.end) // 2
        s_start = max(s_start, middle - _QUOTE // 2)
        s_end = min(s_end, s_start + _QUOTE)
    return _evidence(ctx, "contact", s_start, s_end)


def _confidence(group: Any, date: DateGuess) -> float:
    score = 0.35
    if any(r.trigger.cue in _EXPLICIT_CUES for r in group.strong):
        score += 0.25
    if any(not r.inherited for r in group.reports):
        score += 0.15
    if not date.fallback:
        score += 0.1
    score += min(0.15, 0.05 * (len(group.reports) - 1))
    if group.historical:
        score -= 0.1
    return max(0.05, min(0.98, score))
