"""Extraction results -> database: dedupe articles, attach reports to contacts, keep human edits.

Data flows one way: ``Document`` -> ``ExtractedContact`` (timeline.extract) -> here -> models.
One article is saved in one transaction, so a failure never leaves half an article.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Q

from timeline.extract.types import Document, ExtractedContact, LeaderRef
from timeline.models import Article, Contact, Country, Leader, Participation, Report


@dataclass
class IngestResult:
    status: str  # created | updated | skipped
    article: Article
    contacts: list[Contact] = field(default_factory=list)


def content_hash(text: str) -> str:
    """Hash of the text with white space folded: re-saved copies of one article collide."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def pair_key(slugs: Iterable[str]) -> str:
    return "|".join(sorted(set(slugs)))


def report_signature(contact: ExtractedContact) -> str:
    day = contact.date.value.isoformat() if contact.date.value else "-"
    history = "h" if contact.historical else "c"
    return f"{pair_key(p.slug for p in contact.participants)}|{contact.medium}|{day}|{history}"


def ingest_document(
    *,
    document: Document,
    contacts: list[ExtractedContact],
    reextract: bool = False,
) -> IngestResult:
    """Store ``document`` and the contacts extracted from it.

    The same text ingested again is skipped (unless ``reextract``); a changed text at a known
    URL updates that article and re-attaches its reports.
    """
    digest = content_hash(document.text)
    with transaction.atomic():
        _one_writer_at_a_time()
        article = Article.objects.filter(content_hash=digest).first()
        if article is not None and not reextract:
            return IngestResult("skipped", article)
        status = "updated"
        if article is None and document.url:
            article = Article.objects.filter(url=document.url).first()
        if article is None:
            article = Article(content_hash=digest)
            status = "created"
        _copy_document(article, document, digest)
        article.save()
        touched = save_reports(article=article, contacts=contacts)
    return IngestResult(status, article, touched)


# Any fixed number: the key of the PostgreSQL advisory lock that ingests queue on.
_INGEST_LOCK = 0x74696D656C696E65


def _one_writer_at_a_time() -> None:
    """Queue concurrent ingests, so that two cannot both create the article or the contact
    the other is creating. SQLite's IMMEDIATE transactions already do; on PostgreSQL a
    transaction-level advisory lock does (readers never wait on it)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_INGEST_LOCK])


def _copy_document(article: Article, document: Document, digest: str) -> None:
    article.text = document.text
    article.content_hash = digest
    article.title = document.title[:500]
    article.url = document.url or article.url
    article.outlet = document.outlet or article.outlet
    article.published = document.published or article.published
    article.source_name = document.source_name or article.source_name


def save_reports(*, article: Article, contacts: list[ExtractedContact]) -> list[Contact]:
    """Upsert ``article``'s reports to match ``contacts``; return the contacts touched."""
    existing = {r.signature: r for r in article.reports.select_related("contact")}
    touched: dict[int, Contact] = {}
    seen: set[str] = set()
    for extracted in contacts:
        signature = report_signature(extracted)
        if signature in seen:
            continue
        seen.add(signature)
        leaders = [ensure_leader(ref) for ref in extracted.participants]
        report = existing.get(signature) or _reviewed_report(existing, seen, extracted)
        report = report or Report(article=article, signature=signature)
        report.signature = signature
        _copy_extracted(report, extracted)
        if report.pk is None:
            report.contact = find_or_create_contact(report, leaders)
        report.save()
        touched[report.contact_id] = report.contact
    for signature, report in existing.items():
        if signature in seen:
            continue
        contact = report.contact
        if _person_touched(report):
            continue  # a person looked at this contact: keep its evidence even if rules changed
        report.delete()
        touched[contact.pk] = contact
    for contact in touched.values():
        if not contact.reports.exists() and not contact.human_fields:
            contact.delete()
            continue
        contact.refresh_from_reports()
    return [c for c in touched.values() if c.pk]


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
    """The contact this report tells of: same leaders, same medium, a close date; else a new one.

    A contact matches on its own values or on those of any of its reports, so that a contact
    whose date or participants a person corrected still collects new reports that repeat the
    values extraction first gave it.
    """
    key = pair_key(leader.slug for leader in leaders)
    by_contact = Q(pair_key=key, medium=report.medium)
    by_report = Q(reports__signature__startswith=f"{key}|{report.medium}|")
    window = report.date_window()
    if window is not None:
        by_contact &= Q(date__range=window)
        by_report &= Q(reports__date__range=window)
    else:
        by_contact &= Q(date__isnull=True)
        by_report &= Q(reports__date__isnull=True)
    candidates = Contact.objects.filter(by_contact | by_report, merged_into=None).distinct()
    match = min(
        candidates,
        key=lambda c: abs((c.date - report.date).days) if c.date and report.date else 0,
        default=None,
    )
    if match is not None:
        return match
    return contact_from_report(report, leaders)


def contact_from_report(report: Report, leaders: list[Leader], **fields) -> Contact:
    """A new contact with ``report``'s values and ``leaders`` as its participants."""
    contact = Contact.objects.create(
        pair_key=pair_key(leader.slug for leader in leaders),
        medium=report.medium,
        initiator_id=report.initiator or None,
        date=report.date,
        date_precision=report.date_precision,
        historical=report.historical,
        confidence=report.confidence,
        **fields,
    )
    set_participants(contact, leaders)
    return contact


def set_participants(contact: Contact, leaders: list[Leader]) -> None:
    contact.participations.all().delete()
    Participation.objects.bulk_create(
        Participation(contact=contact, leader=leader, country_id=leader.country_id)
        for leader in leaders
    )
    contact.pair_key = pair_key(leader.slug for leader in leaders)
    contact.save(update_fields=["pair_key"])
