"""Arabic date expressions -> ``DateGuess`` values.

Matching runs on the normalized text (alef, hamza, teh marbuta, diacritics and
Arabic-Indic digits folded by ``normalize_with_offsets``); every guess carries offsets
into the original text. Words and patterns are in ``date_patterns.py``.

Rules (``DateGuess.rule``), by what they resolve against:
- the text alone: ``explicit`` (day month year), ``numeric`` (26/3/2020), ``month``
  (month and year), ``year`` (عام 2019), ``hijri`` / ``hijri_month`` / ``hijri_year``;
  ``header`` is an explicit date standing alone on its line with a time (a page dateline).
- the publication date: ``day_month`` (26 مارس), ``today``, ``tonight``, ``yesterday``,
  ``last_night``, ``day_before_yesterday``, ``days_ago``, ``weekday``, ``relative_month``,
  ``relative_year``; ``future`` for anything after publication (غدا، الخميس المقبل);
  ``vague`` (الأسبوع الماضي، مؤخرا) carries no value: a day is never invented.
- fallbacks of ``contact_dates.contact_date``: ``published``, ``none``.

>>> thursday = dt.date(2020, 3, 26)
>>> [g.value.isoformat() for g in find_dates("اتصل الرئيس بنظيره يوم الثلاثاء", thursday)]
['2020-03-24']
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from hijridate import Hijri

from timeline.extract import date_patterns as pat
from timeline.extract.normalize import NormalizedText, normalize, normalize_with_offsets
from timeline.extract.types import DateGuess

_TRAILING_MARKS = frozenset("\u0640\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670")


@dataclass(slots=True)
class _Found:
    """A match on the normalized text, before overlaps are settled."""

    start: int
    end: int
    value: dt.date | None
    precision: str | None
    rule: str
    calendar: str = ""


def find_dates(text: str, published: dt.date | None) -> list[DateGuess]:
    """Every date expression of ``text``, in order, resolved against ``published``.

    >>> [(g.value.isoformat(), g.rule) for g in find_dates("في 26 آذار/مارس 2020", None)]
    [('2020-03-26', 'explicit')]
    """
    return list(find_dates_cached(text, published))


@lru_cache(maxsize=256)
def find_dates_cached(text: str, published: dt.date | None) -> tuple[DateGuess, ...]:
    """``find_dates`` as a tuple, cached: every trigger of an article asks for its dates."""
    nt = normalize_with_offsets(text)
    found: list[_Found] = []
    for finder in _FINDERS:
        found.extend(finder(nt.norm, published))
    kept = _merge_calendars(nt.norm, _without_overlaps(found))
    return tuple(_to_guess(nt, f) for f in kept)


def _to_guess(nt: NormalizedText, f: _Found) -> DateGuess:
    start, end = nt.span(f.start, f.end)
    original = nt.original
    # Marks dropped by normalization after the last letter (هـ, tanween) still belong to it.
    while end < len(original) and original[end] in _TRAILING_MARKS:
        end += 1
    rule = f.rule
    if f.precision == "day" and _is_header(nt.norm, f.start, f.end):
        rule = "header"
    return DateGuess(f.value, f.precision, rule, nt.original[start:end], start, end)


def _begin(m: re.Match[str]) -> int:
    # A conjunction or preposition glued to the expression ("والخميس") is not part of it.
    return m.end("pfx") if "pfx" in m.re.groupindex else m.start()


def _without_overlaps(found: list[_Found]) -> list[_Found]:
    # The longest expression wins ("الأربعاء 7 جوان 2017" over "الأربعاء"); among equals,
    # the earlier finder in _FINDERS.
    ranked = sorted(enumerate(found), key=lambda p: (-(p[1].end - p[1].start), p[0]))
    taken: list[_Found] = []
    for _, f in ranked:
        if all(f.end <= t.start or f.start >= t.end for t in taken):
            taken.append(f)
    return sorted(taken, key=lambda f: f.start)


def _merge_calendars(norm: str, found: list[_Found]) -> list[_Found]:
    """One guess for "5 رمضان 1439 هـ الموافق 20 مايو 2018": the Gregorian date, which
    does not depend on moon sighting, spanning both."""
    out: list[_Found] = []
    for f in found:
        prev = out[-1] if out else None
        if (
            prev is not None
            and {prev.calendar, f.calendar} == {"hijri", "gregorian"}
            and prev.precision == f.precision
            and pat.RX["bridge"].fullmatch(norm, prev.end, f.start)
        ):
            greg = prev if prev.calendar == "gregorian" else f
            out[-1] = _Found(prev.start, f.end, greg.value, greg.precision, greg.rule, "both")
            continue
        out.append(f)
    return out


def _is_header(norm: str, start: int, end: int) -> bool:
    line_start = norm.rfind("\n", 0, start) + 1
    line_end = norm.find("\n", end)
    line_end = len(norm) if line_end == -1 else line_end
    rest = norm[line_start:start] + " " + norm[end:line_end]
    match = pat.RX["header_rest"].fullmatch(rest)
    if not match:
        return False
    labelled = match.group(0).strip(" -–—|,،:") != (match.group("time") or "").strip()
    return bool(match.group("time")) or labelled


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _gregorian(norm: str, published: dt.date | None) -> list[_Found]:
    table = pat.months()[0]
    out = []
    for m in pat.RX["gregorian"].finditer(norm):
        has_day = m.group("day") or m.group("ordinal")
        # A bare month name is too often a word (مارس "practised", آب "father").
        if not (has_day or m.group("shahr") or m.group("m2") or m.group("year") or m.group("mod")):
            continue
        month = pat.month_number(m.group("m1"), table)
        day = _day(m)
        found = _resolve_gregorian(m, month, day, published)
        if found is not None:
            out.append(found)
    return out


def _day(m: re.Match[str]) -> int | None:
    if m.group("day"):
        return int(m.group("day")) or None
    if m.group("ordinal"):
        return pat.ORDINALS[pat.key(m.group("ordinal"))]
    if m.groupdict().get("first"):
        return 1  # "أول أيام رمضان"
    return None


def _resolve_gregorian(
    m: re.Match[str], month: int, day: int | None, published: dt.date | None
) -> _Found | None:
    mod = m.group("mod") or ""
    precision = "day" if day else "month"
    if m.group("year"):
        value = _date(int(m.group("year")), month, day or 1)
        if value and day and m.group("wd") and published:
            value = _agree_with_weekday(value, pat.WEEKDAY_NUMBERS[m.group("wd")], published)
        rule = "explicit" if day else "month"
        return _Found(_begin(m), m.end(), value, precision, rule, "gregorian") if value else None
    rule = "day_month" if day else "month"
    if published is None:
        return _Found(_begin(m), m.end(), None, None, rule, "gregorian")
    if m.group("ymod"):
        step = _step(m.group("ymod"))
        value = _date(published.year + step, month, day or 1)
        if value is None:
            return None
        rule = "future" if value > published else rule
        return _Found(_begin(m), m.end(), value, precision, rule, "gregorian")
    value = _in_year_near(published, month, day or 1, normalize(mod), by_month=not day)
    if value is None:
        return None
    if value > (published if day else published.replace(day=1)):
        rule = "future"
    return _Found(_begin(m), m.end(), value, precision, rule, "gregorian")


def _step(mod: str) -> int:
    """-1, 1 or 0 years for "الماضي", "المقبل" or "الجاري"."""
    return -1 if mod in pat.MOD_PAST else 1 if mod in pat.MOD_NEXT else 0


def _agree_with_weekday(value: dt.date, weekday: int, published: dt.date) -> dt.date:
    """A date whose weekday contradicts it ("الأحد 19 فيفري 2016" in a 2017 article) most
    often has a mistyped year: take the year near publication that fits the weekday."""
    if value.weekday() == weekday:
        return value
    for year in (published.year, published.year - 1):
        fixed = _date(year, value.month, value.day)
        if fixed and fixed.weekday() == weekday and fixed <= published + dt.timedelta(days=1):
            return fixed
    return value


def _in_year_near(
    published: dt.date, month: int, day: int, mod: str, *, by_month: bool
) -> dt.date | None:
    """The occurrence of (month, day) that a report published on ``published`` means:
    the nearest one, a future one counting double (news is mostly about what happened),
    unless "الماضي" or "المقبل" says which."""
    mod = normalize(mod)
    now = published.replace(day=1) if by_month else published
    options = [d for y in (now.year - 1, now.year, now.year + 1) if (d := _date(y, month, day))]
    if mod in pat.MOD_NEXT:
        options = [d for d in options if d > now]
    elif mod in pat.MOD_PAST:
        options = [d for d in options if d < now]
    if not options:
        return None
    return min(options, key=lambda d: ((d - now).days * 2 if d > now else (now - d).days, -d.year))


def _hijri(norm: str, published: dt.date | None) -> list[_Found]:
    table = pat.months()[1]
    out = []
    for m in pat.RX["hijri"].finditer(norm):
        # Hijri month names are also given names (رجب طيب أردوغان، رمضان قديروف): a
        # Hijri date needs its year.
        if not m.group("year"):
            continue
        month = pat.month_number(m.group("m1"), table)
        day = _day(m)
        value = _from_hijri(int(m.group("year")), month, day or 1)
        if day is None and value is not None:
            value = _from_hijri(int(m.group("year")), month, 15)
            value = value.replace(day=1) if value else None
        if value is not None:
            precision, rule = ("day", "hijri") if day else ("month", "hijri_month")
            out.append(_Found(_begin(m), m.end(), value, precision, rule, "hijri"))
    for m in pat.RX["hijri_year"].finditer(norm):
        mid = _from_hijri(int(m.group("year")), 6, 15)
        if mid is not None:
            value = dt.date(mid.year, 1, 1)
            out.append(_Found(_begin(m), m.end(), value, "year", "hijri_year", "hijri"))
    return out


def _from_hijri(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(*Hijri(year, month, day).to_gregorian().datetuple())
    except (ValueError, OverflowError):
        return None


def _numeric(norm: str, published: dt.date | None) -> list[_Found]:
    out = []
    for m in pat.RX["numeric"].finditer(norm):
        a, b, c = (int(m.group(k)) for k in "abc")
        hijri_mark = m.group("h") in ("ه", "هجري", "هجريه")
        if len(m.group("a")) == 4 and len(m.group("c")) <= 2:
            year, month, day = a, b, c
        elif len(m.group("c")) == 4 and len(m.group("a")) <= 2:
            year, day, month = c, a, b
            # Arabic writes the day first; "3/26/2020" can only be month first.
            if month > 12 >= day:
                day, month = month, day
        else:
            continue
        if hijri_mark or 1343 <= year <= 1500:
            value, calendar, rule = _from_hijri(year, month, day), "hijri", "hijri"
        elif 1900 <= year <= 2100:
            value, calendar, rule = _date(year, month, day), "gregorian", "numeric"
        else:
            continue
        if value is not None:
            out.append(_Found(_begin(m), m.end(), value, "day", rule, calendar))
    return out


def _year(norm: str, published: dt.date | None) -> list[_Found]:
    out = []
    for m in pat.RX["year"].finditer(norm):
        value = dt.date(int(m.group("year")), 1, 1)
        out.append(_Found(_begin(m), m.end(), value, "year", "year", "gregorian"))
    for m in pat.RX["relative_period"].finditer(norm):
        out.append(_relative_period(m, published))
    return out


def _relative_period(m: re.Match[str], published: dt.date | None) -> _Found:
    unit, mod = m.group("unit"), m.group("mod")
    step = _step(mod)
    if unit == "العام":
        precision, rule = "year", "relative_year"
        value = published and dt.date(published.year + step, 1, 1)
    else:
        precision, rule = "month", "relative_month"
        value = published and _add_months(published.replace(day=1), step)
        day = _day(m)
        if value and day:
            value, precision = _date(value.year, value.month, day), "day"
    if value is not None and value > published:
        rule = "future"
    if value is None:
        return _Found(_begin(m), m.end(), None, None, rule)
    return _Found(_begin(m), m.end(), value, precision, rule)


def _add_months(first: dt.date, step: int) -> dt.date:
    index = first.year * 12 + first.month - 1 + step
    return dt.date(index // 12, index % 12 + 1, 1)


def _weekday(norm: str, published: dt.date | None) -> list[_Found]:
    out = []
    for m in pat.RX["weekday"].finditer(norm):
        target = pat.WEEKDAY_NUMBERS[m.group("wd")]
        mod = m.group("mod") or ""
        if published is None:
            out.append(_Found(_begin(m), m.end(), None, None, "weekday"))
            continue
        back = (published.weekday() - target) % 7
        rel = pat.RELATIVE.get(pat.key(m.group("rel") or ""))
        if rel and rel[1]:
            # "أمس الأربعاء", "غدا الجمعة": the relative word settles the day.
            value = published + dt.timedelta(days=rel[1])
            out.append(_Found(_begin(m), m.end(), value, "day", rel[0]))
            continue
        if mod in pat.MOD_NEXT:
            ahead = (target - published.weekday()) % 7 or 7
            value, rule = published + dt.timedelta(days=ahead), "future"
        else:
            if mod in pat.MOD_PAST and back == 0:
                back = 7
            value, rule = published - dt.timedelta(days=back), "weekday"
        if not mod and rel and back == 0:
            rule = "today"
        out.append(_Found(_begin(m), m.end(), value, "day", rule))
    return out


def _relative(norm: str, published: dt.date | None) -> list[_Found]:
    out = []
    for m in pat.RX["relative"].finditer(norm):
        word = pat.key(m.group("rel"))
        if word == "اليوم" and not _is_today(norm, m.start("rel"), m.end("rel")):
            continue
        rule, offset = pat.RELATIVE[word]
        value = published + dt.timedelta(days=offset) if published else None
        out.append(_Found(_begin(m), m.end(), value, "day" if value else None, rule))
    for m in pat.RX["days_ago"].finditer(norm):
        n = m.group("n") or ""
        days = 2 if m.group("two") else int(n) if n.isdigit() else pat.DAY_WORDS[pat.key(n)]
        value = published - dt.timedelta(days=days) if published else None
        out.append(_Found(_begin(m), m.end(), value, "day" if value else None, "days_ago"))
    for m in pat.RX["vague"].finditer(norm):
        out.append(_Found(_begin(m), m.end(), None, None, "vague"))
    return out


def _is_today(norm: str, start: int, end: int) -> bool:
    after = norm[end : end + 20].split(maxsplit=1)
    before = norm[max(0, start - 20) : start].split()
    if after and after[0].strip("،,.") in pat.NOT_TODAY_AFTER:
        return False
    return not (before and before[-1] in pat.NOT_TODAY_BEFORE)


# Order settles ties between equally long matches: explicit forms first.
_FINDERS = (_gregorian, _hijri, _numeric, _weekday, _relative, _year)
