"""Extraction results -> database: dedupe articles, attach reports to contacts, keep human edits.

Data flows one way: ``Document`` -> ``ExtractedContact`` (timeline.extract) -> here -> models.
One article is saved in one atomic block (a transaction, or a savepoint inside a batch's), so
a failure never leaves half an article.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction

from timeline import rows
from timeline.extract.types import Document, ExtractedContact, LeaderRef
from timeline.models import Article, Contact, Country, Leader, Participation, Report, Topic
from timeline.tallies import one_writer_at_a_time


@dataclass
class IngestResult:
    status: str  # created | updated | skipped
    article: Article
    contacts: list[Contact] = field(default_factory=list)


class IngestCache:
    """Reference rows that a batch looks up again and again: leaders by slug, topic ids by slug.

    Build one per batch and pass it to every ``ingest_document`` call. Rows come from the
    database on first use; a leader created by an ingest joins the cache only once its
    transaction commits, so a rolled-back article leaves no stale row behind.
    """

    def __init__(self) -> None:
        self.leaders: dict[str, Leader] = {}
        self._topic_ids: dict[str, int] | None = None

    def load_leaders(self, slugs: Iterable[str]) -> None:
        """Fetch the leaders of ``slugs`` not cached yet, in one query."""
        missing = set(slugs) - self.leaders.keys()
        if missing:
            self.leaders.update((x.slug, x) for x in Leader.objects.filter(slug__in=missing))

    def leader(self, ref: LeaderRef) -> Leader:
        leader = self.leaders.get(ref.slug)
        if leader is not None:
            return leader
        leader = ensure_leader(ref)
        transaction.on_commit(lambda: self.leaders.setdefault(ref.slug, leader))
        return leader

    def topic_ids(self, slugs: Iterable[str]) -> list[int]:
        """Ids of the topics of ``slugs`` (unknown slugs are left out, as a filter would)."""
        if self._topic_ids is None:
            self._topic_ids = dict(Topic.objects.values_list("slug", "id"))
        slugs = set(slugs)
        if not slugs <= self._topic_ids.keys():  # staff may have added a topic since
            self._topic_ids = dict(Topic.objects.values_list("slug", "id"))
        return sorted(self._topic_ids[slug] for slug in slugs if slug in self._topic_ids)


def content_hash(text: str) -> str:
    """Hash of the text with white space folded: re-saved copies of one article collide."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def pair_key(slugs: Iterable[str]) -> str:
    return "|".join(sorted(set(slugs)))


def make_signature(key: str, medium: str, day: dt.date | None, historical: bool) -> str:
    """What identifies one contact within one article: its leaders, medium, date and whether
    it is a background mention. The one place that spells the format."""
    return f"{key}|{medium}|{day.isoformat() if day else '-'}|{'h' if historical else 'c'}"


def report_signature(contact: ExtractedContact) -> str:
    key = pair_key(p.slug for p in contact.participants)
    return make_signature(key, contact.medium, contact.date.value, contact.historical)


def ingest_document(
    *,
    document: Document,
    contacts: list[ExtractedContact],
    reextract: bool = False,
    cache: IngestCache | None = None,
) -> IngestResult:
    """Store ``document`` and the contacts extracted from it.

    The same text ingested again is skipped (unless ``reextract``); a changed text at a known
    URL updates that article and re-attaches its reports. A batch passes one ``cache`` to
    every call.
    """
    digest = content_hash(document.text)
    with transaction.atomic():
        one_writer_at_a_time()
        by_hash, by_url = _known_article(digest, document.url)
        if by_hash is not None and not reextract:
            return IngestResult("skipped", by_hash)
        status = "updated"
        article = by_hash or by_url
        if article is None:
            article = Article(content_hash=digest)
            status = "created"
        _copy_document(article, document, digest)
        if status == "created":
            rows.insert([article])
        else:
            article.save()
        touched = save_reports(
            article=article, contacts=contacts, cache=cache, new_article=status == "created"
        )
    return IngestResult(status, article, touched)


