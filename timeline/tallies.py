"""Tallies: counts of public contacts per month and medium (and per topic, country, country
and topic, leader, pair of leaders, pair seen with a leader, and the countries and topics seen
with a leader, a country or a topic; with verified contacts and reports), kept exact by
database triggers.

The timeline and heatmaps at a million contacts cannot group two million participations per
request (3-4 s on SQLite); summing a few thousand tally rows takes milliseconds. A count that
can drift is worse than a slow one, so the counts are not maintained by the code that writes
(ingest, admin, corrections, a shell, ``loaddata``...) but by row triggers on the tables they
are computed from: ``timeline_contact``, ``timeline_participation``,
``timeline_contact_topics`` and ``timeline_report``. Any write, through any path, adjusts them
in its own transaction.

Each trigger adds (or takes back) what one row contributes, computed from the current state of
the other tables, so the order rows are written in does not matter: a participation written
before its contact's topics adds its country's topic counts when the topics arrive. Every
count is kept twice, in its month's row and in an all-time row (``ALL_TIME``), so that pages
without a date filter read a few thousand rows. ``verify()`` recounts everything from scratch
and lists the differences (tests run it after every kind of write; ``manage.py tallies
--check`` runs it on a live database).

Migrations run with the triggers off (SQLite cannot rebuild a table that another table's
trigger names) and end with them back on and a recount: see ``TimelineConfig.ready``.
The trigger SQL is written once for SQLite and PostgreSQL; only the month expression and the
trigger wrapping differ.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction

PARTICIPATION = "timeline_participation"
CONTACT_TOPICS = "timeline_contact_topics"
REPORT = "timeline_report"

# The month of the rows that count every month together (and undated contacts): what pages
# without a date filter read, a few thousand rows where the monthly ones are a million.
ALL_TIME = "*"
# Any fixed number: the PostgreSQL advisory lock that writers queue on (see one_writer_at_a_time).
WRITER_LOCK = 0x74696D656C696E65


@dataclass(frozen=True)
class Table:
    name: str
    key: tuple[str, ...]
    counts: tuple[str, ...] = ("n",)


# Per month and medium (and topic, and country): contacts, how many of them a person verified,
# and their reports.
WITH_REPORTS = ("n", "verified", "reports")
MONTH = Table("timeline_monthtally", ("month", "medium"), WITH_REPORTS)
TOPIC = Table("timeline_topictally", ("month", "medium", "topic_id"), WITH_REPORTS)
COUNTRY = Table("timeline_countrytally", ("month", "medium", "country_id"), WITH_REPORTS)
COUNTRY_TOPIC = Table(
    "timeline_countrytopictally", ("month", "medium", "country_id", "topic_id"), WITH_REPORTS
)
# Per leader: contacts, those their side (the country they took part for) initiated, and
# those with no known initiator.
LEADER = Table(
    "timeline_leadertally",
    ("month", "medium", "leader_id", "country_id"),
    ("n", "own", "unknown"),
)
LEADER_TOPIC = Table(
    "timeline_leadertopictally", ("month", "medium", "leader_id", "country_id", "topic_id")
)
PAIR = Table("timeline_pairtally", ("month", "medium", "leader_id", "other_id", "other_country_id"))
# Per leader (and the country they took part for) and each country that took part in their
# contacts (theirs included, once per contact), without and with the topic.
LEADER_SEEN = Table(
    "timeline_leaderseentally", ("month", "medium", "leader_id", "country_id", "seen_id")
)
LEADER_SEEN_TOPIC = Table(
    "timeline_leaderseentopictally",
    ("month", "medium", "leader_id", "country_id", "seen_id", "topic_id"),
)
# Per country and each country that took part in its contacts (itself included, once per
# contact), without and with the topic; per topic, each country of its contacts and each
# topic they have (``seen_id``, itself included).
COUNTRY_SEEN = Table("timeline_countryseentally", ("month", "medium", "country_id", "seen_id"))
COUNTRY_SEEN_TOPIC = Table(
    "timeline_countryseentopictally", ("month", "medium", "country_id", "seen_id", "topic_id")
)
TOPIC_SEEN = Table(
    "timeline_topicseentally", ("month", "medium", "topic_id", "country_id", "seen_id")
)
# Per country and topic of a contact, each (country, topic) of it, the pair itself included:
# the heatmap's cells under a country and a topic. A contact adds (countries x topics)^2
# rows; 9 on average at a million synthetic contacts (2.1 countries, 1.5 topics).
COUNTRY_TOPIC_SEEN = Table(
    "timeline_countrytopicseentally",
    ("month", "medium", "country_id", "topic_id", "seen_id", "seen_topic_id"),
)
# Per leader, each ordered pair of two other leaders who took part in a contact with them
# (contacts of three or more): who talks to whom in one leader's company.
TRIO = Table(
    "timeline_triotally",
    ("month", "medium", "leader_id", "first_id", "other_id", "other_country_id"),
)
TABLES = (
    MONTH, TOPIC, COUNTRY, COUNTRY_TOPIC, LEADER, LEADER_TOPIC, PAIR, LEADER_SEEN,
    LEADER_SEEN_TOPIC, COUNTRY_SEEN, COUNTRY_SEEN_TOPIC, TOPIC_SEEN, COUNTRY_TOPIC_SEEN, TRIO,
)  # fmt: skip


def one_writer_at_a_time() -> None:
    """Queue this transaction behind any other that writes contacts.

    SQLite's IMMEDIATE transactions already do. On PostgreSQL the triggers take this
    transaction-level advisory lock before adding to a shared count; a writer that takes it
    first, before locking any row, cannot deadlock with another writer holding it (readers
    never wait on it)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [WRITER_LOCK])


