"""The tallies stay exact through every kind of write, and answer what the contacts answer."""

from __future__ import annotations

import datetime as dt
import io
import random
from collections import Counter
from types import SimpleNamespace

import pytest
from django.db import migrations, models
from django.http import QueryDict

from tests import factories
from timeline import corrections, tallies
from timeline.filters import ContactFilter
from timeline.models import Contact, Leader, MonthTally, Participation, Report, Topic
from timeline.querysets import TalliedContacts, TallyScope

SLUGS = list(factories.LEADERS)


def _sorted(rows: list[dict]) -> list[tuple]:
    return sorted(tuple(sorted((k, str(v)) for k, v in row.items())) for row in rows)


def test_the_tallies_count_what_the_contacts_hold(make_contacts, sample):
    make_contacts(12)
    assert tallies.verify() == []
    # Two public Macron-Putin calls in 2020-03 (the merged one and the rejected one are not).
    assert MonthTally.objects.get(month="2020-03", medium="phone").n == 1


def test_the_tallies_stay_exact_through_corrections(sample, make_contacts):
    make_contacts(8)
    corrections.merge_contacts(keep=sample.call, others=[sample.later])
    assert tallies.verify() == []
    corrections.set_review_status(contacts=[sample.meeting], status=Contact.Review.REJECTED)
    assert tallies.verify() == []
    corrections.update_participants(
        contact=sample.call,
        leaders=[factories.leader("emmanuel-macron"), factories.leader("joe-biden")],
    )
    assert tallies.verify() == []
    corrections.set_review_status(contacts=[sample.meeting], status=Contact.Review.UNREVIEWED)
    sample.call.delete()
    assert tallies.verify() == []


def test_the_tallies_stay_exact_through_any_sequence_of_writes(db):
    """Random creations, edits and deletions of contacts, participants and topics, written
    the way any code could write them: after each batch the counts equal a recount."""
    rng = random.Random(7)
    leaders = [factories.leader(slug) for slug in SLUGS]
    topics = [factories.topic(slug) for slug in factories.TOPICS]
    contacts = [factories.contact(*rng.sample(SLUGS, 2)) for _ in range(6)]
    for step in range(120):
        contact = rng.choice(contacts)
        contact.refresh_from_db()  # another step may have changed or unmerged it
        action = rng.randrange(11)
        if action == 0:
            contacts.append(factories.contact(*rng.sample(SLUGS, rng.choice((1, 2, 3)))))
        elif action == 1:
            contact.date = rng.choice([None, dt.date(2020, rng.randint(1, 12), 3)])
            contact.medium = rng.choice(Contact.Medium.values)
            contact.save()
        elif action == 2:
            contact.review_status = rng.choice(Contact.Review.values)
            contact.save(update_fields=["review_status"])
        elif action == 3:
            others = [c for c in contacts if c.pk != contact.pk]
            target = rng.choice([None, *others]) if others else None
            contact.merged_into_id = target.pk if target else None
            contact.save()
        elif action == 4:
            who = rng.choice(leaders)
            Participation.objects.get_or_create(
                contact=contact, leader=who, defaults={"country_id": who.country_id}
            )
        elif action == 5:
            Participation.objects.filter(pk__in=contact.participations.values("pk")[:1]).delete()
        elif action == 6:
            # A participant replaced in place, sometimes for another country.
            p = contact.participations.first()
            who = rng.choice(leaders)
            if p and not contact.participations.filter(leader=who).exists():
                p.leader = who
                p.country_id = rng.choice([who.country_id, "FR"])
                p.save()
        elif action == 7:
            contact.topics.set(rng.sample(topics, rng.randrange(3)))
        elif action == 8:
            contact.initiator_id = rng.choice([None, "FR", "RU", "TR"])
            contact.save(update_fields=["initiator"])
        elif action == 9:
            # A report moved to another contact, as a merge or a split does.
            report = Report.objects.filter(contact=contact).first()
            if report:
                report.contact = rng.choice(contacts)
                report.save(update_fields=["contact"])
        elif len(contacts) > 2:
            contacts.remove(contact)
            Contact.objects.filter(merged_into=contact).update(merged_into=None)
            contact.delete()
        if step % 10 == 9:
            assert tallies.verify() == [], f"after step {step}"
    Leader.objects.filter(pk=leaders[0].pk).update(name_en="Renamed")  # not counted: no change
    Topic.objects.filter(pk=topics[0].pk).first().contacts.clear()
    assert tallies.verify() == []


