"""Every page renders with data, honours the filters, hides what readers must not see, and
runs a fixed number of queries however many contacts there are."""

from __future__ import annotations

import json
from collections import Counter
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from timeline.models import Contact, Leader

pytestmark = pytest.mark.django_db

LIST = reverse("timeline:contact_list")


def figure(response, data_id: str) -> dict:
    html = response.content.decode()
    start = html.index(f'<script id="{data_id}" type="application/json">')
    body = html[html.index(">", start) + 1 : html.index("</script>", start)]
    return json.loads(body)


def timeline_ids(fig: dict) -> set[str]:
    return {url for trace in fig["data"] for url in trace.get("customdata", [])}


def test_the_dashboard_shows_counts_chart_and_latest_contacts(client, sample) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["summary"]["contacts"] == 3
    assert response.context["summary"]["leaders"] == 3
    assert sample.call.get_absolute_url() in timeline_ids(figure(response, "timeline-chart-data"))
    assert "بوتين" in response.content.decode()


@pytest.mark.parametrize("query", ["country=FR", "topic=syria", "country=FR&sort=date"])
def test_the_dashboards_latest_contacts_are_the_lists_first_ones(
    client, make_contacts, query
) -> None:
    make_contacts(60)
    latest = list(client.get(f"/?{query}").context["latest"])
    listed = list(client.get(f"{LIST}?{query}").context["contacts"])
    assert len(latest) == 10
    assert latest == listed[:10]


def test_the_dashboard_under_a_country_and_a_topic_counts_the_contacts_of_both(
    client, make_contacts
) -> None:
    make_contacts(40)
    both = Contact.objects.public().filter(participations__country="RU", topics__slug="syria")
    summary = client.get("/", {"country": "RU", "topic": "syria"}).context["summary"]
    assert summary["contacts"] == both.distinct().count() > 0
    assert summary["reports"] == sum(c.reports.count() for c in both.distinct())


def test_who_talks_to_whom_under_a_leader_shows_their_counterparts_pairs_too(client, db) -> None:
    factories.contact("vladimir-putin", "emmanuel-macron", "recep-tayyip-erdogan")
    factories.contact("vladimir-putin", "emmanuel-macron")
    response = client.get("/heatmap/", {"view": "leaders", "leader": "vladimir-putin"})
    trace = figure(response, "heatmap-chart-data")["data"][0]
    cells = dict(zip(trace["y"], trace["z"], strict=True))
    columns = trace["x"]
    names = ("فلاديمير بوتين", "إيمانويل ماكرون", "رجب طيب أردوغان")
    putin, macron, erdogan = (columns.index(name) for name in names)
    assert [cells[columns[putin]][i] for i in (macron, erdogan)] == [2, 1]
    assert cells[columns[macron]][erdogan] == 1  # met in Putin's company


def test_the_page_is_arabic_and_right_to_left_by_default(client, sample) -> None:
    html = client.get("/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html


def test_english_is_left_to_right_with_english_names(client, sample) -> None:
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(LIST).content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert "Vladimir Putin" in html


def test_the_list_hides_rejected_and_merged_contacts(client, sample) -> None:
    contacts = list(client.get(LIST).context["contacts"])
    assert set(contacts) == {sample.call, sample.later, sample.meeting}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("leader=recep-tayyip-erdogan", {"meeting"}),
        ("leader=Recep Tayyip Erdogan", {"meeting"}),
        ("country=TR", {"meeting"}),
        ("topic=libya&topic=covid-19", {"call", "later"}),
        ("medium=meeting", {"meeting"}),
        ("initiator=RU", {"call"}),
        ("start=2020-01-01&end=2020-04-01", {"call"}),
        ("outlet=Kremlin News", {"call"}),
        ("review=verified", {"meeting"}),
        ("q=ليبيا", {"call"}),
        ("q=بوتين وماكرون", {"call"}),
    ],
)
def test_each_filter_narrows_the_list(client, sample, query: str, expected: set[str]) -> None:
    contacts = set(client.get(f"{LIST}?{query}").context["contacts"])
    assert contacts == {getattr(sample, name) for name in expected}


def test_the_list_sorts_by_a_column(client, sample) -> None:
    ascending = list(client.get(f"{LIST}?sort=date").context["contacts"])
    assert ascending == [sample.meeting, sample.call, sample.later]


def test_the_list_paginates(client, make_contacts) -> None:
    make_contacts(55)
    first = client.get(LIST)
    second = client.get(f"{LIST}?page=2")
    assert len(first.context["contacts"]) == 50
    assert len(second.context["contacts"]) == 5
    assert "page=2" in first.content.decode()