def writing(func: Callable) -> Callable:
    """``transaction.atomic``, queued behind other writers before anything is written."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with transaction.atomic():
            one_writer_at_a_time()
            return func(*args, **kwargs)

    return wrapper


# --- The SQL ---------------------------------------------------------------------------------


def _month(vendor: str, row: str) -> str:
    if vendor == "postgresql":
        return f"coalesce(to_char({row}.date, 'YYYY-MM'), '')"
    return f"coalesce(substr({row}.date, 1, 7), '')"


def _public(row: str) -> str:
    return f"({row}.review_status <> 'rejected' AND {row}.merged_into_id IS NULL)"


def _initiated(contact: str, participation: str, sign: int, wrap: str = "{}") -> str:
    """The "own" and "unknown" counts of a leader's contact: initiated by the country the
    leader took part for, or by nobody known (each in ``wrap``, e.g. "sum({})")."""
    initiator = f"{contact}.initiator_id"
    own = f"CASE WHEN {initiator} = {participation}.country_id THEN {sign} ELSE 0 END"
    unknown = f"CASE WHEN {initiator} IS NULL THEN {sign} ELSE 0 END"
    return f"{wrap.format(own)}, {wrap.format(unknown)}"


def _verified_reports(contact: str, sign: int, wrap: str = "{}") -> str:
    """Whether ``contact`` is verified and how many reports tell of it, times ``sign`` (each
    in ``wrap``, e.g. "sum({})")."""
    verified = f"CASE WHEN {contact}.review_status = 'verified' THEN {sign} ELSE 0 END"
    reports = f"{sign} * (SELECT count(*) FROM {REPORT} r WHERE r.contact_id = {contact}.id)"
    return f"{wrap.format(verified)}, {wrap.format(reports)}"


def _add(table: Table, select: str) -> str:
    """``select`` rows of (key..., counts...) added to ``table``'s counts."""
    key, counts = ", ".join(table.key), ", ".join(table.counts)
    added = ", ".join(f"{c} = {table.name}.{c} + excluded.{c}" for c in table.counts)
    return (
        f"INSERT INTO {table.name} ({key}, {counts}) {select} "
        f"ON CONFLICT ({key}) DO UPDATE SET {added}"
    )


def _twice(statements: Callable[[str], list[str]], month: str) -> list[str]:
    """``statements`` for the row's month, and again for the all-time rows."""
    return statements(month) + statements(f"'{ALL_TIME}'")


def contact_sql(vendor: str, row: str, sign: int) -> list[str]:
    """What contact ``row`` (NEW or OLD) counts for, with its participants and topics as they
    stand, times ``sign``."""
    return _twice(lambda m: _contact_sql(m, row, sign), _month(vendor, row))