@pytest.mark.parametrize(
    "scope",
    [
        TallyScope(),
        TallyScope(first="2019-03", last="2019-12"),
        TallyScope(last="2019-06"),
        TallyScope(medium="meeting"),
    ],
    ids=["everything", "months", "until-june", "medium"],
)
def test_tallied_aggregates_equal_the_live_ones(make_contacts, sample, scope):
    make_contacts(40)
    live = ContactFilter(_query(scope), queryset=Contact.objects.public()).qs
    tallied = TalliedContacts(scope)
    assert _sorted(tallied.country_topic_counts()) == _sorted(live.country_topic_counts())
    assert tallied.country_totals() == live.country_totals()
    assert _sorted(tallied.monthly_rows()) == _sorted(live.monthly_rows())
    assert _sorted(tallied.monthly_rows(top=2)) == _sorted(live.monthly_rows(top=2))
    assert tallied.summary() == live.summary()
    pairs = [r for r in live.leader_pair_counts() if _differ(r)]
    assert _sorted(tallied.leader_pair_counts()) == _sorted(pairs)
    between_busiest = [r for r in live.leader_pair_counts(top=3) if _differ(r)]
    assert _sorted(tallied.leader_pair_counts(top=3)) == _sorted(between_busiest)
    assert tallied.count() == live.count()


def test_one_leaders_tallied_timeline_equals_the_live_one(make_contacts, sample):
    make_contacts(40)
    putin = Leader.objects.get(slug="vladimir-putin")
    scope = TallyScope(first="2019-01", last="2020-12", leader=putin.pk)
    live = Contact.objects.public().involving(putin).between(dt.date(2019, 1, 1), None)
    live = live.filter(date__lte=dt.date(2020, 12, 31))
    tallied = TalliedContacts(scope)
    assert _sorted(tallied.monthly_rows()) == _sorted(live.monthly_rows())
    # Bounded to their busiest counterpart, the leader's own rows kept.
    kept = _sorted(live.monthly_rows(top=1, keep=putin.pk))
    assert _sorted(tallied.monthly_rows(top=1)) == kept
    assert {r["leader__slug"] for r in tallied.monthly_rows(top=1)} == {
        "vladimir-putin",
        "emmanuel-macron",
    }
    assert tallied.count() == live.count()


def _query(scope: TallyScope) -> dict:
    query = {"medium": scope.medium or ""}
    if scope.first:
        query["start"] = f"{scope.first}-01"
    if scope.last:
        year, month = map(int, scope.last.split("-"))
        query["end"] = str(dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1))
    return query


def _differ(row: dict) -> bool:
    return row["leader__slug"] != row["contact__participations__leader__slug"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, TallyScope()),
        ({"start": "2020-01-01", "end": "2020-12-31"}, TallyScope("2020-01", "2020-12")),
        ({"end": "2020-02-29", "medium": "phone"}, TallyScope(last="2020-02", medium="phone")),
        ({"start": "2020-01-02"}, None),
        ({"end": "2020-02-28"}, None),
        ({"country": "FR"}, None),
        ({"topic": "libya"}, None),
        ({"q": "ليبيا"}, None),
        ({"review": "verified"}, None),
        ({"leader": "vladimir-putin"}, None),
        ({"sort": "-date"}, TallyScope()),
    ],
)
def test_the_filter_says_when_the_tallies_carry_it(sample, query, expected):
    assert ContactFilter(query or None, queryset=Contact.objects.public()).tally_scope() == (
        expected
    )


def test_a_leader_is_carried_where_the_page_asks_for_it(sample):
    putin = Leader.objects.get(slug="vladimir-putin")
    query = {"leader": "vladimir-putin", "start": "2020-03-01"}
    scope = ContactFilter(query, queryset=Contact.objects.public()).tally_scope(leader=True)
    assert scope == TallyScope(first="2020-03", leader=putin.pk)


def test_dropped_triggers_come_back_with_a_recount_after_migrate(sample):
    tallies.uninstall()
    sample.later.delete()  # unseen by the tallies
    assert tallies.verify() != []
    assert tallies.ensure() is True
    assert tallies.installed() == tallies.trigger_names()
    assert tallies.verify() == []
    assert tallies.ensure() is False  # nothing to do the second time