def _known_article(digest: str, url: str) -> tuple[Article | None, Article | None]:
    """The stored article with this text, and the first one (in the default order) at this
    URL: one query for both.

    Written in SQL: the ORM took longer to build this query than the database to answer it,
    once per article. The texts stay unread (deferred): an update replaces the text, a skip
    does not read it.
    """
    columns = ", ".join(f.column for f in Article._meta.concrete_fields if f.name != "text")
    wanted, params = "content_hash = %s", [digest]
    if url:
        wanted, params = f"{wanted} OR url = %s", [digest, url]
    # Ordered as Article.Meta.ordering says.
    sql = f"SELECT {columns} FROM timeline_article WHERE {wanted} ORDER BY published DESC, id"
    by_hash = by_url = None
    for article in Article.objects.raw(sql, params):
        if article.content_hash == digest:
            by_hash = article
        elif url and article.url == url and by_url is None:
            by_url = article
    return by_hash, by_url


def _copy_document(article: Article, document: Document, digest: str) -> None:
    article.text = document.text
    article.content_hash = digest
    article.title = document.title[:500]
    article.url = document.url or article.url
    article.outlet = document.outlet or article.outlet
    article.published = document.published or article.published
    article.source_name = document.source_name or article.source_name


def save_reports(
    *,
    article: Article,
    contacts: list[ExtractedContact],
    cache: IngestCache | None = None,
    new_article: bool = False,
) -> list[Contact]:
    """Upsert ``article``'s reports to match ``contacts``; return the contacts touched.

    ``new_article`` says the article was just created, so it has no reports to read back.
    """
    cache = cache or IngestCache()
    existing = (
        {} if new_article else {r.signature: r for r in article.reports.select_related("contact")}
    )
    cache.load_leaders(p.slug for extracted in contacts for p in extracted.participants)
    touched: dict[int, Contact] = {}
    # Contacts born here, with their reports: all of them, as only this article tells of them.
    created: dict[int, list[Report]] = {}
    seen: set[str] = set()
    for extracted in contacts:
        signature = report_signature(extracted)
        if signature in seen:
            continue
        seen.add(signature)
        leaders = [cache.leader(ref) for ref in extracted.participants]
        report = existing.get(signature) or _reviewed_report(existing, seen, extracted)
        report = report or Report(article=article, signature=signature)
        report.signature = signature
        _copy_extracted(report, extracted)
        if report.pk is None:
            contact = matching_contact(report, leaders)
            if contact is None:
                contact = _new_contact(report, leaders)
                created[contact.pk] = []
            report.contact = contact
            rows.insert([report])
        else:
            report.save()
        touched[report.contact_id] = report.contact
        if report.contact_id in created:
            created[report.contact_id].append(report)
    _drop_stale_reports(existing, seen, touched)
    _refresh_touched(touched, created, cache)
    return [c for c in touched.values() if c.pk]


def _drop_stale_reports(
    existing: dict[str, Report], seen: set[str], touched: dict[int, Contact]
) -> None:
    """Delete the old reports extraction no longer finds, unless a person looked at them."""
    for signature, report in existing.items():
        if signature in seen:
            continue
        contact = report.contact
        if _person_touched(report):
            continue  # a person looked at this contact: keep its evidence even if rules changed
        report.delete()
        touched[contact.pk] = contact


def _refresh_touched(
    touched: dict[int, Contact], created: dict[int, list[Report]], cache: IngestCache
) -> None:
    """Recompute each touched contact from all its reports; a contact left with no report
    and no human edit goes. Reports and topics of older contacts are read in one query each."""
    reports: dict[int, list[Report]] = defaultdict(list, created)
    topics: dict[int, set[str]] = defaultdict(set)
    older = sorted(touched.keys() - created.keys())
    if older:
        _read_older(older, reports, topics)
    for contact in touched.values():
        if not reports[contact.pk] and not contact.human_fields:
            contact.delete()
            continue
        links = None
        if contact.pk in created:
            topics[contact.pk], links = _link_new_topics(contact, reports[contact.pk], cache)
        # One history row per contact and article, with the values the article left it with,
        # rather than one per step (creation, fields, topics removed, topics added).
        contact.skip_history_when_saving = True
        try:
            changed = contact.refresh_from_reports(
                reports=reports[contact.pk], topics=topics[contact.pk], topic_ids=cache.topic_ids
            )
        finally:
            del contact.skip_history_when_saving
        if changed or contact.pk in created:
            contact.record_history(created=contact.pk in created, topic_links=links)