def _contact_sql(m: str, row: str, sign: int) -> list[str]:
    pub, me = _public(row), f"{row}.id"
    head = f"SELECT {m}, {row}.medium"
    counted = _verified_reports(row, sign)
    return [
        _add(MONTH, f"{head}, {sign}, {counted} WHERE {pub}"),
        _add(
            TOPIC,
            f"{head}, t.topic_id, {sign}, {counted} FROM {CONTACT_TOPICS} t "
            f"WHERE t.contact_id = {me} AND {pub}",
        ),
        _add(
            COUNTRY,
            f"SELECT DISTINCT {m}, {row}.medium, p.country_id, {sign}, {counted} "
            f"FROM {PARTICIPATION} p WHERE p.contact_id = {me} AND {pub}",
        ),
        _add(
            COUNTRY_TOPIC,
            f"SELECT DISTINCT {m}, {row}.medium, p.country_id, t.topic_id, {sign}, {counted} "
            f"FROM {PARTICIPATION} p JOIN {CONTACT_TOPICS} t ON t.contact_id = p.contact_id "
            f"WHERE p.contact_id = {me} AND {pub}",
        ),
        _add(
            LEADER,
            f"{head}, p.leader_id, p.country_id, {sign}, {_initiated(row, 'p', sign)} "
            f"FROM {PARTICIPATION} p WHERE p.contact_id = {me} AND {pub}",
        ),
        _add(
            LEADER_TOPIC,
            f"{head}, p.leader_id, p.country_id, t.topic_id, {sign} FROM {PARTICIPATION} p "
            f"JOIN {CONTACT_TOPICS} t ON t.contact_id = p.contact_id "
            f"WHERE p.contact_id = {me} AND {pub}",
        ),
        _add(
            PAIR,
            f"{head}, a.leader_id, b.leader_id, b.country_id, {sign} FROM {PARTICIPATION} a "
            f"JOIN {PARTICIPATION} b ON b.contact_id = a.contact_id AND b.id <> a.id "
            f"WHERE a.contact_id = {me} AND {pub}",
        ),
        _add(
            LEADER_SEEN,
            f"SELECT DISTINCT {m}, {row}.medium, a.leader_id, a.country_id, b.country_id, {sign} "
            f"FROM {PARTICIPATION} a JOIN {PARTICIPATION} b ON b.contact_id = a.contact_id "
            f"WHERE a.contact_id = {me} AND {pub}",
        ),
        _add(
            LEADER_SEEN_TOPIC,
            f"SELECT DISTINCT {m}, {row}.medium, a.leader_id, a.country_id, b.country_id, "
            f"t.topic_id, {sign} FROM {PARTICIPATION} a "
            f"JOIN {PARTICIPATION} b ON b.contact_id = a.contact_id "
            f"JOIN {CONTACT_TOPICS} t ON t.contact_id = a.contact_id "
            f"WHERE a.contact_id = {me} AND {pub}",
        ),
        _add(
            COUNTRY_SEEN,
            f"SELECT DISTINCT {m}, {row}.medium, a.country_id, b.country_id, {sign} "
            f"FROM {PARTICIPATION} a JOIN {PARTICIPATION} b ON b.contact_id = a.contact_id "
            f"WHERE a.contact_id = {me} AND {pub}",
        ),
        _add(
            COUNTRY_SEEN_TOPIC,
            f"SELECT DISTINCT {m}, {row}.medium, a.country_id, b.country_id, t.topic_id, "
            f"{sign} FROM {PARTICIPATION} a "
            f"JOIN {PARTICIPATION} b ON b.contact_id = a.contact_id "
            f"JOIN {CONTACT_TOPICS} t ON t.contact_id = a.contact_id "
            f"WHERE a.contact_id = {me} AND {pub}",
        ),
        _add(
            TOPIC_SEEN,
            f"SELECT DISTINCT {m}, {row}.medium, t.topic_id, p.country_id, s.topic_id, {sign} "
            f"FROM {CONTACT_TOPICS} t JOIN {PARTICIPATION} p ON p.contact_id = t.contact_id "
            f"JOIN {CONTACT_TOPICS} s ON s.contact_id = t.contact_id "
            f"WHERE t.contact_id = {me} AND {pub}",
        ),
        _add(
            COUNTRY_TOPIC_SEEN,
            f"SELECT DISTINCT {m}, {row}.medium, a.country_id, t.topic_id, b.country_id, "
            f"s.topic_id, {sign} FROM {PARTICIPATION} a "
            f"JOIN {PARTICIPATION} b ON b.contact_id = a.contact_id "
            f"JOIN {CONTACT_TOPICS} t ON t.contact_id = a.contact_id "
            f"JOIN {CONTACT_TOPICS} s ON s.contact_id = a.contact_id "
            f"WHERE a.contact_id = {me} AND {pub}",
        ),
        _add(
            TRIO,
            f"{head}, l.leader_id, a.leader_id, b.leader_id, b.country_id, {sign} "
            f"FROM {PARTICIPATION} l "
            f"JOIN {PARTICIPATION} a ON a.contact_id = l.contact_id AND a.id <> l.id "
            f"JOIN {PARTICIPATION} b ON b.contact_id = l.contact_id AND b.id NOT IN (l.id, a.id) "
            f"WHERE l.contact_id = {me} AND {pub}",
        ),
    ]


def participation_sql(vendor: str, row: str, sign: int) -> list[str]:
    """What participation ``row`` adds to its contact's counts, times ``sign``. Its country
    counts only if no other participant of the contact took part for the same country."""
    return _twice(lambda m: _participation_sql(m, row, sign), _month(vendor, "c"))


