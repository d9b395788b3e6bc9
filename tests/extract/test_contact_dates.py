"""Which date expression of its sentence dates a contact, and the fallbacks.

Publication day in most tests: Thursday 26 March 2020.
"""

import datetime as dt

from timeline.extract.contact_dates import contact_date, sentence_bounds
from timeline.extract.types import DateGuess

THURSDAY = dt.date(2020, 3, 26)


def date_at(text: str, trigger: str, published: dt.date | None = THURSDAY, **kw) -> DateGuess:
    """``contact_date`` of the contact whose trigger is the word ``trigger`` of ``text``."""
    return contact_date(text, text.index(trigger), published, **kw)


def test_sentence_bounds_stop_at_full_stops_and_lines_but_not_decimals():
    text = "نما الاقتصاد 3.5 بالمئة. التقى الرئيسان\nسطر آخر"
    assert sentence_bounds(text, 2) == (0, text.index("بالمئة.") + len("بالمئة"))
    start, end = sentence_bounds(text, text.index("التقى"))
    assert text[start:end] == " التقى الرئيسان"


def test_contact_date_takes_the_nearest_day_in_the_sentence():
    text = "وكان الرئيسان التقيا في 5 مارس 2019. وأجرى الرئيس اتصالا هاتفيا بنظيره يوم الثلاثاء."
    guess = date_at(text, "اتصالا")
    assert (guess.value, guess.rule) == (dt.date(2020, 3, 24), "weekday")


def test_contact_date_falls_back_to_publication():
    text = "أجرى الرئيس اتصالا هاتفيا بنظيره. وقال البيان أمس إن الجانبين بحثا الأوضاع."
    guess = date_at(text, "اتصالا")
    assert guess == DateGuess(THURSDAY, "day", "published")
    assert contact_date(text, 3, None) == DateGuess(None, None, "none")


def test_contact_date_keeps_month_precision_for_a_month():
    text = "التقى الرئيس نظيره في حزيران/يونيو 2019 في أوساكا"
    guess = date_at(text, "التقى")
    assert (guess.value, guess.precision) == (dt.date(2019, 6, 1), "month")


def test_contact_date_ignores_a_year_far_from_the_trigger():
    text = (
        "أجرى الرئيس اتصالا هاتفيا بنظيره بحثا فيه سبل تنفيذ الاتفاق النووي الموقع"
        " بين إيران والقوى الكبرى عام 2015"
    )
    assert date_at(text, "اتصالا").rule == "published"


def test_contact_date_prefers_the_reported_clause_over_the_reporting_verb():
    text = "وأكد الوزير الثلاثاء أن الرئيس التقى نظيره سرا في 22 مايو الماضي"
    guess = date_at(text, "التقى")
    assert guess.value == dt.date(2019, 5, 22)


def test_contact_date_reads_a_relative_clause_on_the_trigger():
    text = "رفض الرئيس اليوم التعليق على المكالمة الهاتفية التي جمعته بنظيره منذ يومين"
    guess = date_at(text, "المكالمة")
    assert (guess.value, guess.rule) == (dt.date(2020, 3, 24), "days_ago")


def test_contact_date_never_uses_a_dateline():
    text = "الأربعاء 30 سبتمبر 2020 - 11:42\nأجرى الرئيس اتصالا هاتفيا بنظيره"
    guess = date_at(text, "اتصالا", dt.date(2020, 8, 17), window=(0, len(text)))
    assert guess.rule == "published"


def test_contact_date_returns_vague_rather_than_a_made_up_day():
    text = "أجرى الرئيس اتصالا هاتفيا بنظيره الأسبوع الماضي"
    assert date_at(text, "اتصالا").rule == "vague"


def test_contact_date_honours_the_callers_window():
    text = "أجرى الرئيس اتصالا هاتفيا بنظيره. وكان ذلك يوم الثلاثاء."
    assert date_at(text, "اتصالا").rule == "published"
    assert date_at(text, "اتصالا", window=(0, len(text))).rule == "weekday"


def test_contact_date_skips_the_date_a_span_of_time_starts_from():
    text = "ويعد هذا اللقاء الأول بين الرئيسين منذ انتخاب الرئيس الجديد في يناير الماضي"
    assert date_at(text, "اللقاء").rule == "published"


def test_contact_date_keeps_a_date_after_the_span_is_closed_and_days_ago():
    text = "التقى الرئيس نظيره في أول لقاء منذ توليه منصبه، يوم الثلاثاء"
    assert date_at(text, "التقى").value == dt.date(2020, 3, 24)
    assert date_at("التقى الرئيس نظيره منذ يومين", "التقى").value == dt.date(2020, 3, 24)


def test_a_contact_on_the_eve_of_an_event_is_dated_the_day_before_it():
    text = (
        "أجرى الأمير، عشية القمة الخليجية التي استضافتها الرياض يوم الثلاثاء الماضي، "
        "اتصالا هاتفيا بأخيه أمير قطر."
    )
    guess = date_at(text, "اتصالا", dt.date(2021, 1, 8))  # a Friday
    assert guess.value == dt.date(2021, 1, 4)
    assert guess.raw.startswith("عشية القمة")


def test_the_evening_of_a_named_day_is_that_day():
    text = "تلقى الرئيس، عشيّة اليوم الجمعة 17 فيفري 2017، مكالمة هاتفية من نظيره."
    assert date_at(text, "مكالمة", dt.date(2017, 2, 17)).value == dt.date(2017, 2, 17)
