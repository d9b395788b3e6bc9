"""Figures are built from plain rows: no database needed."""

from __future__ import annotations

import datetime as dt

import pytest

from timeline import charts


def row(n: int, *people: str, medium: str = "phone", topics=(), initiator=None) -> dict:
    return {
        "id": n,
        "date": dt.date(2020, 1, n),
        "date_precision": "day",
        "medium": medium,
        "initiator_id": initiator,
        "initiator__name_ar": {"FR": "فرنسا"}.get(initiator),
        "initiator__name_en": {"FR": "France"}.get(initiator),
        "participants": [
            {"slug": p, "name_ar": f"ع-{p}", "name_en": p.title(), "country": "FR"} for p in people
        ],
        "topics": [{"slug": t, "name_ar": f"م-{t}", "name_en": t.title()} for t in topics],
        "outlets": ["<b>Wire</b>"],
    }


def url(n: int) -> str:
    return f"/contacts/{n}/"


def points(fig: dict) -> list[tuple[str, str]]:
    return [
        (y, link)
        for trace in fig["data"]
        for y, link in zip(trace["y"], trace.get("customdata", []), strict=False)
        if y is not None
    ]


def test_each_contact_is_drawn_on_each_participants_row() -> None:
    fig = charts.timeline_figure([row(1, "a", "b"), row(2, "a", "c")], lang="en", contact_url=url)
    assert sorted(points(fig)) == [
        ("A", "/contacts/1/"),
        ("A", "/contacts/2/"),
        ("B", "/contacts/1/"),
        ("C", "/contacts/2/"),
    ]


def test_a_focal_leader_turns_rows_into_counterparts_one_point_per_contact() -> None:
    rows = [row(1, "a", "b"), row(2, "a", "c"), row(3, "a", "b")]
    fig = charts.timeline_figure(rows, lang="en", contact_url=url, focal="a")
    assert sorted(y for y, _link in points(fig)) == ["B", "B", "C"]


def test_the_busiest_leader_is_the_top_row() -> None:
    fig = charts.timeline_figure([row(1, "a", "b"), row(2, "a", "c")], lang="en", contact_url=url)
    assert fig["layout"]["yaxis"]["categoryarray"][-1] == "A"


def test_labels_and_names_follow_the_language() -> None:
    fig = charts.timeline_figure([row(1, "a", "b", topics=["libya"])], lang="ar", contact_url=url)
    assert {y for y, _link in points(fig)} == {"ع-a", "ع-b"}
    assert fig["data"][0]["name"] == "م-libya"
    assert fig["layout"]["yaxis"]["side"] == "right"


def test_marker_symbols_show_the_medium() -> None:
    rows = [row(1, "a", "b", medium="meeting"), row(2, "a", "b", medium="phone")]
    fig = charts.timeline_figure(rows, lang="en", contact_url=url, focal="a")
    assert fig["data"][0]["marker"]["symbol"] == ["diamond", "circle"]


def test_colour_by_initiator_groups_points_by_the_initiating_country() -> None:
    rows = [row(1, "a", "b", initiator="FR"), row(2, "a", "b")]
    fig = charts.timeline_figure(rows, lang="en", contact_url=url, colour="initiator", focal="a")
    names = [t["name"] for t in fig["data"] if t.get("customdata")]
    assert sorted(names) == ["France", "unknown initiator"]


def test_hover_text_escapes_what_came_from_articles() -> None:
    fig = charts.timeline_figure([row(1, "a", "b")], lang="en", contact_url=url)
    assert "&lt;b&gt;Wire&lt;/b&gt;" in fig["data"][0]["hovertext"][0]


def test_many_colour_groups_fold_into_one_grey_other_group() -> None:
    rows = [row(n, "a", "b", topics=[f"t{n}"]) for n in range(1, 21)]
    fig = charts.timeline_figure(rows, lang="en", contact_url=url, focal="a")
    coloured = [t for t in fig["data"] if t.get("customdata")]
    assert len(coloured) == len(charts.PALETTE)
    assert coloured[-1]["marker"]["color"] == charts.OTHER
    assert sum(len(t["x"]) for t in coloured) == 20


def test_a_single_days_timeline_shows_a_month_each_side_not_milliseconds() -> None:
    fig = charts.timeline_figure([row(15, "a", "b")], lang="en", contact_url=url)
    assert fig["layout"]["xaxis"]["range"] == ["2019-12-15", "2020-02-15"]
    assert fig["layout"]["xaxis"]["rangeslider"]["range"] == ["2019-12-15", "2020-02-15"]


def test_a_timeline_spanning_months_fits_its_data() -> None:
    rows = [row(1, "a", "b"), {**row(2, "a", "b"), "date": dt.date(2020, 6, 1)}]
    fig = charts.timeline_figure(rows, lang="en", contact_url=url)
    assert "range" not in fig["layout"]["xaxis"]


def test_large_timelines_switch_to_webgl() -> None:
    rows = [row(1 + n % 28, "a", "b") for n in range(charts.WEBGL_POINTS)]
    fig = charts.timeline_figure(rows, lang="en", contact_url=url)
    assert fig["data"][0]["type"] == "scattergl"


def test_monthly_timeline_sizes_markers_by_count() -> None:
    rows = [
        {"leader__slug": "a", "leader__name_ar": "أ", "leader__name_en": "A",
         "month": dt.date(2020, 1, 1), "contact__medium": "phone", "n": 9},
        {"leader__slug": "b", "leader__name_ar": "ب", "leader__name_en": "B",
         "month": dt.date(2020, 2, 1), "contact__medium": "phone", "n": 1},
    ]  # fmt: skip
    fig = charts.monthly_timeline_figure(rows, lang="en", month_url=lambda r: r["leader__slug"])
    sizes = fig["data"][0]["marker"]["size"]
    assert sizes[0] > sizes[1]
    assert fig["data"][0]["customdata"] == ["a", "b"]


