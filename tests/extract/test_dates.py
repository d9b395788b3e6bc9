"""Arabic date expressions, resolved against a publication date.

Publication day in most tests: Thursday 26 March 2020.
"""

import datetime as dt

import pytest

from timeline.extract.dates import find_dates
from timeline.extract.types import DateGuess

THURSDAY = dt.date(2020, 3, 26)


def only(text: str, published: dt.date | None = THURSDAY) -> DateGuess:
    (guess,) = find_dates(text, published)
    assert text[guess.start : guess.end] == guess.raw
    return guess


def test_it_resolves_last_tuesday():
    guess = only("اتصل الرئيس بنظيره يوم الثلاثاء")
    assert (guess.value, guess.precision, guess.rule) == (dt.date(2020, 3, 24), "day", "weekday")
    assert guess.raw == "يوم الثلاثاء"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("اليوم", dt.date(2020, 3, 26)),
        ("أمسِ", dt.date(2020, 3, 25)),
        ("بالأمس", dt.date(2020, 3, 25)),
        ("البارحة", dt.date(2020, 3, 25)),
        ("مساء أمس", dt.date(2020, 3, 25)),
        ("أول أمس", dt.date(2020, 3, 24)),
        ("أول من أمس", dt.date(2020, 3, 24)),
        ("الليلة", dt.date(2020, 3, 26)),
        ("الليلة الماضية", dt.date(2020, 3, 25)),
        ("قبل يومين", dt.date(2020, 3, 24)),
        ("منذ ثلاثة أيام", dt.date(2020, 3, 23)),
    ],
)
def test_it_resolves_words_relative_to_publication(text, expected):
    guess = only(f"وقال الرئيس {text} إن المحادثات كانت مثمرة")
    assert (guess.value, guess.precision) == (expected, "day")


def test_it_marks_tomorrow_as_future():
    guess = only("يزور الرئيس القاهرة غداً")
    assert (guess.value, guess.rule, guess.raw) == (dt.date(2020, 3, 27), "future", "غداً")


def test_it_reads_today_followed_by_a_weekday():
    assert only("اجتمعا اليوم الخميس").rule == "today"
    assert only("اجتمعا اليوم الخميس").value == THURSDAY
    # a weekday that is not the publication day: the most recent one
    assert only("اجتمعا اليوم الأربعاء").value == dt.date(2020, 3, 25)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("الخميس", THURSDAY),  # on or before publication
        ("الخميس الماضي", dt.date(2020, 3, 19)),  # strictly before
        ("الأحد الماضي", dt.date(2020, 3, 22)),
        ("مساء السبت", dt.date(2020, 3, 21)),
        ("صباح الجمعة", dt.date(2020, 3, 20)),
        ("الاثنين", dt.date(2020, 3, 23)),
        ("الإثنين", dt.date(2020, 3, 23)),
        ("الأربعاء", dt.date(2020, 3, 25)),
        ("الاربعاء", dt.date(2020, 3, 25)),
        ("أمس الأربعاء", dt.date(2020, 3, 25)),
        ("ليل الاثنين الثلاثاء", dt.date(2020, 3, 23)),  # the night starts on Monday
    ],
)
def test_it_resolves_weekdays_and_their_variants(text, expected):
    guess = only(f"أجرى الرئيس اتصالا هاتفيا {text} بنظيره")
    assert guess.value == expected and guess.raw == text


def test_it_marks_next_weekday_as_future():
    guess = only("يلتقي الزعيمان الثلاثاء المقبل")
    assert (guess.value, guess.rule) == (dt.date(2020, 3, 31), "future")


def test_it_keeps_a_glued_conjunction_out_of_the_expression():
    first, second = find_dates("التقيا الإثنين والثلاثاء", THURSDAY)
    assert (first.raw, second.raw) == ("الإثنين", "الثلاثاء")
    assert second.value == dt.date(2020, 3, 24)


def test_it_does_not_invent_a_day_for_last_week():
    guess = only("التقى الزعيمان الأسبوع الماضي")
    assert (guess.value, guess.precision, guess.rule) == (None, None, "vague")


@pytest.mark.parametrize(
    "text",
    [
        "اليوم الوطني",
        "قناة روسيا اليوم",
        "في اليوم التالي",
        "رجب طيب أردوغان",
        "مارس الرئيس ضغوطا",
        "غداة القمة",
        "شهر رمضان",
        "قبل ثلاثة أشهر",
    ],
)
def test_it_ignores_words_that_only_look_like_dates(text):
    assert find_dates(text, THURSDAY) == []


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("26 مارس 2020", dt.date(2020, 3, 26), "day"),
        ("26 آذار/مارس 2020", dt.date(2020, 3, 26), "day"),
        ("28 حزيران/ يونيو 2019", dt.date(2019, 6, 28), "day"),
        ("20 يوليو (تموز) 2015", dt.date(2015, 7, 20), "day"),
        ("9 كانون الأول/ديسمبر 2019", dt.date(2019, 12, 9), "day"),
        ("7 جوان 2017", dt.date(2017, 6, 7), "day"),
        ("3 جويلية 2017", dt.date(2017, 7, 3), "day"),
        ("15 أوت 2016", dt.date(2016, 8, 15), "day"),
        ("2 يونيه 2014", dt.date(2014, 6, 2), "day"),
        ("١٤ أغسطس ٢٠١٣", dt.date(2013, 8, 14), "day"),
        ("الحادي والعشرين من أيلول/سبتمبر 2018", dt.date(2018, 9, 21), "day"),
        ("الأول من يناير 2021", dt.date(2021, 1, 1), "day"),
        ("حزيران/ يونيو 2019", dt.date(2019, 6, 1), "month"),
        ("شهر فيفري 2017", dt.date(2017, 2, 1), "month"),
        ("عام 2019", dt.date(2019, 1, 1), "year"),
    ],
)
def test_it_reads_explicit_dates(text, expected, precision):
    guess = only(f"وكان اللقاء في {text} بحسب البيان")
    assert (guess.value, guess.precision, guess.raw) == (expected, precision, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020/3/26", dt.date(2020, 3, 26)),
        ("26-03-2020", dt.date(2020, 3, 26)),
        ("26/3/2020", dt.date(2020, 3, 26)),
        ("3/26/2020", dt.date(2020, 3, 26)),  # only month first makes sense
        ("٢٦/٣/٢٠٢٠", dt.date(2020, 3, 26)),
    ],
)
def test_it_reads_numeric_dates_day_first(text, expected):
    guess = only(f"بتاريخ {text} صدر البيان")
    assert (guess.value, guess.rule) == (expected, "numeric")