def _read_older(
    older: list[int], reports: dict[int, list[Report]], topics: dict[int, set[str]]
) -> None:
    """Add the reports (in their default order) and topic slugs of the contacts ``older``.

    Written in SQL: the ORM took three times as long to build these two queries as the
    database to answer them.
    """
    marks = ", ".join(["%s"] * len(older))
    columns = ", ".join(f"timeline_report.{column}" for column in _VOTED)
    for report in Report.objects.raw(
        f"""SELECT timeline_report.id, {columns} FROM timeline_report
        JOIN timeline_article ON timeline_article.id = timeline_report.article_id
        WHERE timeline_report.contact_id IN ({marks})
        ORDER BY timeline_article.published, timeline_report.id""",  # as Report.Meta.ordering
        older,
    ):
        reports[report.contact_id].append(report)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT link.contact_id, timeline_topic.slug FROM timeline_contact_topics link
            JOIN timeline_topic ON timeline_topic.id = link.topic_id
            WHERE link.contact_id IN ({marks})""",
            older,
        )
        for contact_id, slug in cursor.fetchall():
            topics[contact_id].add(slug)


def _link_new_topics(
    contact: Contact, reports: list[Report], cache: IngestCache
) -> tuple[set[str], list | None]:
    """Give a contact born in this article the topics of its reports, as
    ``refresh_from_reports`` would; return their slugs and the links written (None when the
    database does not return their ids).

    Written here as one INSERT: ``topics.add`` would first read the links the contact cannot
    have yet, and send ``m2m_changed``, whose one receiver (simple_history) would write a
    history row this contact gets from ``_refresh_touched`` instead.
    """
    slugs = {slug for report in reports for slug in report.topics}
    # In the order ``topics.add`` writes them (it iterates a copy of the set of ids), so that
    # the links get the ids they always got.
    ids = set(cache.topic_ids(slugs)).copy()
    link = Contact.topics.through
    links = [link(contact_id=contact.pk, topic_id=id_) for id_ in ids]
    rows.insert(links)
    return slugs, links


# What ``Contact.refresh_from_reports`` reads of each report.
_VOTED = (
    "contact_id",
    "medium",
    "initiator",
    "date",
    "date_precision",
    "historical",
    "confidence",
    "topics",
)


def _person_touched(report: Report) -> bool:
    contact = report.contact
    return (
        report.placed_by_person
        or bool(contact.human_fields)
        or contact.review_status != Contact.Review.UNREVIEWED
    )


def _reviewed_report(
    existing: dict[str, Report], seen: set[str], extracted: ExtractedContact
) -> Report | None:
    """An old report of this article, on a contact a person looked at, that ``extracted`` now
    retells under another signature (improved rules found another date or medium).

    Reusing it keeps the report on the contact the person chose instead of starting a
    duplicate contact next to it. Same participants required; same medium preferred.
    """
    key = pair_key(p.slug for p in extracted.participants)
    unmatched = [
        report
        for signature, report in existing.items()
        if signature not in seen and signature.startswith(f"{key}|") and _person_touched(report)
    ]
    unmatched.sort(key=lambda r: r.medium != extracted.medium)
    if not unmatched:
        return None
    report = unmatched[0]
    del existing[report.signature]
    return report


def _copy_extracted(report: Report, extracted: ExtractedContact) -> None:
    report.participants = [
        {"leader": p.slug, "name_ar": p.name_ar, "country": p.country}
        for p in extracted.participants
    ]
    report.medium = extracted.medium
    report.initiator = extracted.initiator
    report.date = extracted.date.value
    report.date_precision = extracted.date.precision or ""
    report.date_rule = extracted.date.rule
    report.date_raw = extracted.date.raw[:200]
    report.topics = list(extracted.topics)
    report.historical = extracted.historical
    report.confidence = extracted.confidence
    report.evidence = [
        {"field": e.field, "start": e.start, "end": e.end, "text": e.text}
        for e in extracted.evidence
    ]


def ensure_leader(ref: LeaderRef) -> Leader:
    """The Leader row for ``ref``; an unknown person becomes a candidate for staff to confirm."""
    leader = Leader.objects.filter(slug=ref.slug).first()
    if leader is not None:
        return leader
    country, _ = Country.objects.get_or_create(
        code=ref.country, defaults={"name_en": ref.country, "name_ar": ref.country}
    )
    return Leader.objects.create(
        slug=ref.slug,
        name_en=ref.name_en,
        name_ar=ref.name_ar,
        aliases_ar=[ref.name_ar] if ref.name_ar else [],
        country=country,
        kind=ref.kind,
        is_candidate=True,
    )


def find_or_create_contact(report: Report, leaders: list[Leader]) -> Contact:
    """The contact this report tells of (see ``matching_contact``), else a new one."""
    return matching_contact(report, leaders) or contact_from_report(report, leaders)


def matching_contact(report: Report, leaders: list[Leader]) -> Contact | None:
    """The contact this report tells of: same leaders, same medium, a close date.

    A contact matches on its own values or on those of any of its reports, so that a contact
    whose date or participants a person corrected still collects new reports that repeat the
    values extraction first gave it.
    """
    key = pair_key(leader.slug for leader in leaders)
    return min(
        _candidates(key, report.medium, report.date_window()),
        key=lambda c: abs((c.date - report.date).days) if c.date and report.date else 0,
        default=None,
    )


def _candidates(key: str, medium: str, window: tuple[dt.date, dt.date] | None) -> Iterable[Contact]:
    """The contacts (not merged away) of ``key`` by ``medium`` dated in ``window`` (or undated
    when there is none), by their own values or those of any of their reports; in the default
    order, which breaks ties.

    Written in SQL: the ORM took 0.5 ms to build this query, 25 times what the database takes
    to answer it, for every report ingested.
    """
    # Every signature such a report can carry, looked up by index: a prefix match with a date
    # range on the joined reports made the database scan every contact.
    signatures = _signatures(key, medium, window)
    dated, days = ("date BETWEEN %s AND %s", list(window)) if window else ("date IS NULL", [])
    sql = f"""
        SELECT * FROM timeline_contact
        WHERE merged_into_id IS NULL AND (
            (pair_key = %s AND medium = %s AND {dated})
            OR id IN (
                SELECT contact_id FROM timeline_report
                WHERE signature IN ({", ".join(["%s"] * len(signatures))}) AND {dated}
            )
        )
        ORDER BY date DESC, id DESC"""  # as Contact.Meta.ordering says
    return Contact.objects.raw(sql, [key, medium, *days, *signatures, *days])


def _signatures(key: str, medium: str, window: tuple[dt.date, dt.date] | None) -> list[str]:
    """The ``report_signature`` of every report of ``key`` by ``medium`` dated in ``window``
    (or undated when there is none)."""
    if window is None:
        days: list[dt.date | None] = [None]
    else:
        start, end = window
        days = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
    return [make_signature(key, medium, day, history) for day in days for history in (False, True)]


def contact_from_report(report: Report, leaders: list[Leader], **fields) -> Contact:
    """A new contact with ``report``'s values and ``leaders`` as its participants."""
    contact = _unsaved_contact(report, leaders, **fields)
    contact.save(force_insert=True)
    _add_participations(contact, leaders)
    return contact


def _new_contact(report: Report, leaders: list[Leader]) -> Contact:
    """``contact_from_report`` without its history row: ``_refresh_touched`` writes one once
    the contact has all its values."""
    contact = _unsaved_contact(report, leaders)
    rows.insert([contact])
    _add_participations(contact, leaders)
    return contact


def _unsaved_contact(report: Report, leaders: list[Leader], **fields) -> Contact:
    return Contact(
        pair_key=pair_key(leader.slug for leader in leaders),
        medium=report.medium,
        initiator_id=report.initiator or None,
        date=report.date,
        date_precision=report.date_precision,
        historical=report.historical,
        confidence=report.confidence,
        **fields,
    )


def set_participants(contact: Contact, leaders: list[Leader]) -> None:
    contact.participations.all().delete()
    _add_participations(contact, leaders)
    contact.pair_key = pair_key(leader.slug for leader in leaders)
    contact.save(update_fields=["pair_key"])


def _add_participations(contact: Contact, leaders: list[Leader]) -> None:
    rows.insert(
        [
            Participation(contact=contact, leader=leader, country_id=leader.country_id)
            for leader in leaders
        ]
    )
