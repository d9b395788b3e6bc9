"""What staff do to fix extraction: merge and split contacts, review them, settle candidate
leaders, re-run extraction, add articles.

Each function runs in one transaction and leaves every report somewhere: a correction never
loses evidence. Reports a person moved are marked ``placed_by_person`` so that re-extraction
leaves them where the person put them (see ``timeline.ingest.save_reports``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial

from django.db import transaction
from django.db.models import Case, Count, Exists, F, FloatField, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Cast

from timeline.extract.types import Document, ExtractedContact
from timeline.ingest import (
    IngestResult,
    contact_from_report,
    ingest_document,
    make_signature,
    pair_key,
    save_reports,
    set_participants,
)
from timeline.models import Article, Contact, Leader, Participation, Report, Topic
from timeline.tallies import writing

Extractor = Callable[[Document], list[ExtractedContact]]

# Below this a contact goes to the review queue whatever else is true of it.
LOW_CONFIDENCE = 0.6


def db_extractor() -> Extractor:
    """Extraction with the leader table and topic keywords as staff have left them."""
    # Imported here: the extractor is heavy and the admin must load without it.
    from timeline.extract.contacts import extract_document
    from timeline.reference import gazetteer_from_db, lexicon_from_db

    return partial(extract_document, gazetteer=gazetteer_from_db(), lexicon=lexicon_from_db())


# Contacts -----------------------------------------------------------------------------------


@writing
def merge_contacts(*, keep: Contact, others: Iterable[Contact]) -> Contact:
    """Fold ``others`` into ``keep``: their reports move over, they point at ``keep``.

    The merged contacts stay in the database (their public URL redirects to ``keep``).
    """
    others = [c for c in others if c.pk != keep.pk]
    if not others:
        return keep
    Report.objects.filter(contact__in=others).update(contact=keep, placed_by_person=True)
    keep.reports.update(placed_by_person=True)
    # Contacts merged earlier into one of ``others`` now point straight at ``keep``.
    for earlier in Contact.objects.filter(merged_into__in=others):
        earlier.merged_into = keep
        earlier.save(update_fields=["merged_into", "updated_at"])
    for other in others:
        other.merged_into = keep
        other.save(update_fields=["merged_into", "updated_at"])
    keep.refresh_from_reports()
    return keep


@writing
def split_report(*, report: Report) -> Contact:
    """Move ``report`` to a new contact of its own, built from the report's values."""
    old = report.contact
    if old.reports.count() < 2:
        raise ValueError("A contact's only report cannot be split off.")
    slugs = [p["leader"] for p in report.participants]
    leaders = list(Leader.objects.filter(slug__in=slugs)) or [
        p.leader for p in old.participations.select_related("leader")
    ]
    new = contact_from_report(report, leaders, review_status=old.review_status)
    new.topics.set(Topic.objects.filter(slug__in=report.topics))
    report.contact = new
    report.placed_by_person = True
    report.save(update_fields=["contact", "placed_by_person"])
    old.refresh_from_reports()
    new.refresh_from_reports()
    return new


@writing
def move_report(*, report: Report, to: Contact, source_id: int | None = None) -> None:
    """Put ``report`` on contact ``to`` by hand; both contacts are recomputed."""
    source_id = source_id or report.contact_id
    report.contact = to
    report.placed_by_person = True
    report.save()
    to.refresh_from_reports()
    source = Contact.objects.filter(pk=source_id).first()
    if source is None or source.pk == to.pk:
        return
    if source.reports.exists():
        source.refresh_from_reports()
    else:  # its last report left: it was the same event all along
        merge_contacts(keep=to, others=[source])


@writing
def set_review_status(*, contacts: Iterable[Contact], status: str) -> int:
    """Mark ``contacts`` verified, rejected or unreviewed; saved one by one for the history."""
    if status not in Contact.Review.values:
        raise ValueError(f"unknown review status {status!r}")
    changed = 0
    for contact in contacts:
        if contact.review_status != status:
            contact.review_status = status
            contact.save(update_fields=["review_status", "updated_at"])
            changed += 1
    return changed


@writing
def update_participants(*, contact: Contact, leaders: list[Leader]) -> None:
    """Set a contact's participants as a person chose them, and remember that they did."""
    set_participants(contact, leaders)
    contact.mark_human("participants")
    contact.save(update_fields=["human_fields", "updated_at"])


# Leaders ------------------------------------------------------------------------------------


@writing
def confirm_leader(*, leader: Leader) -> Leader:
    leader.is_candidate = False
    leader.save(update_fields=["is_candidate"])
    return leader


def add_spellings(*, leader: Leader, spellings: Iterable[str]) -> list[str]:
    """Add Arabic spellings a leader is known by; return the ones that were new."""
    new = []
    for spelling in spellings:
        spelling = " ".join(spelling.split())
        if spelling and spelling != leader.name_ar and spelling not in leader.aliases_ar + new:
            new.append(spelling)
    if new:
        leader.aliases_ar = leader.aliases_ar + new
        leader.save(update_fields=["aliases_ar"])
    return new


