"""Where a page of the list falls among the months the tallies count."""

import datetime as dt

from django.db.models import Q

from timeline.paging import Window, _window

MONTHS = [("2020-05", 4), ("2020-03", 2), ("2020-01", 5), ("", 3)]  # newest first, undated last


def test_the_first_page_starts_in_the_newest_month() -> None:
    assert _window(MONTHS, 0, 3) == Window(("2020-05",), skip=0, matches=4)


def test_a_page_spanning_months_takes_each_and_skips_what_comes_before() -> None:
    assert _window(MONTHS, 3, 3) == Window(("2020-05", "2020-03"), skip=3, matches=6)
    assert _window(MONTHS, 6, 4) == Window(("2020-01",), skip=0, matches=5)


def test_the_last_page_may_reach_the_undated_contacts() -> None:
    window = _window(MONTHS, 9, 5)
    assert window == Window(("2020-01", ""), skip=3, matches=8)
    january = Q(date__gte=dt.date(2020, 1, 1), date__lte=dt.date(2020, 1, 31))
    assert window.q() == january | Q(date__isnull=True)


def test_a_page_past_the_end_has_no_window() -> None:
    assert _window(MONTHS, 14, 3) is None
