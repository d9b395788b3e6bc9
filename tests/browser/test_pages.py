"""The pages in a real browser: charts draw, filters narrow, clicks navigate, Arabic is RTL."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The range slider under the plot draws a second, small copy of every point: count the plot only.
POINTS = ".cartesianlayer .scatterlayer .trace .points path.point"


def open_chart(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector('.chart[data-ready="true"]')


def drawn_points(page) -> int:
    return page.locator(POINTS).count()


def test_the_timeline_draws_one_point_per_contact(page, live_server, sample) -> None:
    open_chart(page, f"{live_server.url}/timeline/?leader=vladimir-putin")
    assert drawn_points(page) == 3


def test_every_contact_is_on_the_timeline_without_a_focal_leader(page, live_server, sample) -> None:
    open_chart(page, f"{live_server.url}/timeline/")
    links = page.evaluate(
        "() => [...new Set(document.querySelector('.chart').data"
        ".flatMap(t => t.customdata || []))].sort()"
    )
    expected = sorted(c.get_absolute_url() for c in (sample.call, sample.later, sample.meeting))
    assert links == expected


def test_a_filter_narrows_the_points(page, live_server, sample) -> None:
    open_chart(page, f"{live_server.url}/timeline/?leader=vladimir-putin")
    page.select_option("select[name=medium]", "meeting")
    page.get_by_role("button", name="طبّق").click()
    page.wait_for_url(re.compile(r"medium=meeting"))
    page.wait_for_selector('.chart[data-ready="true"]')
    assert drawn_points(page) == 1
    assert page.locator(".chip").count() == 2


def test_clicking_a_timeline_point_opens_the_contact(page, live_server, sample) -> None:
    open_chart(page, f"{live_server.url}/timeline/?leader=recep-tayyip-erdogan")
    box = page.locator(POINTS).first.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(f"**{sample.meeting.get_absolute_url()}")
    assert page.locator("h1").inner_text().count("بوتين") == 1


def cell_centre(page, row: str, column: str) -> tuple[float, float]:
    """Where on the screen the heatmap draws the cell (row, column)."""
    return tuple(
        page.evaluate(
            """([row, column]) => {
                const gd = document.querySelector('.chart');
                const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
                const box = gd.getBoundingClientRect();
                return [box.left + xa._offset + xa.d2p(column), box.top + ya._offset + ya.d2p(row)];
            }""",
            [row, column],
        )
    )


def test_clicking_a_heatmap_cell_lands_on_the_filtered_list(page, live_server, sample) -> None:
    open_chart(page, f"{live_server.url}/heatmap/")
    x, y = cell_centre(page, "تركيا", "سوريا")
    page.mouse.click(x, y)
    page.wait_for_url(re.compile(r"/contacts/\?country=TR&topic=syria$"))
    rows = page.locator("table.contacts tbody tr")
    assert rows.count() == 1
    assert "أردوغان" in rows.first.inner_text()


def test_the_arabic_page_reads_right_to_left(page, live_server, sample) -> None:
    page.goto(f"{live_server.url}/contacts/")
    assert page.evaluate("() => document.documentElement.dir") == "rtl"
    assert page.evaluate("() => getComputedStyle(document.body).direction") == "rtl"
    headers = page.locator("table.contacts th")
    first, last = headers.first.bounding_box(), headers.last.bounding_box()
    assert first["x"] > last["x"], "the first column should be on the right"


def test_the_language_switch_turns_the_page_left_to_right(page, live_server, sample) -> None:
    page.goto(f"{live_server.url}/contacts/?medium=meeting")
    page.get_by_role("button", name="English").click()
    page.wait_for_function("() => document.documentElement.dir === 'ltr'")
    assert page.url.endswith("/contacts/?medium=meeting")
    assert "Recep Tayyip Erdogan" in page.locator("table.contacts").inner_text()