def test_a_bulk_load_without_triggers_ends_with_a_recount(db):
    with tallies.suspended():
        assert tallies.installed() == set()
        factories.contact("emmanuel-macron", "vladimir-putin", topics=("libya",))
    assert tallies.installed() == tallies.trigger_names()
    assert tallies.verify() == []


def test_the_list_shows_the_exact_count_when_the_tallies_carry_the_filters(client, sample):
    response = client.get("/contacts/", {"start": "2020-01-01"})
    assert response.context["page"].paginator.known == 2
    assert response.context["page"].paginator.count == 2


@pytest.mark.parametrize(
    "query",
    [
        {"country": "RU"},
        {"topic": "syria"},
        {"country": "FR", "topic": "libya"},
        {"country": "TR", "medium": "meeting", "start": "2019-01-01"},
        {"leader": "vladimir-putin", "end": "2020-06-30"},
    ],
    ids=["country", "topic", "country-topic", "country-medium-dates", "leader-dates"],
)
def test_tallied_counts_equal_the_live_counts(make_contacts, sample, query):
    make_contacts(40)
    filterset = ContactFilter(_data(query), queryset=Contact.objects.public())
    scope = filterset.tally_scope(leader=True, topic=True, country=True)
    assert scope is not None
    assert TalliedContacts(scope).count() == filterset.qs.count() > 0


@pytest.mark.parametrize(
    "query",
    [
        {"topic": ["syria", "libya"]},  # a contact with both would count twice
        {"leader": "vladimir-putin", "country": "FR"},
        {"country": "FR", "outlet": "Kremlin News"},
    ],
)
def test_mixes_the_tallies_cannot_count_are_left_to_the_contacts(sample, query):
    assert (
        ContactFilter(_data(query), queryset=Contact.objects.public()).tally_scope(
            leader=True, topic=True, country=True
        )
        is None
    )


def _data(query: dict) -> QueryDict:
    """Form data as a request carries it: a list of values per name."""
    data = QueryDict(mutable=True)
    for key, value in query.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    return data


def test_a_country_list_past_the_cap_shows_its_exact_count(client, make_contacts, monkeypatch):
    from timeline import paging

    monkeypatch.setattr(paging, "COUNT_CAP", 3)
    make_contacts(12)
    page = client.get("/contacts/", {"country": "RU"}).context["page"]
    assert not page.paginator.capped
    assert (
        page.paginator.count
        == Contact.objects.public().filter(participations__country="RU").count()
    )


def test_migrations_run_without_the_triggers_and_end_with_them(sample):
    """SQLite cannot rebuild a table another table's trigger names: the triggers come off
    before a migration plan runs, and back on (with a recount) after it."""
    from timeline.apps import _keep_tallies, _pause_tallies

    field = migrations.AddField("contact", "note", models.TextField(default=""))
    _pause_tallies(sender=None, plan=[(_migration("timeline", field), False)])
    assert tallies.installed() == set()
    sample.later.delete()  # as a data migration might
    _keep_tallies(sender=None)
    assert tallies.installed() == tallies.trigger_names()
    assert tallies.verify() == []


def test_a_migrate_with_nothing_to_apply_leaves_the_triggers_alone(sample):
    from timeline.apps import _pause_tallies

    _pause_tallies(sender=None, plan=[])
    assert tallies.installed() == tallies.trigger_names()
    # Nor does another app's migration: it cannot rebuild our tables.
    _pause_tallies(sender=None, plan=[(_migration("auth"), False)])
    assert tallies.installed() == tallies.trigger_names()


def test_a_migration_that_only_adds_an_index_keeps_the_triggers_and_the_counts(sample):
    from timeline.apps import _pause_tallies

    index = migrations.AddIndex("contact", models.Index(fields=["medium"], name="medium_idx"))
    _pause_tallies(sender=None, plan=[(_migration("timeline", index), False)])
    assert tallies.installed() == tallies.trigger_names()
    assert tallies.ensure() is False  # after the migration: no recount to do


