"""The date lexicon and the patterns built from it, once, at import.

Words live in ``data/dates.json`` (weekdays, relative words, ordinals, modifiers) and
``data/months.csv`` (Gregorian, Levantine, Maghreb and Hijri month names). Every table
here is keyed on normalized text, as ``dates.py`` matches on ``normalize_with_offsets``.
"""

from __future__ import annotations

import csv
import json
import re
from functools import lru_cache
from pathlib import Path

from timeline.extract.normalize import normalize

_DATA = Path(__file__).parent / "data"
with (_DATA / "dates.json").open(encoding="utf-8") as _handle:
    _LEX = json.load(_handle)
_WEEKDAYS: dict[str, int] = _LEX["weekdays"]
_PAST, _NEXT, _CURRENT = _LEX["past"], _LEX["next"], _LEX["current"]
_DAY_WORDS: dict[str, int] = _LEX["day_counts"]
_RELATIVE: dict[str, list] = _LEX["relative"]


def _ordinals() -> dict[str, int]:
    """Ordinal day words: "الأول من مارس" .. "الحادي والثلاثين من مارس"."""
    units = _LEX["ordinal_units"]
    words = {"أول": 1} | {unit: n for n, unit in enumerate(units, start=1)}
    for tens_word, tens in _LEX["ordinal_tens"].items():
        for n, unit in enumerate(units[:9], start=1):
            unit = "الحادي" if n == 1 else unit
            words[f"{unit} {tens_word}" if tens == 10 else f"{unit} و{tens_word}"] = tens + n
        if tens > 10:
            words[tens_word] = tens
    return {w: n for w, n in words.items() if n <= 31}


_ORDINALS = _ordinals()
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?\s*(?:ص|م|صباحا|مساء|am|pm|AM|PM)?"


def _alt(words: object) -> str:
    """Regex alternation of normalized ``words``, longest first, spaces flexible."""
    forms = {normalize(w) for w in words}  # type: ignore[attr-defined]
    escaped = (re.escape(f).replace(r"\ ", r"\s+") for f in sorted(forms, key=len, reverse=True))
    return "(?:" + "|".join(escaped) + ")"