def _participation_sql(m: str, row: str, sign: int) -> list[str]:
    pub = _public("c")
    contact = f"FROM timeline_contact c WHERE c.id = {row}.contact_id AND {pub}"
    others = (
        f"FROM timeline_contact c JOIN {PARTICIPATION} o ON o.contact_id = c.id "
        f"WHERE c.id = {row}.contact_id AND o.id <> {row}.id AND {pub}"
    )
    alone = (
        f"NOT EXISTS (SELECT 1 FROM {PARTICIPATION} s WHERE s.contact_id = {row}.contact_id "
        f"AND s.country_id = {row}.country_id AND s.id <> {row}.id)"
    )
    two_others = (
        f"FROM timeline_contact c JOIN {PARTICIPATION} a ON a.contact_id = c.id "
        f"JOIN {PARTICIPATION} b ON b.contact_id = c.id "
        f"WHERE c.id = {row}.contact_id AND a.id <> {row}.id AND b.id NOT IN ({row}.id, a.id) "
        f"AND {pub}"
    )
    # The countries of the contact: the other participants' and this one's.
    seen = (
        f"FROM timeline_contact c JOIN (SELECT s.country_id FROM {PARTICIPATION} s "
        f"WHERE s.contact_id = {row}.contact_id AND s.id <> {row}.id "
        f"UNION SELECT {row}.country_id) x ON 1 = 1"
    )
    return [
        _add(LEADER, f"SELECT {m}, c.medium, {row}.leader_id, {row}.country_id, {sign}, "
                     f"{_initiated('c', row, sign)} {contact}"),
        _add(LEADER_TOPIC, f"SELECT {m}, c.medium, {row}.leader_id, {row}.country_id, "
                           f"t.topic_id, {sign} FROM timeline_contact c "
                           f"JOIN {CONTACT_TOPICS} t ON t.contact_id = c.id "
                           f"WHERE c.id = {row}.contact_id AND {pub}"),
        _add(PAIR, f"SELECT {m}, c.medium, {row}.leader_id, o.leader_id, o.country_id, "
                   f"{sign} {others}"),
        _add(PAIR, f"SELECT {m}, c.medium, o.leader_id, {row}.leader_id, {row}.country_id, "
                   f"{sign} {others}"),
        _add(COUNTRY, f"SELECT {m}, c.medium, {row}.country_id, {sign}, "
                      f"{_verified_reports('c', sign)} {contact} AND {alone}"),
        _add(
            COUNTRY_TOPIC,
            f"SELECT {m}, c.medium, {row}.country_id, t.topic_id, {sign}, "
            f"{_verified_reports('c', sign)} FROM timeline_contact c "
            f"JOIN {CONTACT_TOPICS} t ON t.contact_id = c.id "
            f"WHERE c.id = {row}.contact_id AND {pub} AND {alone}",
        ),
        # This leader sees every country of the contact, theirs included, once each...
        _add(LEADER_SEEN, f"SELECT DISTINCT {m}, c.medium, {row}.leader_id, {row}.country_id, "
                          f"x.country_id, {sign} {seen} WHERE c.id = {row}.contact_id AND {pub}"),
        _add(LEADER_SEEN_TOPIC, f"SELECT DISTINCT {m}, c.medium, {row}.leader_id, "
                                f"{row}.country_id, x.country_id, t.topic_id, {sign} {seen} "
                                f"JOIN {CONTACT_TOPICS} t ON t.contact_id = c.id "
                                f"WHERE c.id = {row}.contact_id AND {pub}"),
        # ...and the others see this leader's country, unless another participant brought it.
        _add(LEADER_SEEN, f"SELECT {m}, c.medium, o.leader_id, o.country_id, {row}.country_id, "
                          f"{sign} {others} AND {alone}"),
        _add(LEADER_SEEN_TOPIC, f"SELECT {m}, c.medium, o.leader_id, o.country_id, "
                                f"{row}.country_id, t.topic_id, {sign} FROM timeline_contact c "
                                f"JOIN {PARTICIPATION} o ON o.contact_id = c.id "
                                f"JOIN {CONTACT_TOPICS} t ON t.contact_id = c.id "
                                f"WHERE c.id = {row}.contact_id AND o.id <> {row}.id AND {pub} "
                                f"AND {alone}"),
        # A country new to the contact sees every country of it, itself included, and is
        # seen by the others; it adds every pair of the contact's topics.
        _add(COUNTRY_SEEN, f"SELECT DISTINCT {m}, c.medium, {row}.country_id, x.country_id, "
                           f"{sign} {seen} WHERE c.id = {row}.contact_id AND {pub} AND {alone}"),
        _add(COUNTRY_SEEN_TOPIC, f"SELECT DISTINCT {m}, c.medium, {row}.country_id, "
                                 f"x.country_id, t.topic_id, {sign} {seen} "
                                 f"JOIN {CONTACT_TOPICS} t ON t.contact_id = c.id "
                                 f"WHERE c.id = {row}.contact_id AND {pub} AND {alone}"),
        _add(COUNTRY_SEEN, f"SELECT DISTINCT {m}, c.medium, o.country_id, {row}.country_id, "
                           f"{sign} {others} AND {alone}"),
        _add(COUNTRY_SEEN_TOPIC, f"SELECT DISTINCT {m}, c.medium, o.country_id, "
                                 f"{row}.country_id, t.topic_id, {sign} FROM timeline_contact c "
                                 f"JOIN {PARTICIPATION} o ON o.contact_id = c.id "
                                 f"JOIN {CONTACT_TOPICS} t ON t.contact_id = c.id "
                                 f"WHERE c.id = {row}.contact_id AND o.id <> {row}.id "
                                 f"AND {pub} AND {alone}"),
        _add(TOPIC_SEEN, f"SELECT {m}, c.medium, t.topic_id, {row}.country_id, s.topic_id, "
                         f"{sign} FROM timeline_contact c "
                         f"JOIN {CONTACT_TOPICS} t ON t.contact_id = c.id "
                         f"JOIN {CONTACT_TOPICS} s ON s.contact_id = c.id "
                         f"WHERE c.id = {row}.contact_id AND {pub} AND {alone}"),
        _add(COUNTRY_TOPIC_SEEN, f"SELECT DISTINCT {m}, c.medium, {row}.country_id, t.topic_id, "
                                 f"x.country_id, u.topic_id, {sign} {seen} "
                                 f"JOIN {CONTACT_TOPICS} t ON t.contact_id = c.id "
                                 f"JOIN {CONTACT_TOPICS} u ON u.contact_id = c.id "
                                 f"WHERE c.id = {row}.contact_id AND {pub} AND {alone}"),
        _add(COUNTRY_TOPIC_SEEN, f"SELECT DISTINCT {m}, c.medium, o.country_id, t.topic_id, "
                                 f"{row}.country_id, u.topic_id, {sign} FROM timeline_contact c "
                                 f"JOIN {PARTICIPATION} o ON o.contact_id = c.id "
                                 f"JOIN {CONTACT_TOPICS} t ON t.contact_id = c.id "
                                 f"JOIN {CONTACT_TOPICS} u ON u.contact_id = c.id "
                                 f"WHERE c.id = {row}.contact_id AND o.id <> {row}.id "
                                 f"AND {pub} AND {alone}"),
        # This leader in each of the three places of a trio, with two others.
        _add(TRIO, f"SELECT {m}, c.medium, {row}.leader_id, a.leader_id, b.leader_id, "
                   f"b.country_id, {sign} {two_others}"),
        _add(TRIO, f"SELECT {m}, c.medium, a.leader_id, {row}.leader_id, b.leader_id, "
                   f"b.country_id, {sign} {two_others}"),
        _add(TRIO, f"SELECT {m}, c.medium, a.leader_id, b.leader_id, {row}.leader_id, "
                   f"{row}.country_id, {sign} {two_others}"),
    ]  # fmt: skip


