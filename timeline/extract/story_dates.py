"""The day a report is of, read in the story the article tells: its own date expression
(``contact_dates.contact_date``) first, then what the sentences around it say. "وفي اليوم
ذاته" takes the day of the contact told before; "كما استقبل" with no date of its own, the day
told just before; a contact told with no date at all, the day of the recent news told before
it (rule "narrative"), rather than the publication date.

``ctx`` is ``contacts.Context``: the text, its sentences, the publication date, and the days
of the contacts dated so far (``ctx.days``, in text order).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from timeline.extract.contact_dates import contact_date
from timeline.extract.participants import COMPLEMENTIZER
from timeline.extract.triggers import Trigger
from timeline.extract.types import DateGuess

# A contact dated this long before publication is background, whatever the wording.
_HISTORICAL_AFTER = dt.timedelta(days=30)
# "في اليوم نفسه", "من اليوم ذاته": the day of the contact told before, not of publication.
_SAME_DAY = re.compile(r"(?<!\w)(?:(?:ال)?يوم (?:نفسه|ذاته)|(?:نفس|ذات) اليوم)(?!\w)")
# "كما استقبل ..."، "والتقى X كذلك Y": one more contact of the visit or day told before; with
# no date of its own it took place that day, not on the day the news came out.
_ALSO = re.compile(r"^\W*[وف]?كما(?!\w)|(?<!\w)(?:كذلك|ايضا)(?!\w)")
_ALSO_REACH = 40  # characters past the trigger where "كذلك" / "أيضا" may still stand
# "وعقب اللقاء، ترأس الرئيس قمة ...": right after the contact told before, so on its day.
_RIGHT_AFTER = re.compile(
    r"^\W*[وف]?(?:عقب|بعد|اثر|في اعقاب|في ختام) "
    r"(?:اللقاء|الاجتماع|المحادثات|المباحثات|الاتصال|المكالمه|القمه)(?!\w)"
)

# How far before publication the day of the contact told before may lie for a later,
# undated contact to share it: the news of the last days, not background.
_NARRATIVE_REACH = dt.timedelta(days=3)


def report_date(ctx: Any, idx: int, trig: Trigger, n_trig: Trigger) -> DateGuess:
    """The date of the report of ``trig`` (``n_trig``: its normalized offsets) in sentence
    ``idx``; a day told by the report's own words is remembered for the reports after it."""
    s_start, s_end = ctx.spans[idx]
    n_start, n_end = ctx.norm_pos(s_start), ctx.norm_pos(s_end)
    date = _date(ctx, idx, trig)
    if _SAME_DAY.search(ctx.nt.norm, n_start, n_end) and sentence_date(ctx, idx, None) is None:
        # The day of the contact told before, not a date found outside this sentence (the
        # dateline's "المنامة في 22 أبريل" over "الجمعة الأول من شوال" told before).
        date = _day_of_contact_before(ctx, idx) or _day_told_before(ctx, idx, date)
    elif date.rule in ("published", "none") and _told_with_before(ctx, n_start, n_end, n_trig):
        date = _day_told_before(ctx, idx, date)
    elif date.rule == "published":
        date = _narrative_day(ctx, idx) or date
    if date.precision == "day" and not date.fallback and not is_future(date, ctx.doc.published):
        ctx.days.append((idx, date))
    return date


def _date(ctx: Any, idx: int, trig: Trigger) -> DateGuess:
    """The contact's date, looked for first in the clause that reports it: in "صرح الوزير
    الثلاثاء بأن نتانياهو اجتمع مع السيسي في مايو", Tuesday dates the statement."""
    s_start, s_end = ctx.spans[idx]
    before = ctx.norm_slice(s_start, trig.start)
    cut = None
    for match in COMPLEMENTIZER.finditer(before):
        cut = match.end()
    published = ctx.doc.published
    if cut is not None:
        lo = ctx.nt.span(ctx.norm_pos(s_start) + cut, ctx.norm_pos(s_start) + cut + 1)[0]
        guess = contact_date(ctx.text, trig.start, published, window=(lo, s_end))
        if guess.rule not in ("published", "none"):
            return guess
    return contact_date(ctx.text, trig.start, published)


def _told_with_before(ctx: Any, n_start: int, n_end: int, n_trig: Trigger) -> bool:
    """ "في اليوم نفسه", "كما التقى", "والتقى X كذلك Y", "وعقب اللقاء": the sentence goes
    on with the day told before it."""
    norm = ctx.nt.norm
    also = norm[n_start : min(n_end, n_trig.end + _ALSO_REACH)]
    return bool(
        _SAME_DAY.search(norm, n_start, n_end)
        or _ALSO.search(also)
        or _RIGHT_AFTER.match(norm[n_start:n_end])
    )


def _day_told_before(ctx: Any, idx: int, default: DateGuess) -> DateGuess:
    """ "وفي وقت لاحق من اليوم نفسه": the day of the contact told in the sentences before."""
    for j in range(idx - 1, max(-1, idx - 4), -1):
        guess = sentence_date(ctx, j, default)
        # "ومن المقرر أن يزورها غدا. كما التقى ...": a plan told before dates nothing done, and
        # background told before ("وكانا قد التقيا في 2019. كما ...") is not the day told.
        published = ctx.doc.published
        if (
            guess is not default
            and guess.precision == "day"
            and not is_future(guess, published)
            and not is_old(guess, published)
        ):
            return guess
    return default


def _narrative_day(ctx: Any, idx: int) -> DateGuess | None:
    """For a contact told with no date at all: the day of the last contact told before it,
    when that is recent news. "التقى بوتين رئيسي أمس الثلاثاء في طهران ... وقبل القمة، عقد
    بوتين ورئيسي جلسة محادثات": an article tells one day's events, and the publication
    date (the fallback) is most often the day after them."""
    told = _day_of_contact_before(ctx, idx)
    published = ctx.doc.published
    if told is None or published is None or told.value is None:
        return None
    if not published - _NARRATIVE_REACH <= told.value <= published:
        return None
    return DateGuess(told.value, "day", "narrative", told.raw, told.start, told.end)


def _day_of_contact_before(ctx: Any, idx: int) -> DateGuess | None:
    """The day of the last contact told before sentence ``idx``, dated by its own words."""
    told = [date for sentence, date in ctx.days if sentence < idx]
    return told[-1] if told else None


def sentence_date(ctx: Any, idx: int, default: DateGuess | None) -> DateGuess | None:
    s_start, s_end = ctx.spans[idx]
    guess = contact_date(ctx.text, s_start, ctx.doc.published, window=(s_start, s_end))
    return default if guess.fallback else guess


def is_future(date: DateGuess | None, published: dt.date | None) -> bool:
    if date is None:
        return False
    if date.rule == "future":
        return True
    return bool(date.value and published and date.value > published)


def is_old(date: DateGuess | None, published: dt.date | None) -> bool:
    if date is None or date.value is None or published is None:
        return False
    return date.rule != "published" and date.value < published - _HISTORICAL_AFTER