def test_a_foreign_key_index_dropped_by_name_counts_as_index_only_when_marked_so(sample):
    from timeline.apps import _pause_tallies

    def dropped(**hints):
        return migrations.SeparateDatabaseAndState(
            state_operations=[],
            database_operations=[migrations.RunSQL("DROP INDEX IF EXISTS gone", hints=hints)],
        )

    _pause_tallies(sender=None, plan=[(_migration("timeline", dropped(index_only=True)), False)])
    assert tallies.installed() == tallies.trigger_names()
    # Unmarked SQL might write rows or rebuild a table: the triggers come off.
    _pause_tallies(sender=None, plan=[(_migration("timeline", dropped()), False)])
    assert tallies.installed() == set()


def _migration(app_label: str, *operations) -> SimpleNamespace:
    return SimpleNamespace(app_label=app_label, operations=list(operations))


def test_the_check_command_says_when_a_count_is_off_and_the_rebuild_fixes_it(sample):
    from django.core.management import CommandError, call_command

    call_command("tallies", "--check", stdout=io.StringIO())
    MonthTally.objects.filter(month=tallies.ALL_TIME).update(n=99)
    with pytest.raises(CommandError, match="counts differ from a recount"):
        call_command("tallies", "--check", stdout=io.StringIO(), stderr=io.StringIO())
    call_command("tallies", "--rebuild", stdout=io.StringIO())
    assert tallies.verify() == []


def test_a_topics_tallied_timeline_equals_the_live_one(make_contacts, sample):
    make_contacts(40)
    syria = Topic.objects.get(slug="syria")
    live = Contact.objects.public().filter(topics=syria)
    tallied = TalliedContacts(TallyScope(topic=syria.pk))
    assert _sorted(tallied.monthly_rows()) == _sorted(live.monthly_rows())
    assert _sorted(tallied.monthly_rows(top=1)) == _sorted(live.monthly_rows(top=1))


def test_a_leaders_page_counts_equal_a_recount_of_their_contacts(make_contacts, sample):
    make_contacts(40)
    putin = Leader.objects.get(slug="vladimir-putin")
    contacts = list(Contact.objects.public().involving(putin).prefetch_related("topics"))
    counts = TalliedContacts(TallyScope(leader=putin.pk))
    assert counts.initiated_counts() == {
        "own": sum(c.initiator_id == "RU" for c in contacts),
        "unknown": sum(c.initiator_id is None for c in contacts),
        "total": len(contacts),
    }
    topics = Counter(t.slug for c in contacts for t in c.topics.all())
    assert {r["topic__slug"]: r["n"] for r in counts.topic_counts()} == topics
    others = Counter(
        p.leader.slug for c in contacts for p in c.participations.all() if p.leader != putin
    )
    assert {r["leader__slug"]: r["n"] for r in counts.counterparts()} == others
    months = Counter((c.date.replace(day=1), c.medium) for c in contacts if c.date)
    assert {(r["month"], r["medium"]): r["n"] for r in counts.month_medium_counts()} == months


@pytest.mark.parametrize(
    ("scope_of", "live_of"),
    [
        (
            lambda ids: TallyScope(country="RU"),
            lambda qs, ids: qs.filter(participations__country="RU"),
        ),
        (
            lambda ids: TallyScope(country="FR", topic=ids["syria"], first="2019-01"),
            lambda qs, ids: qs.filter(participations__country="FR", topics=ids["syria"]).filter(
                date__gte=dt.date(2019, 1, 1)
            ),
        ),
    ],
    ids=["country", "country-topic-dates"],
)
def test_a_countrys_tallied_timeline_equals_the_live_one(make_contacts, sample, scope_of, live_of):
    make_contacts(40)
    ids = {t.slug: t.pk for t in Topic.objects.all()}
    live = live_of(Contact.objects.public(), ids).distinct()
    tallied = TalliedContacts(scope_of(ids))
    assert _sorted(tallied.monthly_rows()) == _sorted(live.monthly_rows())
    assert _sorted(tallied.monthly_rows(top=1)) == _sorted(live.monthly_rows(top=1))