def topic_sql(vendor: str, row: str, sign: int) -> list[str]:
    """What topic link ``row`` adds to its contact's topic counts, times ``sign``."""
    return _twice(lambda m: _topic_sql(m, row, sign), _month(vendor, "c"))


def _topic_sql(m: str, row: str, sign: int) -> list[str]:
    pub = _public("c")
    # The contact's topics: the other links' and this one's.
    seen = (
        f"(SELECT o.topic_id FROM {CONTACT_TOPICS} o WHERE o.contact_id = {row}.contact_id "
        f"AND o.id <> {row}.id UNION SELECT {row}.topic_id)"
    )
    return [
        _add(
            COUNTRY_SEEN_TOPIC,
            f"SELECT DISTINCT {m}, c.medium, a.country_id, b.country_id, {row}.topic_id, "
            f"{sign} FROM timeline_contact c "
            f"JOIN {PARTICIPATION} a ON a.contact_id = c.id "
            f"JOIN {PARTICIPATION} b ON b.contact_id = c.id "
            f"WHERE c.id = {row}.contact_id AND {pub}",
        ),
        # This topic sees every topic of the contact, itself included, and is seen by the others.
        _add(
            TOPIC_SEEN,
            f"SELECT DISTINCT {m}, c.medium, {row}.topic_id, p.country_id, s.topic_id, {sign} "
            f"FROM timeline_contact c JOIN {PARTICIPATION} p ON p.contact_id = c.id "
            f"JOIN {seen} s ON 1 = 1 WHERE c.id = {row}.contact_id AND {pub}",
        ),
        _add(
            TOPIC_SEEN,
            f"SELECT DISTINCT {m}, c.medium, o.topic_id, p.country_id, {row}.topic_id, {sign} "
            f"FROM timeline_contact c JOIN {PARTICIPATION} p ON p.contact_id = c.id "
            f"JOIN {CONTACT_TOPICS} o ON o.contact_id = c.id AND o.id <> {row}.id "
            f"WHERE c.id = {row}.contact_id AND {pub}",
        ),
        # As a cell's topic, beside every topic of the contact, and as the topic seen with the
        # others.
        _add(
            COUNTRY_TOPIC_SEEN,
            f"SELECT DISTINCT {m}, c.medium, a.country_id, {row}.topic_id, b.country_id, "
            f"s.topic_id, {sign} FROM timeline_contact c "
            f"JOIN {PARTICIPATION} a ON a.contact_id = c.id "
            f"JOIN {PARTICIPATION} b ON b.contact_id = c.id "
            f"JOIN {seen} s ON 1 = 1 WHERE c.id = {row}.contact_id AND {pub}",
        ),
        _add(
            COUNTRY_TOPIC_SEEN,
            f"SELECT DISTINCT {m}, c.medium, a.country_id, o.topic_id, b.country_id, "
            f"{row}.topic_id, {sign} FROM timeline_contact c "
            f"JOIN {PARTICIPATION} a ON a.contact_id = c.id "
            f"JOIN {PARTICIPATION} b ON b.contact_id = c.id "
            f"JOIN {CONTACT_TOPICS} o ON o.contact_id = c.id AND o.id <> {row}.id "
            f"WHERE c.id = {row}.contact_id AND {pub}",
        ),
        _add(
            LEADER_SEEN_TOPIC,
            f"SELECT DISTINCT {m}, c.medium, a.leader_id, a.country_id, b.country_id, "
            f"{row}.topic_id, {sign} FROM timeline_contact c "
            f"JOIN {PARTICIPATION} a ON a.contact_id = c.id "
            f"JOIN {PARTICIPATION} b ON b.contact_id = c.id "
            f"WHERE c.id = {row}.contact_id AND {pub}",
        ),
        _add(
            LEADER_TOPIC,
            f"SELECT {m}, c.medium, p.leader_id, p.country_id, {row}.topic_id, {sign} "
            f"FROM timeline_contact c JOIN {PARTICIPATION} p ON p.contact_id = c.id "
            f"WHERE c.id = {row}.contact_id AND {pub}",
        ),
        _add(
            TOPIC,
            f"SELECT {m}, c.medium, {row}.topic_id, {sign}, {_verified_reports('c', sign)} "
            f"FROM timeline_contact c WHERE c.id = {row}.contact_id AND {pub}",
        ),
        _add(
            COUNTRY_TOPIC,
            f"SELECT DISTINCT {m}, c.medium, p.country_id, {row}.topic_id, {sign}, "
            f"{_verified_reports('c', sign)} "
            f"FROM timeline_contact c JOIN {PARTICIPATION} p ON p.contact_id = c.id "
            f"WHERE c.id = {row}.contact_id AND {pub}",
        ),
    ]