@lru_cache(maxsize=1)
def months() -> tuple[dict[str, int], dict[str, int]]:
    """(Gregorian, Hijri) month name -> month number, names keyed by ``key``."""
    gregorian: dict[str, int] = {}
    hijri: dict[str, int] = {}
    with (_DATA / "months.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            table = hijri if row["calendar"] == "hijri" else gregorian
            table[key(row["name"])] = int(row["month"])
    return gregorian, hijri


def key(name: str) -> str:
    """Normalized ``name`` with its spaces folded: the key of every word table here."""
    return " ".join(normalize(name).split())


def month_number(name: str, table: dict[str, int]) -> int:
    return table[key(name)]


_WD = _alt(_WEEKDAYS)
_MOD = _alt(_PAST + _NEXT + _CURRENT)


def _calendar_patterns() -> dict[str, re.Pattern[str]]:
    """Dates the text states: day, month and year in words or digits, either calendar."""
    gregorian, hijri = months()
    wd, mod = _WD, _MOD
    gm = _alt(gregorian)
    hm = _alt(hijri)
    lead = (
        rf"(?:(?:{_alt(['اليوم', 'يوم'])}\s+)?(?P<wd>{wd})\s*[،,]?\s*(?:{_alt(['الموافق'])}\s*)?)?"
    )
    year = r"(?:\s*[،,]?\s*(?:من\s+)?(?:عام\s+|العام\s+|سنه\s+)?(?P<year>(?:19|20)\d\d)(?!\d)"
    year += r"(?:\s*(?:م|ميلادي|ميلاديه)(?!\w))?)?"
    day = r"(?:(?:ال)?(?P<day>(?<![\d/.:\-])[0-3]?\d(?!\d))\s*(?:من\s+)?(?:شهر\s+)?"
    day += rf"|(?P<ordinal>{_alt(_ORDINALS)})\s+من\s+(?:شهر\s+)?|(?P<shahr>شهر\s+))?"
    dual = rf"(?:\s*[/\-(]\s*(?P<m2>{gm})(?:\s*\))?)?"
    # "31 يناير من العام الماضي": the year told against publication.
    ryear = rf"(?:\s+(?:من\s+)?(?:العام|السنه)\s+(?P<ymod>{mod})(?!\w))?"
    # "أول أيام شهر رمضان المبارك لعام 1442 هـ": the first day, an epithet, then the year.
    hday = r"(?:(?P<first>اول\s+(?:ايام|يوم)\s+(?:من\s+)?(?:شهر\s+)?)|" + day[3:]
    epithet = r"(?:\s+(?:المعظم|المبارك|الكريم|الفضيل|الحرام))?"
    hyear = epithet
    hyear += r"(?:\s*[،,]?\s*(?:من\s+)?(?:(?:ل?عام|العام|للعام|ل?سنه)\s+)?"
    hyear += r"(?P<year>1[34]\d\d)(?!\d)"
    hyear += r"(?:\s*(?P<h>ه|هجري|هجريه)(?!\w))?)?"
    return {
        "gregorian": re.compile(
            rf"(?<!\w){lead}{day}(?P<m1>{gm})(?!\w){dual}{year}{ryear}(?:\s+(?P<mod>{mod})(?!\w))?"
        ),
        "hijri": re.compile(rf"(?<!\w){lead}{hday}(?P<m1>{hm})(?!\w){hyear}"),
        "hijri_year": re.compile(r"(?<![\d/])(?P<year>1[34]\d\d)\s*(?:ه|هجري|هجريه)(?!\w)"),
        "numeric": re.compile(
            r"(?<![\d/.\-])(?P<a>\d{1,4}) ?(?P<sep>[/.\-]) ?(?P<b>\d{1,2}) ?(?P=sep) ?"
            r"(?P<c>\d{1,4})"
            r"(?![\d/.\-]|\.\d)(?:\s*(?P<h>ه|هجري|هجريه|م)(?!\w))?"
        ),
        "year": re.compile(
            rf"(?<!\w)(?P<pfx>[وفبل]?)(?:{_alt(['عام', 'العام', 'سنة', 'السنة'])})\s+"
            r"(?P<year>(?:19|20)\d\d)(?!\d)(?:\s*م(?!\w))?"
        ),
        "relative_period": re.compile(
            rf"(?<!\w)(?P<pfx>[وفبل]?)(?:(?:ال)?(?P<day>[0-3]?\d)\s+من\s+|(?P<ordinal>"
            rf"{_alt(_ORDINALS)})\s+من\s+)?(?P<unit>{_alt(['العام', 'الشهر'])})\s+"
            rf"(?P<mod>{mod})(?!\w)"
        ),
    }


def _relative_patterns() -> dict[str, re.Pattern[str]]:
    """Dates told against the publication day, and the text around datelines."""
    wd, mod = _WD, _MOD
    rel = _alt(_RELATIVE)
    rel_day = _alt(["اليوم", "أمس", "غدا"])
    parts = _alt(_LEX["parts_of_day"])
    return {
        "weekday": re.compile(
            rf"(?<!\w)(?P<pfx>[وف]?)(?:(?P<part>{parts})\s+)?(?:(?P<rel>{rel_day})\s+)?"
            rf"[وفب]?(?P<wd>{wd})(?!\w)(?:\s*(?:[-–/]|الي|علي)?\s*(?P<wd2>{wd})(?!\w))?"
            rf"(?:\s+(?P<mod>{mod})(?!\w))?"
        ),
        "relative": re.compile(
            rf"(?<!\w)(?P<pfx>[وف]?)(?:ب)?(?:(?:{parts})\s+)?(?P<rel>{rel})(?!\w)"
        ),
        "days_ago": re.compile(
            rf"(?<!\w)(?:قبل|منذ)\s+(?:(?P<two>يومين)|(?P<n>{_alt(_DAY_WORDS)}|\d{{1,2}})\s+"
            rf"{_alt(['أيام', 'يوما'])})(?!\w)"
        ),
        "vague": re.compile(rf"(?<!\w)(?P<pfx>[وف]?)(?:{_alt(_LEX['vague'])})(?!\w)"),
        "header_rest": re.compile(
            rf"[\s\-–—|,،:]*(?:(?:{_alt(_LEX['header_labels'])})\s*:?)?[\s\-–—|,،:]*"
            rf"(?P<time>(?:الساعه\s*)?{_TIME})?[\s\-–—|,،]*"
        ),
        "bridge": re.compile(
            rf"[\s,،\-–/()]*(?:{_alt(['الموافق', 'الموافق ل', 'الموافق لـ'])})?[\s,،\-–/()]*"
        ),
    }


RX = _calendar_patterns() | _relative_patterns()
WEEKDAY_NUMBERS = {normalize(k): v for k, v in _WEEKDAYS.items()}
RELATIVE = {key(k): v for k, v in _RELATIVE.items()}
ORDINALS = {key(k): v for k, v in _ORDINALS.items()}
DAY_WORDS = {normalize(k): v for k, v in _DAY_WORDS.items()}
MOD_PAST = {normalize(w) for w in _PAST}
MOD_NEXT = {normalize(w) for w in _NEXT}
NOT_TODAY_AFTER = {normalize(w) for w in _LEX["not_today_after"]}
NOT_TODAY_BEFORE = {normalize(w) for w in _LEX["not_today_before"]}