def test_active_filters_show_as_chips_with_remove_links(client, sample) -> None:
    response = client.get(f"{LIST}?leader=vladimir-putin&topic=libya&topic=syria&sort=date")
    chips = response.context["chips"]
    assert [c.value for c in chips] == ["فلاديمير بوتين", "ليبيا", "سوريا"]
    libya = chips[1]
    assert "topic=libya" not in libya.remove_url
    assert "topic=syria" in libya.remove_url and "leader=vladimir-putin" in libya.remove_url
    assert response.context["clear_url"] == "?sort=date"


def test_an_unknown_filter_value_is_reported_not_fatal(client, sample) -> None:
    response = client.get(f"{LIST}?leader=nobody")
    assert response.status_code == 200
    assert response.context["filter"].form.errors


def test_the_contact_page_highlights_evidence_and_escapes_article_text(client, sample) -> None:
    report = sample.call.reports.get()
    report.article.text = "<script>alert(1)</script> " + report.article.text
    report.article.save()
    report.evidence = [
        {**e, "start": e["start"] + 26, "end": e["end"] + 26} for e in report.evidence
    ]
    report.save()
    html = client.get(sample.call.get_absolute_url()).content.decode()
    assert '<mark title="medium">اتصالا هاتفيا</mark>' in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Kremlin News" in html


def test_the_contact_page_links_the_previous_and_next_contact_of_the_pair(client, sample) -> None:
    response = client.get(sample.call.get_absolute_url())
    assert response.context["next"] == sample.later
    assert response.context["previous"] is None
    assert client.get(sample.later.get_absolute_url()).context["previous"] == sample.call


def test_a_merged_contact_redirects_permanently_to_where_it_went(client, sample) -> None:
    response = client.get(sample.merged.get_absolute_url())
    assert response.status_code == 301
    assert response["Location"] == sample.call.get_absolute_url()


def test_a_rejected_contact_is_not_found(client, sample) -> None:
    assert client.get(sample.rejected.get_absolute_url()).status_code == 404


def test_staff_get_a_link_to_the_admin(client, sample) -> None:
    admin_url = reverse("admin:timeline_contact_change", args=[sample.call.pk])
    assert admin_url not in client.get(sample.call.get_absolute_url()).content.decode()
    client.force_login(User.objects.create_user("editor", is_staff=True))
    assert admin_url in client.get(sample.call.get_absolute_url()).content.decode()


def test_the_contact_page_shows_disagreeing_reports(client, sample) -> None:
    from tests import factories

    other = factories.article("نص آخر", outlet="Other")
    report = sample.call.reports.get()
    report.pk, report.article, report.signature, report.medium = None, other, "x", "video"
    report.save()
    response = client.get(sample.call.get_absolute_url())
    assert response.context["disagreements"]["medium"] == ["phone", "video"]


def test_the_timeline_has_one_point_per_contact_and_opens_it(client, sample) -> None:
    fig = figure(client.get(reverse("timeline:timeline")), "timeline-chart-data")
    urls = timeline_ids(fig)
    assert urls == {c.get_absolute_url() for c in (sample.call, sample.later, sample.meeting)}


def test_with_a_leader_chosen_the_timeline_rows_are_the_counterparts(client, sample) -> None:
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("timeline:timeline") + "?leader=vladimir-putin")
    rows = {y for trace in figure(response, "timeline-chart-data")["data"] for y in trace["y"]}
    assert rows - {None} == {"Emmanuel Macron", "Recep Tayyip Erdogan"}


def test_the_timeline_can_colour_by_initiator(client, sample) -> None:
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("timeline:timeline") + "?colour=initiator")
    names = {trace["name"] for trace in figure(response, "timeline-chart-data")["data"]}
    assert "Russia" in names


def test_heatmap_cells_link_to_the_list_filtered_by_country_and_topic(client, sample) -> None:
    fig = figure(client.get(reverse("timeline:heatmap")), "heatmap-chart-data")
    links = {url for row in fig["data"][0]["customdata"] for url in row}
    assert f"{LIST}?country=TR&topic=syria" in links


def test_the_heatmap_shows_shares_of_a_countrys_contacts(client, sample) -> None:
    fig = figure(client.get(reverse("timeline:heatmap") + "?value=share"), "heatmap-chart-data")
    values = [v for row in fig["data"][0]["z"] for v in row if v is not None]
    assert values and all(0 < v <= 1 for v in values)


def test_the_leader_heatmap_shows_who_talks_to_whom(client, sample) -> None:
    response = client.get(reverse("timeline:heatmap") + "?view=leaders")
    trace = figure(response, "heatmap-chart-data")["data"][0]
    assert len(trace["x"]) == 3
    assert sum(v or 0 for row in trace["z"] for v in row) == 2 * 3