def report_sql(vendor: str, row: str, sign: int) -> list[str]:
    """Report ``row`` counted among its contact's reports, times ``sign``."""
    return _twice(lambda m: _report_sql(m, row, sign), _month(vendor, "c"))


def _report_sql(m: str, row: str, sign: int) -> list[str]:
    pub = _public("c")
    contact = f"FROM timeline_contact c WHERE c.id = {row}.contact_id AND {pub}"
    return [
        _add(MONTH, f"SELECT {m}, c.medium, 0, 0, {sign} {contact}"),
        _add(
            TOPIC,
            f"SELECT {m}, c.medium, t.topic_id, 0, 0, {sign} FROM timeline_contact c "
            f"JOIN {CONTACT_TOPICS} t ON t.contact_id = c.id "
            f"WHERE c.id = {row}.contact_id AND {pub}",
        ),
        _add(
            COUNTRY,
            f"SELECT DISTINCT {m}, c.medium, p.country_id, 0, 0, {sign} FROM timeline_contact c "
            f"JOIN {PARTICIPATION} p ON p.contact_id = c.id "
            f"WHERE c.id = {row}.contact_id AND {pub}",
        ),
        _add(
            COUNTRY_TOPIC,
            f"SELECT DISTINCT {m}, c.medium, p.country_id, t.topic_id, 0, 0, {sign} "
            f"FROM timeline_contact c JOIN {PARTICIPATION} p ON p.contact_id = c.id "
            f"JOIN {CONTACT_TOPICS} t ON t.contact_id = c.id "
            f"WHERE c.id = {row}.contact_id AND {pub}",
        ),
    ]


@dataclass(frozen=True)
class Source:
    """A table the counts come from, the function giving its rows' contributions, and the
    columns whose change alters them."""

    table: str
    sql: object
    columns: tuple[str, ...]


SOURCES = (
    Source(
        "timeline_contact",
        contact_sql,
        ("date", "medium", "review_status", "merged_into_id", "initiator_id"),
    ),
    Source(PARTICIPATION, participation_sql, ("contact_id", "leader_id", "country_id")),
    Source(CONTACT_TOPICS, topic_sql, ("contact_id", "topic_id")),
    Source(REPORT, report_sql, ("contact_id",)),
)


def _trigger(source: Source, event: str) -> str:
    return f"timeline_tally_{source.table.removeprefix('timeline_')}_{event}"


def trigger_names() -> set[str]:
    return {_trigger(s, e) for s in SOURCES for e in ("insert", "update", "delete")}


def _sqlite_triggers(source: Source) -> list[str]:
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in source.columns)
    columns = ", ".join(source.columns)

    def body(*parts: tuple[str, int]) -> str:
        return " ".join(f"{s};" for row, sign in parts for s in source.sql("sqlite", row, sign))

    return [
        f"CREATE TRIGGER {_trigger(source, 'insert')} AFTER INSERT ON {source.table} "
        f"FOR EACH ROW BEGIN {body(('NEW', 1))} END",
        f"CREATE TRIGGER {_trigger(source, 'update')} AFTER UPDATE OF {columns} "
        f"ON {source.table} FOR EACH ROW WHEN {changed} "
        f"BEGIN {body(('OLD', -1), ('NEW', 1))} END",
        f"CREATE TRIGGER {_trigger(source, 'delete')} AFTER DELETE ON {source.table} "
        f"FOR EACH ROW BEGIN {body(('OLD', -1))} END",
    ]


def _postgresql_triggers(source: Source) -> list[str]:
    # BEFORE, not AFTER: PostgreSQL fires AFTER row triggers once the whole statement is done,
    # so two participations inserted by one statement would each count the other as already
    # there. A BEFORE row trigger sees the rows the statement wrote before its own, as
    # SQLite's AFTER row triggers do; the SQL leaves the row itself out, wherever it stands.
    function = f"timeline_tally_{source.table.removeprefix('timeline_')}"
    old = " ".join(f"{s};" for s in source.sql("postgresql", "OLD", -1))
    new = " ".join(f"{s};" for s in source.sql("postgresql", "NEW", 1))
    changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in source.columns)
    columns = ", ".join(source.columns)
    return [
        f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN PERFORM pg_advisory_xact_lock({WRITER_LOCK}); "
        f"IF TG_OP IN ('UPDATE', 'DELETE') THEN {old} END IF; "
        f"IF TG_OP IN ('UPDATE', 'INSERT') THEN {new} END IF; "
        f"IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END $$",
        f"CREATE TRIGGER {_trigger(source, 'insert')} BEFORE INSERT ON {source.table} "
        f"FOR EACH ROW EXECUTE FUNCTION {function}()",
        f"CREATE TRIGGER {_trigger(source, 'update')} BEFORE UPDATE OF {columns} "
        f"ON {source.table} FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION {function}()",
        f"CREATE TRIGGER {_trigger(source, 'delete')} BEFORE DELETE ON {source.table} "
        f"FOR EACH ROW EXECUTE FUNCTION {function}()",
    ]


