"""ContactFilter: one FilterSet, its chips and the links that clear them."""

from __future__ import annotations

import re

import pytest
from django.http import QueryDict
from django.utils import translation

from timeline.filters import ContactFilter, active_chips, clear_all_url
from timeline.models import Contact

pytestmark = pytest.mark.django_db


def run(query: str) -> tuple[ContactFilter, set[Contact]]:
    filterset = ContactFilter(QueryDict(query), queryset=Contact.objects.public())
    return filterset, set(filterset.qs)


def test_several_topics_select_contacts_about_any_of_them(sample) -> None:
    _filterset, contacts = run("topic=libya&topic=syria")
    assert contacts == {sample.call, sample.meeting}


def test_filters_combine(sample) -> None:
    _filterset, contacts = run("leader=vladimir-putin&medium=phone&start=2020-04-01")
    assert contacts == {sample.later}


def test_a_contact_matching_twice_is_listed_once(sample) -> None:
    filterset, _contacts = run("topic=libya&topic=covid-19&q=بوتين")
    assert filterset.qs.count() == len(list(filterset.qs))


def test_the_focal_leader_is_the_leader_filter(sample) -> None:
    filterset, _contacts = run("leader=vladimir-putin")
    assert filterset.focal_leader.slug == "vladimir-putin"
    assert run("")[0].focal_leader is None


def test_a_leader_may_be_typed_by_its_arabic_name(sample) -> None:
    _filterset, contacts = run("leader=رجب طيب أردوغان")
    assert contacts == {sample.meeting}


def test_the_leader_box_shows_the_chosen_leaders_name_not_their_slug(sample) -> None:
    filterset, _contacts = run("leader=vladimir-putin")
    box = str(filterset.form["leader"])
    assert 'value="فلاديمير بوتين"' in box
    assert "vladimir-putin" not in box
    with translation.override("en"):
        assert 'value="Vladimir Putin"' in str(filterset.form["leader"])
    # The name sent back, as the box submits it, selects the same contacts.
    assert run("leader=Vladimir Putin")[1] == run("leader=vladimir-putin")[1]


def test_rejected_is_not_a_review_status_readers_can_ask_for(sample) -> None:
    filterset, _contacts = run("review=rejected")
    assert "review" in filterset.form.errors


def test_each_chip_removes_only_its_own_value(sample) -> None:
    query = QueryDict("topic=libya&topic=syria&medium=phone&colour=initiator&page=2")
    filterset = ContactFilter(query, queryset=Contact.objects.public())
    chips = {chip.value: chip.remove_url for chip in active_chips(filterset, query)}
    assert chips["ليبيا"] == "?topic=syria&medium=phone&colour=initiator"
    assert set(chips) == {"ليبيا", "سوريا", "اتصال هاتفي"}


def test_clear_all_keeps_how_the_page_is_shown() -> None:
    query = QueryDict("topic=libya&view=leaders&page=3")
    assert clear_all_url(query) == "?view=leaders"


def test_the_choices_offer_only_countries_leaders_and_outlets_with_contacts(sample) -> None:
    from tests import factories

    factories.country("DE")  # no contact at all
    factories.article(outlet="")
    factories.article(outlet="Agence Test")
    form = ContactFilter(None).form
    assert {c.code for c in form.fields["country"].queryset} == {"FR", "RU", "TR", "US", "SA"}
    assert [c.code for c in form.fields["initiator"].queryset] == ["RU"]
    outlets = [value for value, _label in form.fields["outlet"].choices if value]
    assert outlets == ["Agence Test", "Kremlin News", "Test News"]
    options = [leader.slug for leader in ContactFilter(None).leader_options()]
    assert options == sorted(options, key=lambda s: factories.LEADERS[s][0])
    assert "vladimir-putin" in options and len(options) == len(set(options))


@pytest.mark.parametrize(
    "query",
    [
        "",
        "country=RU",
        "topic=libya&topic=syria",
        "country=FR&topic=covid-19&medium=phone",
        "leader=vladimir-putin&country=TR&start=2019-01-01",
        "country=XX",
    ],
)
def test_probing_finds_the_same_contacts_in_the_same_order(make_contacts, query: str) -> None:
    make_contacts(14)
    filterset = ContactFilter(QueryDict(query), queryset=Contact.objects.public())
    assert list(filterset.probing_qs) == list(filterset.qs)


CHOICES = [("syria", "سوريا"), ("libya", 'Libya & "Sahel"'), ("g20", "G20")]


@pytest.mark.parametrize(
    ("value", "attrs"),
    [([], {"id": "id_topic"}), (["libya", "g20"], {"id": "id_topic"}), (["syria"], {})],
)
def test_the_quick_widgets_write_what_djangos_templates_write(value, attrs) -> None:
    from django import forms

    from timeline.filters import QuickCheckboxes, QuickSelect

    boxes = {"class": "checklist", "required": True, "data-x": False}
    for quick, django_widget, own in [
        (QuickCheckboxes, forms.CheckboxSelectMultiple, boxes),
        (QuickSelect, forms.Select, {"class": "wide"}),
    ]:
        ours, theirs = quick(own, choices=CHOICES), django_widget(own, choices=CHOICES)
        chosen = value[:1] if quick is QuickSelect else value
        written, expected = (
            ours.render("topic", chosen, attrs),
            theirs.render("topic", chosen, attrs),
        )
        if quick is QuickSelect:  # the select leaves out the blank lines between options
            written, expected = (re.sub(r">\s+<", "><", html) for html in (written, expected))
        assert written == expected