def test_the_leader_page_shows_counterparts_topics_and_initiative(client, sample) -> None:
    response = client.get(reverse("timeline:leader", args=["vladimir-putin"]))
    assert response.status_code == 200
    counterparts = {c["leader__slug"]: c["n"] for c in response.context["counterparts"]}
    assert counterparts == {"emmanuel-macron": 2, "recep-tayyip-erdogan": 1}
    assert response.context["initiated"] == {"own": 1, "unknown": 2, "total": 3}
    assert response.context["initiated_share"] == 1.0


def test_the_leader_page_names_the_office_in_the_pages_language(client, sample) -> None:
    Leader.objects.filter(slug="vladimir-putin").update(office="president")
    url = reverse("timeline:leader", args=["vladimir-putin"])
    arabic = client.get(url, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "· رئيس" in arabic and "president" not in arabic
    assert "· president" in english


def test_an_unknown_leader_is_not_found(client, db) -> None:
    assert client.get(reverse("timeline:leader", args=["nobody"])).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        LIST,
        reverse("timeline:timeline"),
        reverse("timeline:heatmap"),
        reverse("timeline:heatmap") + "?view=leaders",
        "/",
        reverse("timeline:leader", args=["vladimir-putin"]),
        f"{LIST}?topic=libya&topic=syria&q=الرئيس&sort=-confidence",
    ],
)
def test_pages_run_a_fixed_number_of_queries(
    client, make_contacts, django_assert_num_queries, url: str
) -> None:
    make_contacts(3)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    make_contacts(30)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


def test_too_many_points_turn_the_timeline_into_monthly_counts(
    client, make_contacts, monkeypatch
) -> None:
    from timeline import charts

    monkeypatch.setattr(charts, "MAX_POINTS", 4)
    make_contacts(6)
    fig = figure(client.get(reverse("timeline:timeline")), "timeline-chart-data")
    assert fig["layout"]["meta"]["kind"] == "monthly"
    assert all(link.startswith(f"{LIST}?") and "leader=" in link for link in timeline_ids(fig))


@pytest.mark.parametrize(
    "url", ["/", LIST, reverse("timeline:timeline"), reverse("timeline:heatmap") + "?view=leaders"]
)
def test_pages_render_with_no_contacts_yet(client, db, url: str) -> None:
    assert client.get(url).status_code == 200


def test_an_undated_contact_is_listed_but_not_drawn(client, sample) -> None:
    from tests import factories

    undated = factories.contact("joe-biden", "vladimir-putin", date=None)
    assert undated in client.get(LIST).context["contacts"]
    response = client.get(reverse("timeline:timeline"))
    assert undated.get_absolute_url() not in timeline_ids(figure(response, "timeline-chart-data"))
    assert "اتصال واحد بلا تاريخ معروف" in response.content.decode()


def test_monthly_circles_of_a_focal_leader_link_to_their_contacts_with_that_country(
    client, make_contacts, monkeypatch
) -> None:
    from timeline import charts

    monkeypatch.setattr(charts, "MAX_POINTS", 4)
    make_contacts(8)
    response = client.get(reverse("timeline:timeline") + "?leader=vladimir-putin")
    links = timeline_ids(figure(response, "timeline-chart-data"))
    assert links and all("leader=vladimir-putin" in link and "country=" in link for link in links)


def test_the_monthly_timeline_shows_the_busiest_leaders_or_counterparts(
    client, make_contacts, monkeypatch
) -> None:
    from timeline import charts

    monkeypatch.setattr(charts, "MAX_POINTS", 4)
    monkeypatch.setattr(charts, "TOP_LEADERS", 2)
    make_contacts(12)
    response = client.get(reverse("timeline:timeline"))
    fig = figure(response, "timeline-chart-data")
    assert len(set(fig["data"][0]["y"])) == 2
    assert fig["layout"]["meta"]["top"] == 2
    assert response.content.decode().count('class="notice"') == 2
    counts = Counter()
    for contact in Contact.objects.public().with_rows():
        for person in contact.participations.all():
            counts[person.leader.slug] += 1
    busiest = {slug for slug, _n in counts.most_common(2)}
    assert {link.split("leader=")[1] for link in timeline_ids(fig)} == busiest
    # A chosen leader's counterparts are bounded the same way, and the page says so.
    monkeypatch.setattr(charts, "TOP_LEADERS", 1)
    focal = client.get(reverse("timeline:timeline") + "?leader=vladimir-putin")
    fig = figure(focal, "timeline-chart-data")
    assert fig["layout"]["meta"]["top"] == 1
    assert len(set(fig["data"][0]["y"])) == 1
    assert "counterparts with the most contacts" in focal.content.decode() or (
        "الأكثر اتصالًا" in focal.content.decode()
    )