@writing
def merge_leader(*, candidate: Leader, into: Leader) -> Leader:
    """``candidate`` is ``into`` under another spelling: move its participations and reports to
    ``into``, keep the spelling so that extraction finds ``into`` next time, delete it."""
    if candidate.pk == into.pk:
        return into
    contacts = list(Contact.objects.filter(participations__leader=candidate))
    for participation in Participation.objects.filter(leader=candidate):
        if Participation.objects.filter(contact=participation.contact, leader=into).exists():
            participation.delete()
        else:
            participation.leader = into
            participation.country_id = into.country_id
            participation.save(update_fields=["leader", "country"])
    for contact in contacts:
        contact.pair_key = pair_key(contact.participants.values_list("slug", flat=True))
        contact.save(update_fields=["pair_key", "updated_at"])
    _rename_in_reports(candidate.slug, into)
    add_spellings(leader=into, spellings=[candidate.name_ar, *candidate.aliases_ar])
    candidate.delete()
    return into


def _rename_in_reports(old_slug: str, into: Leader) -> None:
    # Reports keep the slugs extraction gave; rewriting them (and the signature built from
    # them) lets the next extraction, which now finds ``into``, match these reports exactly.
    reports = Report.objects.filter(signature__contains=old_slug).select_related("article")
    for report in reports:
        if not any(p["leader"] == old_slug for p in report.participants):
            continue
        for p in report.participants:
            if p["leader"] == old_slug:
                p["leader"], p["country"] = into.slug, into.country_id
        key = pair_key(p["leader"] for p in report.participants)
        report.signature = make_signature(key, report.medium, report.date, report.historical)
        twin = report.article.reports.filter(signature=report.signature).exclude(pk=report.pk)
        if twin.exists():
            report.delete()  # the article already tells this contact under the right name
        else:
            report.save(update_fields=["participants", "signature"])


# Articles -----------------------------------------------------------------------------------


@dataclass
class ReextractResult:
    articles: int = 0
    contacts: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return f"articles {self.articles}, contacts {self.contacts}, failed {self.failed}"


def article_document(article: Article) -> Document:
    return Document(
        text=article.text,
        title=article.title,
        published=article.published,
        url=article.url,
        outlet=article.outlet,
        source_name=article.source_name,
    )


def reextract_articles(
    *, articles: Iterable[Article] | None = None, extract: Extractor | None = None
) -> ReextractResult:
    """Run extraction again over stored articles (all by default) with today's leader table
    and keywords. Fields a person set and reports a person placed stay as they are.

    One transaction per article: one failure does not undo the others.
    """
    extract = extract or db_extractor()
    articles = Article.objects.all() if articles is None else articles
    result = ReextractResult()
    for article in articles:
        try:
            contacts = extract(article_document(article))
            with transaction.atomic():
                touched = save_reports(article=article, contacts=contacts)
        except Exception as exc:  # one bad article must not stop the run; counted and reported
            result.failed += 1
            result.errors.append(f"article {article.pk}: {type(exc).__name__}: {exc}")
            continue
        result.articles += 1
        result.contacts += len(touched)
    return result


def add_documents(
    *, documents: Iterable[Document], extract: Extractor | None = None
) -> list[IngestResult]:
    """Extract and store documents staff added by hand (each in its own transaction)."""
    extract = extract or db_extractor()
    return [
        ingest_document(document=document, contacts=extract(document)) for document in documents
    ]


# Review queue -------------------------------------------------------------------------------


def review_queue() -> QuerySet[Contact]:
    """Unreviewed contacts that need a person, worst first.

    A contact needs a person when its confidence is low, a participant is an unconfirmed
    candidate, its date is a guess (taken from the publication date, or not to the day), or
    its reports disagree. Each annotation is kept so that the page can say why.
    """
    guessed = Report.objects.filter(contact=OuterRef("pk")).filter(
        Q(date_rule__in=["published", "none", ""]) | ~Q(date_precision="day")
    )
    candidate = Participation.objects.filter(contact=OuterRef("pk"), leader__is_candidate=True)
    qs = Contact.objects.filter(review_status=Contact.Review.UNREVIEWED, merged_into=None)
    qs = qs.annotate(
        has_candidate=Exists(candidate),
        date_guessed=Exists(guessed) | Q(date__isnull=True) | ~Q(date_precision="day"),
        n_media=Count("reports__medium", distinct=True),
        n_dates=Count("reports__date", distinct=True),
        n_initiators=Count("reports__initiator", distinct=True),
    )
    conflicting = Q(n_media__gt=1) | Q(n_dates__gt=1) | Q(n_initiators__gt=1)
    qs = qs.filter(
        Q(confidence__lt=LOW_CONFIDENCE)
        | Q(has_candidate=True)
        | Q(date_guessed=True)
        | conflicting
    )
    score = (
        _one_if(Q(has_candidate=True))
        + _one_if(Q(date_guessed=True))
        + Cast(F("n_media") + F("n_dates") + F("n_initiators") - 3, FloatField())
        + (Value(1.0) - F("confidence"))
    )
    return qs.annotate(score=score).order_by("-score", "confidence", "-id")


def _one_if(condition: Q) -> Case:
    # CASE rather than a cast: PostgreSQL will not cast a boolean to a float.
    return Case(When(condition, then=Value(1.0)), default=Value(0.0), output_field=FloatField())


def review_reasons(contact: Contact) -> list[str]:
    """Why an annotated ``review_queue()`` row is in the queue, in words."""
    reasons = []
    if contact.confidence < LOW_CONFIDENCE:
        reasons.append(f"low confidence ({contact.confidence:.2f})")
    if getattr(contact, "has_candidate", False):
        reasons.append("unconfirmed leader")
    if getattr(contact, "date_guessed", False):
        reasons.append("uncertain date")
    for name, values in contact.disagreements().items():
        reasons.append(f"reports disagree on {name}: {', '.join(values)}")
    return reasons
