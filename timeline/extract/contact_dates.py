"""The date of one contact: which of its sentence's date expressions (``dates.py``)
dates the trigger, with the publication date as the fallback.

>>> thursday = dt.date(2020, 3, 26)
>>> text = "أكد الأربعاء أن الرئيس التقى نظيره يوم الثلاثاء"
>>> contact_date(text, text.index("التقى"), thursday).value.isoformat()
'2020-03-24'
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from timeline.extract.date_patterns import RELATIVE, WEEKDAY_NUMBERS
from timeline.extract.dates import find_dates_cached
from timeline.extract.normalize import normalize
from timeline.extract.types import DateGuess

# Month- and year-only expressions in a contact's sentence are often about something else
# (an agreement, an earlier visit): they date the contact only when close to its trigger.
_NEAR = 60
_RANKS = {"day": 0, "month": 1, "year": 2, None: 3}
_CLAUSE = re.compile(r"(?<!\w)(?:[بل]?[أإا]ن|[بل]?[أإا]نه|[بل]?[أإا]نها)(?!\w)")
_ACROSS_CLAUSE = 150
_TRIGGER_PHRASE = 30  # a trigger noun and its adjective: "الاتصال الهاتفي الذي"
_RELATIVE_CLAUSE = re.compile(r"(?<!\w)(?:الذي|التي|اللذين|اللتين)(?!\w)")
_SENTENCE_END = re.compile(r"[!?؟\n]|\.(?!\d)")
# "اللقاء الأول منذ انتخابه في مايو": what follows "منذ" is where a span of time starts, not
# the day of the contact ("منذ يومين", two days ago, is a date: rule "days_ago").
_SINCE = re.compile(r"(?<!\w)منذ(?!\w)")
_SINCE_REACH = 25  # characters before a date where "منذ" governs it
_CLAUSE_BREAK = re.compile(r"[،,؛:]")
# "عشية قمة العلا التي استضافتها السعودية يوم الثلاثاء": the eve of the day named. Not
# "عشية اليوم الجمعة 17 فيفري" (Tunisian: this afternoon): a day word after it is its day.
_EVE = re.compile(r"(?<!\w)(?:في )?عشي[\u064b-\u0652]*[ةه](?!\w)")
_DAY_WORDS = {"يوم", *WEEKDAY_NUMBERS, *(word for word in RELATIVE if " " not in word)}
_EVE_REACH = 90  # characters from "عشية" to the day it is the eve of


def sentence_bounds(text: str, anchor: int) -> tuple[int, int]:
    """Offsets of the sentence (or line) around ``anchor``.

    >>> sentence_bounds("جملة أولى. جملة ثانية.", 13)
    (10, 21)
    """
    start = 0
    for m in _SENTENCE_END.finditer(text, 0, anchor):
        start = m.end()
    m = _SENTENCE_END.search(text, anchor)
    return start, m.start() if m else len(text)


def contact_date(
    text: str,
    anchor: int,
    published: dt.date | None,
    *,
    window: tuple[int, int] | None = None,
) -> DateGuess:
    """The date of a contact whose trigger is at ``anchor``.

    The nearest day expression of its sentence (or of ``window``), else a month or year
    expression close to the trigger, else the publication date (rule "published"), else
    no date (rule "none"). A vague expression (الأسبوع الماضي) is returned as is, with no
    value, rather than replaced by the publication date. Page datelines (rule "header")
    never date a contact.
    """
    lo, hi = window if window is not None else sentence_bounds(text, anchor)
    best: tuple[int, int] | None = None
    choice: DateGuess | None = None
    for guess in find_dates_cached(text, published):
        if guess.start < lo or guess.end > hi or guess.rule == "header":
            continue
        if _since(text, anchor, guess):
            continue
        distance = _distance(text, anchor, guess)
        rank = _RANKS.get(guess.precision, 3)
        if rank in (1, 2) and distance > _NEAR:
            continue
        key = (rank, distance)
        if best is None or key < best:
            best, choice = key, guess
    if choice is not None and (choice.value is not None or choice.rule == "vague"):
        return _eve_of(text, choice)
    if published is not None:
        return DateGuess(published, "day", "published")
    return DateGuess(None, None, "none")


def _eve_of(text: str, guess: DateGuess) -> DateGuess:
    """The day before ``guess`` when the contact came on the eve of the day it names."""
    if guess.precision != "day" or guess.value is None:
        return guess
    eves = list(_EVE.finditer(text, max(0, guess.start - _EVE_REACH), guess.start))
    if not eves or _CLAUSE_BREAK.search(text, eves[-1].end(), guess.start):
        return guess
    following = normalize(text[eves[-1].end() : guess.end]).split()[:1]
    if following and (following[0] in _DAY_WORDS or following[0][:1].isdigit()):
        return guess
    eve = eves[-1]
    return replace(
        guess,
        value=guess.value - dt.timedelta(days=1),
        raw=text[eve.start() : guess.end],
        start=eve.start(),
    )


def _since(text: str, anchor: int, guess: DateGuess) -> bool:
    """True when the date is the start of a span ("منذ عام 2011", "الأول منذ ... في مايو")."""
    if guess.rule == "days_ago":
        return False
    start = anchor if anchor < guess.start else max(0, guess.start - _SINCE_REACH)
    ends = [match.end() for match in _SINCE.finditer(text, start, guess.start)]
    # "في أول لقاء منذ توليه منصبه، يوم الثلاثاء": a comma closes the span.
    return bool(ends) and not _CLAUSE_BREAK.search(text, ends[-1], guess.start)


def _distance(text: str, anchor: int, guess: DateGuess) -> int:
    """Characters between the trigger and the date expression, weighed by syntax."""
    distance = max(guess.start - anchor, anchor - guess.end, 0)
    if _CLAUSE.search(text, min(anchor, guess.end), max(anchor, guess.start)):
        # "أكد الثلاثاء أن نتانياهو التقى السيسي في 22 مايو": across "أن", a date
        # belongs to the reporting verb, not to the reported contact.
        return distance + _ACROSS_CLAUSE
    if guess.start > anchor and _RELATIVE_CLAUSE.search(
        text, anchor, min(guess.start, anchor + _TRIGGER_PHRASE)
    ):
        # "المكالمة الهاتفية التي جمعته بترامب منذ يومين": a relative clause right after
        # the trigger describes the contact itself; its date outweighs the main verb's.
        return distance // 4
    return distance