def test_monthly_rows_count_each_leaders_contacts_per_month(make_contacts) -> None:
    make_contacts(9)
    rows = Contact.objects.public().monthly_rows()
    expected = Counter()
    for contact in Contact.objects.public().with_rows():
        for person in contact.participations.all():
            expected[person.leader.slug, contact.date.replace(day=1), contact.medium] += 1
    got = Counter()
    for row in rows:
        got[row["leader__slug"], row["month"], row["contact__medium"]] += row["n"]
    assert got == expected


def test_a_long_list_counts_up_to_a_cap_and_still_pages_through_everything(
    client, make_contacts, monkeypatch
) -> None:
    from timeline import paging

    monkeypatch.setattr(paging, "COUNT_CAP", 5)
    monkeypatch.setattr(paging, "PAGE_SIZE", 2)
    made = make_contacts(12)
    # A review filter: the tallies do not carry it, so the list counts the contacts itself.
    first = client.get(LIST, {"review": "unreviewed"})
    assert first.context["page"].paginator.capped and first.context["page"].has_next()
    assert "5" in first.content.decode().split('class="count">')[1].split("</p>")[0]
    seen = []
    for number in range(1, 7):
        page = client.get(LIST, {"review": "unreviewed", "page": number}).context["page"]
        assert len(page.object_list) == 2 and page.has_next() == (number < 6)
        seen.extend(c.pk for c in page.object_list)
    assert sorted(seen) == sorted(c.pk for c in made)
    assert not page.paginator.capped and page.paginator.count == 12


def test_a_long_unfiltered_list_shows_its_exact_count_from_the_tallies(
    client, make_contacts, monkeypatch
) -> None:
    from timeline import paging

    monkeypatch.setattr(paging, "COUNT_CAP", 5)
    make_contacts(12)
    page = client.get(LIST).context["page"]
    assert not page.paginator.capped and page.paginator.count == 12


def test_a_short_list_shows_its_exact_count(client, sample) -> None:
    response = client.get(LIST)
    assert not response.context["page"].paginator.capped
    assert response.context["page"].paginator.count == 3


def test_chart_data_can_never_close_its_script_element() -> None:
    from timeline.templatetags.timeline_tags import json_script_utf8

    html = str(json_script_utf8({"name": "</script><b>ماكرون & co"}, "fig"))
    body = html.removeprefix('<script id="fig" type="application/json">').removesuffix("</script>")
    assert "<" not in body and ">" not in body and "&" not in body
    assert json.loads(body) == {"name": "</script><b>ماكرون & co"}


def test_past_the_cap_a_filtered_list_shows_the_same_pages(client, make_contacts, monkeypatch):
    from timeline import paging
    from timeline.filters import ContactFilter

    monkeypatch.setattr(paging, "COUNT_CAP", 3)
    monkeypatch.setattr(paging, "PAGE_SIZE", 2)
    make_contacts(16)
    query = "topic=libya&topic=syria&country=RU"
    expected = list(ContactFilter(QueryDict(query), queryset=Contact.objects.public()).qs)
    seen = []
    for number in range(1, 5):
        page = client.get(f"{LIST}?{query}&page={number}").context["page"]
        assert page.paginator.capped == (number < 4)
        seen.extend(page.object_list)
    assert seen == expected and len(expected) == 8


@pytest.mark.parametrize(
    "query",
    [
        {"country": "FR"},
        {"topic": "syria"},
        {"country": "RU", "topic": "libya"},
        {"country": "FR", "medium": "phone", "start": "2019-03-01"},
    ],
    ids=["country", "topic", "country-topic", "country-medium-from-march"],
)
def test_every_page_found_by_walking_its_months_equals_the_joined_one(
    client, make_contacts, monkeypatch, query
) -> None:
    from timeline import paging
    from timeline.filters import ContactFilter

    monkeypatch.setattr(paging, "PAGE_SIZE", 3)
    walked = []
    real = paging._walk_window
    monkeypatch.setattr(
        paging, "_walk_window", lambda *args: walked.append(real(*args)) or walked[-1]
    )
    made = make_contacts(48)
    for contact in made[5:8]:  # undated ones: last on SQLite, first on PostgreSQL
        contact.date, contact.date_precision = None, ""
        contact.save()
    filterset = ContactFilter(QueryDict(urlencode(query)), queryset=Contact.objects.public())
    expected = list(filterset.qs.with_rows().values_list("id", flat=True))
    listed = []
    for number in range(1, (len(expected) + 2) // 3 + 1):
        response = client.get(LIST, {**query, "page": number})
        listed += [contact.pk for contact in response.context["contacts"]]
    assert len(expected) > 6
    assert listed == expected
    assert walked and all(found is not None for found in walked)