def expected_sql(vendor: str) -> dict[Table, str]:
    """Each table's counts computed from scratch: (key..., n) rows, by month and all-time."""
    month = _month(vendor, "c")
    return {
        # The all-time rows group by the other columns only: PostgreSQL refuses a constant.
        table: f"{sql(month, month + ', ')} UNION ALL {sql(repr(ALL_TIME), '')}"
        for table, sql in _recounts().items()
    }


def _recounts() -> dict[Table, Callable[[str, str], str]]:
    pub = _public("c")
    join = f"FROM timeline_contact c JOIN {PARTICIPATION} p ON p.contact_id = c.id"
    counted = _verified_reports("c", 1, "sum({})")
    return {
        MONTH: lambda m, g: (
            f"SELECT {m}, c.medium, count(*), {counted} "
            f"FROM timeline_contact c WHERE {pub} GROUP BY {g}c.medium"
        ),
        TOPIC: lambda m, g: (
            f"SELECT {m}, c.medium, t.topic_id, count(*), {counted} FROM timeline_contact c "
            f"JOIN {CONTACT_TOPICS} t ON t.contact_id = c.id "
            f"WHERE {pub} GROUP BY {g}c.medium, t.topic_id"
        ),
        # Each contact once per country, even with two participants for it.
        COUNTRY: lambda m, g: (
            f"SELECT {m}, c.medium, x.country_id, count(*), {counted} FROM timeline_contact c "
            f"JOIN (SELECT DISTINCT contact_id, country_id FROM {PARTICIPATION}) x "
            f"ON x.contact_id = c.id WHERE {pub} GROUP BY {g}c.medium, x.country_id"
        ),
        COUNTRY_TOPIC: lambda m, g: (
            f"SELECT {m}, c.medium, x.country_id, t.topic_id, count(*), {counted} "
            f"FROM timeline_contact c "
            f"JOIN (SELECT DISTINCT contact_id, country_id FROM {PARTICIPATION}) x "
            f"ON x.contact_id = c.id JOIN {CONTACT_TOPICS} t ON t.contact_id = c.id "
            f"WHERE {pub} GROUP BY {g}c.medium, x.country_id, t.topic_id"
        ),
        LEADER: lambda m, g: (
            f"SELECT {m}, c.medium, p.leader_id, p.country_id, count(*), "
            f"{_initiated('c', 'p', 1, 'sum({})')} {join} "
            f"WHERE {pub} GROUP BY {g}c.medium, p.leader_id, p.country_id"
        ),
        LEADER_TOPIC: lambda m, g: (
            f"SELECT {m}, c.medium, p.leader_id, p.country_id, t.topic_id, count(*) {join} "
            f"JOIN {CONTACT_TOPICS} t ON t.contact_id = c.id "
            f"WHERE {pub} GROUP BY {g}c.medium, p.leader_id, p.country_id, t.topic_id"
        ),
        LEADER_SEEN: lambda m, g: (
            f"SELECT {m}, c.medium, p.leader_id, p.country_id, b.country_id, "
            f"count(DISTINCT c.id) {join} JOIN {PARTICIPATION} b ON b.contact_id = c.id "
            f"WHERE {pub} GROUP BY {g}c.medium, p.leader_id, p.country_id, b.country_id"
        ),
        LEADER_SEEN_TOPIC: lambda m, g: (
            f"SELECT {m}, c.medium, p.leader_id, p.country_id, b.country_id, t.topic_id, "
            f"count(DISTINCT c.id) {join} JOIN {PARTICIPATION} b ON b.contact_id = c.id "
            f"JOIN {CONTACT_TOPICS} t ON t.contact_id = c.id WHERE {pub} "
            f"GROUP BY {g}c.medium, p.leader_id, p.country_id, b.country_id, t.topic_id"
        ),
        COUNTRY_SEEN: lambda m, g: (
            f"SELECT {m}, c.medium, p.country_id, b.country_id, count(DISTINCT c.id) {join} "
            f"JOIN {PARTICIPATION} b ON b.contact_id = c.id "
            f"WHERE {pub} GROUP BY {g}c.medium, p.country_id, b.country_id"
        ),
        COUNTRY_SEEN_TOPIC: lambda m, g: (
            f"SELECT {m}, c.medium, p.country_id, b.country_id, t.topic_id, "
            f"count(DISTINCT c.id) {join} JOIN {PARTICIPATION} b ON b.contact_id = c.id "
            f"JOIN {CONTACT_TOPICS} t ON t.contact_id = c.id "
            f"WHERE {pub} GROUP BY {g}c.medium, p.country_id, b.country_id, t.topic_id"
        ),
        TOPIC_SEEN: lambda m, g: (
            f"SELECT {m}, c.medium, t.topic_id, p.country_id, s.topic_id, "
            f"count(DISTINCT c.id) {join} JOIN {CONTACT_TOPICS} t ON t.contact_id = c.id "
            f"JOIN {CONTACT_TOPICS} s ON s.contact_id = c.id "
            f"WHERE {pub} GROUP BY {g}c.medium, t.topic_id, p.country_id, s.topic_id"
        ),
        COUNTRY_TOPIC_SEEN: lambda m, g: (
            f"SELECT {m}, c.medium, p.country_id, t.topic_id, b.country_id, s.topic_id, "
            f"count(DISTINCT c.id) {join} JOIN {PARTICIPATION} b ON b.contact_id = c.id "
            f"JOIN {CONTACT_TOPICS} t ON t.contact_id = c.id "
            f"JOIN {CONTACT_TOPICS} s ON s.contact_id = c.id WHERE {pub} "
            f"GROUP BY {g}c.medium, p.country_id, t.topic_id, b.country_id, s.topic_id"
        ),
        TRIO: lambda m, g: (
            f"SELECT {m}, c.medium, p.leader_id, a.leader_id, b.leader_id, b.country_id, "
            f"count(*) {join} JOIN {PARTICIPATION} a ON a.contact_id = c.id AND a.id <> p.id "
            f"JOIN {PARTICIPATION} b ON b.contact_id = c.id AND b.id NOT IN (p.id, a.id) "
            f"WHERE {pub} GROUP BY {g}c.medium, p.leader_id, a.leader_id, b.leader_id, "
            f"b.country_id"
        ),
        PAIR: lambda m, g: (
            f"SELECT {m}, c.medium, p.leader_id, b.leader_id, b.country_id, "
            f"count(*) {join} JOIN {PARTICIPATION} b ON b.contact_id = c.id AND b.id <> p.id "
            f"WHERE {pub} GROUP BY {g}c.medium, p.leader_id, b.leader_id, b.country_id"
        ),
    }