def test_it_takes_a_day_and_month_in_the_publication_year():
    guess = only("التقى الزعيمان في 20 مارس")
    assert (guess.value, guess.rule) == (dt.date(2020, 3, 20), "day_month")


def test_it_takes_last_year_when_the_day_would_be_far_ahead():
    assert only("التقى الزعيمان في 11 ديسمبر").value == dt.date(2019, 12, 11)


def test_it_keeps_a_near_future_day_in_the_publication_year():
    guess = only("تنتهي المهلة في 12 أبريل")
    assert (guess.value, guess.rule) == (dt.date(2020, 4, 12), "future")


def test_it_follows_last_and_next_after_a_month():
    assert only("في مارس الماضي").value == dt.date(2019, 3, 1)
    assert only("في 20 يوليو (تموز) الماضي").value == dt.date(2019, 7, 20)
    assert only("في يناير المقبل").value == dt.date(2021, 1, 1)


def test_it_reads_a_day_of_the_current_month():
    guess = only("القمة في الـ12 من الشهر الجاري")
    assert (guess.value, guess.precision) == (dt.date(2020, 3, 12), "day")


def test_it_reads_last_year_and_next_month():
    assert only("العام الماضي").value == dt.date(2019, 1, 1)
    assert only("العام الماضي").precision == "year"
    assert only("الشهر المقبل").value == dt.date(2020, 4, 1)
    assert only("الشهر المقبل").rule == "future"


def test_it_converts_hijri_dates():
    guess = only("في 5 رمضان 1439 هـ")
    assert (guess.value, guess.precision, guess.rule) == (dt.date(2018, 5, 20), "day", "hijri")
    assert guess.raw == "5 رمضان 1439 هـ"  # the tatweel belongs to the expression


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 محرم 1440 هـ", dt.date(2018, 9, 11)),
        ("10 ذو الحجة 1440هـ", dt.date(2019, 8, 11)),
        ("15 ربيع الأول 1441 هجرية", dt.date(2019, 11, 12)),
        ("17 / 4 / 1430هـ", dt.date(2009, 4, 13)),
    ],
)
def test_it_reads_hijri_month_names_and_numeric_hijri(text, expected):
    assert only(f"صدر القرار في {text}").value == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("في أول أيام شهر رمضان المبارك لعام 1440 هـ", dt.date(2019, 5, 6)),
        ("في أول يوم من شوال 1445 هجرية", dt.date(2024, 4, 10)),
    ],
)
def test_it_reads_the_first_day_of_a_hijri_month_with_its_epithet(text, expected):
    guess = only(text)
    assert (guess.value, guess.precision, guess.rule) == (expected, "day", "hijri")


def test_it_gives_a_hijri_year_year_precision():
    guess = only("ميزانية عام 1439هـ")
    assert (guess.value, guess.precision, guess.rule) == (dt.date(2018, 1, 1), "year", "hijri_year")


def test_it_gives_one_date_for_side_by_side_hijri_and_gregorian():
    text = "الرياض الخميس 5 رمضان 1439 هـ الموافق 20 مايو 2018م"
    guess = only(text)
    assert guess.value == dt.date(2018, 5, 20)
    assert guess.raw == "الخميس 5 رمضان 1439 هـ الموافق 20 مايو 2018م"


def test_it_flags_a_dateline_standing_alone_with_a_time():
    text = "رئيس التحرير\nالأربعاء 30 سبتمبر 2020 - 11:42\nاتصل الرئيس بنظيره اليوم"
    header, today = find_dates(text, dt.date(2020, 8, 17))
    assert (header.rule, header.value, header.raw) == (
        "header",
        dt.date(2020, 9, 30),
        "الأربعاء 30 سبتمبر 2020",
    )
    assert today.rule == "today"


def test_it_does_not_flag_a_date_inside_a_sentence_as_dateline():
    assert only("التقى الرئيسان في 30 سبتمبر 2020 في باريس").rule == "explicit"


def test_it_trusts_the_publication_year_over_a_weekday_that_contradicts_the_date():
    # 19 February 2016 was a Friday; 19 February 2017 a Sunday.
    guess = only("صرح الرئيس اليوم الأحد 19 فيفري 2016", dt.date(2017, 2, 19))
    assert guess.value == dt.date(2017, 2, 19)


def test_it_resolves_nothing_relative_without_a_publication_date():
    assert only("أمس", None).value is None
    assert only("26 مارس 2020", None).value == dt.date(2020, 3, 26)


def test_it_reads_a_day_and_month_of_last_year():
    guess = only("استقبله في 31 يناير من العام الماضي", dt.date(2023, 11, 27))
    assert (guess.value, guess.precision) == (dt.date(2022, 1, 31), "day")
    assert guess.raw == "31 يناير من العام الماضي"