def heat_row(code: str, slug: str, n: int) -> dict:
    return {
        "contact__participations__country_id": code,
        "contact__participations__country__name_ar": code,
        "contact__participations__country__name_en": code,
        "topic__slug": slug,
        "topic__name_ar": slug,
        "topic__name_en": slug,
        "n": n,
    }


def test_heatmap_rows_are_countries_and_columns_topics_busiest_first() -> None:
    counts = [heat_row("FR", "libya", 2), heat_row("TR", "syria", 5), heat_row("TR", "libya", 1)]
    fig = charts.heatmap_figure(
        counts, {"FR": 2, "TR": 6}, lang="en", cell_url=lambda c, s: f"{c}/{s}"
    )
    trace = fig["data"][0]
    assert trace["y"] == ["TR", "FR"]
    assert trace["x"] == ["syria", "libya"]
    assert trace["z"] == [[5, 1], [None, 2]]
    assert trace["customdata"][0][1] == "TR/libya"


def test_heatmap_share_divides_by_the_countrys_contacts() -> None:
    counts = [heat_row("TR", "syria", 3), heat_row("TR", "libya", 1)]
    fig = charts.heatmap_figure(
        counts, {"TR": 4}, lang="en", cell_url=lambda c, s: c, value="share"
    )
    assert fig["data"][0]["z"] == [[0.75, 0.25]]


def test_pair_heatmap_drops_a_leader_talking_to_themself() -> None:
    def pair(a: str, b: str, n: int) -> dict:
        return {
            "leader__slug": a, "leader__name_ar": a, "leader__name_en": a,
            "contact__participations__leader__slug": b,
            "contact__participations__leader__name_ar": b,
            "contact__participations__leader__name_en": b,
            "contact__participations__country_id": b.upper(), "n": n,
        }  # fmt: skip

    rows = [pair("a", "a", 3), pair("a", "b", 3), pair("b", "a", 3), pair("b", "b", 3)]
    fig = charts.pair_heatmap_figure(rows, lang="en", cell_url=lambda a, c: f"{a}-{c}")
    assert fig["data"][0]["z"] == [[None, 3], [3, None]]
    assert fig["data"][0]["customdata"][0][1] == "a-B"


def test_activity_figure_stacks_months_by_medium() -> None:
    rows = [
        {"month": dt.date(2020, 1, 1), "medium": "phone", "n": 2},
        {"month": dt.date(2020, 1, 1), "medium": "meeting", "n": 1},
    ]
    fig = charts.activity_figure(rows, lang="en")
    assert fig["layout"]["barmode"] == "stack"
    assert [t["y"] for t in fig["data"]] == [[2], [1]]


def test_list_link_keeps_other_filters_and_replaces_its_own() -> None:
    link = charts.list_link("/contacts/", {"topic": ["a"], "page": ["3"]}, topic="b", country="FR")
    assert link == "/contacts/?topic=b&country=FR"


@pytest.mark.parametrize(
    "query", [{}, {"topic": ["libya", "syria"], "page": ["3"], "q": ["بوتين & co"]}]
)
def test_a_list_linker_builds_the_same_links_as_list_link(query: dict) -> None:
    link = charts.list_linker("/contacts/", query, "start", "leader")
    assert link("2020-01-01", "émile") == charts.list_link(
        "/contacts/", query, start="2020-01-01", leader="émile"
    )


def test_a_monthly_timeline_says_when_it_shows_only_the_busiest_leaders() -> None:
    rows = [
        {"leader__slug": s, "leader__name_ar": s, "leader__name_en": s,
         "month": dt.date(2020, 1, 1), "contact__medium": "video", "n": 1}
        for s in ("a", "b")
    ]  # fmt: skip
    fig = charts.monthly_timeline_figure(rows, lang="en", month_url=str, top=2)
    assert fig["layout"]["meta"]["top"] == 2
    assert "video call: 1" in fig["data"][0]["hovertext"][0]
    fig = charts.monthly_timeline_figure(rows, lang="en", month_url=str, top=3)
    assert "top" not in fig["layout"]["meta"]


def test_the_leader_activity_axis_counts_in_whole_steps():
    import datetime as dt

    from timeline.charts import activity_figure

    rows = [
        {"medium": "phone", "month": dt.date(2020, 1, 1), "n": 2},
        {"medium": "meeting", "month": dt.date(2020, 1, 1), "n": 1},
        {"medium": "phone", "month": dt.date(2020, 3, 1), "n": 1},
    ]
    assert activity_figure(rows, lang="en")["layout"]["yaxis"]["dtick"] == 1
    many = [{"medium": "phone", "month": dt.date(2020, 1, 1), "n": 30}]
    assert activity_figure(many, lang="en")["layout"]["yaxis"]["dtick"] == 5


def test_one_month_of_activity_shows_as_a_month_wide_bar_between_its_neighbours():
    rows = [{"medium": "phone", "month": dt.date(2020, 8, 1), "n": 1}]
    fig = charts.activity_figure(rows, lang="en")
    assert fig["layout"]["xaxis"]["range"] == ["2020-07-01", "2020-10-01"]
    december = [{"medium": "phone", "month": dt.date(2020, 12, 1), "n": 1}]
    assert charts.activity_figure(december, lang="en")["layout"]["xaxis"]["range"] == [
        "2020-11-01",
        "2021-02-01",
    ]
    assert fig["data"][0]["width"] == 25 * 24 * 3600 * 1000
    assert fig["layout"]["xaxis"]["dtick"] == "M1"