# --- Keeping them --------------------------------------------------------------------------


def _execute(statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def installed() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE %s",
                ["timeline_tally_%"],
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                ["timeline_tally_%"],
            )
        return {name for (name,) in cursor.fetchall()}


def uninstall() -> None:
    on = connection.vendor == "postgresql"
    _execute(
        [
            f"DROP TRIGGER IF EXISTS {_trigger(s, e)}" + (f" ON {s.table}" if on else "")
            for s in SOURCES
            for e in ("insert", "update", "delete")
        ]
    )


def install() -> None:
    """(Re)create the triggers. Counts written while they were missing are not fixed: callers
    rebuild() in the same transaction."""
    make = _postgresql_triggers if connection.vendor == "postgresql" else _sqlite_triggers
    uninstall()
    _execute([sql for source in SOURCES for sql in make(source)])


def rebuild() -> None:
    """Every count recomputed from the contacts (7-12 minutes at a million contacts on
    these 2-core machines)."""
    expected = expected_sql(connection.vendor)
    with transaction.atomic():
        one_writer_at_a_time()
        statements = [f"DELETE FROM {table.name}" for table in TABLES]
        for table in TABLES:
            columns = ", ".join(table.key + table.counts)
            statements.append(f"INSERT INTO {table.name} ({columns}) {expected[table]}")
        _execute(statements)


def verify() -> list[str]:
    """Every count that differs from a recount: empty when the tallies are exact."""
    differences = []
    expected_by_table = expected_sql(connection.vendor)
    with connection.cursor() as cursor:
        for table in TABLES:
            width = len(table.key)
            cursor.execute(expected_by_table[table])
            expected = {tuple(row[:width]): tuple(row[width:]) for row in cursor.fetchall()}
            nonzero = " OR ".join(f"{c} <> 0" for c in table.counts)
            columns = ", ".join(table.key + table.counts)
            cursor.execute(f"SELECT {columns} FROM {table.name} WHERE {nonzero}")
            stored = {tuple(row[:width]): tuple(row[width:]) for row in cursor.fetchall()}
            zero = (0,) * len(table.counts)
            for key in sorted(expected.keys() | stored.keys(), key=str):
                if tuple(expected.get(key, zero)) != tuple(stored.get(key, zero)):
                    differences.append(
                        f"{table.name} {key}: stored {stored.get(key, zero)}, "
                        f"recounted {expected.get(key, zero)}"
                    )
    return differences


def ensure() -> bool:
    """After migrate (or a flush): put back triggers a table rebuild dropped, and recount if
    they were missing or the contacts were emptied under them. True if it had to."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {MONTH.name} LIMIT 1")
        counted = cursor.fetchone() is not None
        cursor.execute("SELECT 1 FROM timeline_contact LIMIT 1")
        contacts = cursor.fetchone() is not None
    if installed() == trigger_names() and (contacts or not counted):
        return False
    with transaction.atomic():
        install()
        rebuild()
    return True


@contextmanager
def suspended() -> Iterator[None]:
    """Bulk loads without the triggers (a million contacts load 5x faster), then one recount."""
    uninstall()
    try:
        yield
    finally:
        with transaction.atomic():
            install()
            rebuild()