def test_a_leaders_tallied_heatmap_equals_the_live_one(make_contacts, sample):
    make_contacts(40)
    # A contact of three: each country counted once for each of its leaders.
    factories.contact(
        "vladimir-putin", "emmanuel-macron", "recep-tayyip-erdogan", topics=("syria",)
    )
    putin = Leader.objects.get(slug="vladimir-putin")
    for start in (None, dt.date(2020, 1, 1)):
        live = Contact.objects.public().involving(putin).between(start, None)
        first = start.strftime("%Y-%m") if start else None
        tallied = TalliedContacts(TallyScope(leader=putin.pk, first=first))
        assert _sorted(tallied.country_topic_counts()) == _sorted(live.country_topic_counts())
        assert tallied.country_totals() == live.country_totals()


@pytest.mark.parametrize(
    "query",
    [
        {"country": "RU"},
        {"country": "FR", "start": "2020-01-01"},
        {"topic": "syria"},
        {"topic": "syria", "end": "2020-06-30", "medium": "phone"},
        {"country": "RU", "topic": "syria"},
        {"country": "TR", "topic": "syria", "start": "2019-06-01", "medium": "phone"},
    ],
    ids=[
        "country",
        "country-from-2020",
        "topic",
        "topic-phone-until-june",
        "country-and-topic",
        "country-and-topic-phone-from-june",
    ],
)
def test_a_heatmap_and_summary_under_a_country_a_topic_or_both_equal_the_live_ones(
    make_contacts, sample, query
):
    make_contacts(40)
    # A contact of three countries with two topics, and one where two leaders take part for
    # one country (counted once).
    factories.contact(
        "vladimir-putin", "emmanuel-macron", "recep-tayyip-erdogan", topics=("syria", "libya")
    )
    Participation.objects.create(
        contact=factories.contact("emmanuel-macron", "recep-tayyip-erdogan", topics=("syria",)),
        leader=factories.leader("vladimir-putin"),
        country_id="TR",
    )
    filterset = ContactFilter(_data(query), queryset=Contact.objects.public())
    scope = filterset.tally_scope(country=True, topic=True)
    tallied, live = TalliedContacts(scope), filterset.qs
    assert len(live.country_totals()) > 1  # other countries than the one filtered on
    assert _sorted(tallied.country_topic_counts()) == _sorted(live.country_topic_counts())
    assert tallied.country_totals() == live.country_totals()
    assert tallied.summary() == live.summary()
    assert tallies.verify() == []


def test_the_pairs_between_the_busiest_leaders_are_those_of_the_most_contacts(make_contacts):
    make_contacts(13)  # Macron-Putin 4 times, each other pair 3 times
    contacts = Counter(
        p.leader.slug for p in Participation.objects.filter(contact__in=Contact.objects.public())
    )
    busiest = sorted(contacts, key=lambda slug: -contacts[slug])[:2]
    assert set(busiest) == {"vladimir-putin", "emmanuel-macron"}
    rows = TalliedContacts(TallyScope()).leader_pair_counts(top=2)
    assert {(r["leader__slug"], r["contact__participations__leader__slug"]) for r in rows} == {
        ("vladimir-putin", "emmanuel-macron"),
        ("emmanuel-macron", "vladimir-putin"),
    }
    assert {r["n"] for r in rows} == {4}


@pytest.mark.parametrize("top", [None, 3])
@pytest.mark.parametrize("first", [None, "2020-01"])
def test_who_talks_to_whom_in_one_leaders_company_from_the_tallies_equals_the_live_one(
    make_contacts, sample, top, first
):
    make_contacts(30)
    # Contacts of three and four: pairs of Putin's counterparts met in his company.
    factories.contact("vladimir-putin", "emmanuel-macron", "recep-tayyip-erdogan")
    factories.contact(
        "vladimir-putin", "emmanuel-macron", "recep-tayyip-erdogan", "joe-biden", medium="meeting"
    )
    factories.contact("emmanuel-macron", "recep-tayyip-erdogan", "joe-biden")  # without him
    putin = Leader.objects.get(slug="vladimir-putin")
    start = dt.date(2020, 1, 1) if first else None
    live = Contact.objects.public().involving(putin).between(start, None)
    pairs = [r for r in live.leader_pair_counts(top=top) if _differ(r)]
    tallied = TalliedContacts(TallyScope(leader=putin.pk, first=first)).leader_pair_counts(top=top)
    assert _sorted(tallied) == _sorted(pairs)
    assert ("emmanuel-macron", "recep-tayyip-erdogan") in {
        (r["leader__slug"], r["contact__participations__leader__slug"]) for r in tallied
    }
    assert tallies.verify() == []
