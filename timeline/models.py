"""Reference data (Country, Leader, Term, Topic) and what extraction finds (Article, Contact,
Report).

A Contact is one real event (a call, a meeting...). Each Article that tells of it adds a Report
holding the values *as that article states them*. The Contact's own values are derived from its
reports, except the fields a person set in the admin: those are listed in ``Contact.human_fields``
and never recomputed, so corrections survive re-ingest and re-extraction.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable

from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from timeline import rows
from timeline.querysets import ContactQuerySet, TallyQuerySet


class Country(models.Model):
    """A country (ISO 3166-1 alpha-2) or an international organisation (UN, EU...)."""

    code = models.CharField(_("code"), max_length=8, primary_key=True)
    name_en = models.CharField(_("English name"), max_length=120)
    name_ar = models.CharField(_("Arabic name"), max_length=120)
    names_ar = models.JSONField(_("other Arabic names"), default=list, blank=True)
    demonyms_ar = models.JSONField(_("Arabic demonyms"), default=list, blank=True)
    head_offices = models.JSONField(_("offices that lead it"), default=list, blank=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return f"{self.name_en} ({self.code})"

    def as_record(self) -> dict:
        """The shape ``timeline.extract.leaders.Gazetteer.from_records`` reads."""
        return {
            "code": self.code,
            "name_en": self.name_en,
            "name_ar": self.name_ar,
            "names_ar": self.names_ar,
            "demonyms_ar": self.demonyms_ar,
            "head_offices": self.head_offices,
        }


# Offices as the reference data codes them (Leader.office, Term.office), as readers say them.
OFFICES = {
    "president": _("president"),
    "prime_minister": _("prime minister"),
    "chancellor": _("chancellor"),
    "king": _("king"),
    "queen": _("queen"),
    "emir": _("emir"),
    "sultan": _("sultan"),
    "emperor": _("emperor"),
    "crown_prince": _("crown prince"),
    "deputy_crown_prince": _("deputy crown prince"),
    "supreme_leader": _("supreme leader"),
    "pope": _("pope"),
    "secretary_general": _("secretary-general"),
    "council_president": _("president of the council"),
    "commission_president": _("president of the commission"),
    "commission_chair": _("chair of the commission"),
    "leader": _("leader"),
    "chief_adviser": _("chief adviser"),
    "state_counsellor": _("state counsellor"),
}


class Leader(models.Model):
    class Kind(models.TextChoices):
        HEAD_OF_STATE = "head_of_state", _("head of state")
        HEAD_OF_GOVERNMENT = "head_of_government", _("head of government")
        CROWN_PRINCE = "crown_prince", _("crown prince")
        ORG_HEAD = "org_head", _("head of an international organisation")

    slug = models.SlugField(_("slug"), max_length=160, unique=True, allow_unicode=True)
    name_en = models.CharField(_("English name"), max_length=160, blank=True)
    name_ar = models.CharField(_("Arabic name"), max_length=160)
    aliases_ar = models.JSONField(_("Arabic spellings"), default=list, blank=True)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="leaders")
    kind = models.CharField(_("kind"), max_length=24, choices=Kind, default=Kind.HEAD_OF_STATE)
    office = models.CharField(_("office"), max_length=40, blank=True)
    term_start = models.DateField(_("term start"), null=True, blank=True)
    term_end = models.DateField(_("term end"), null=True, blank=True)
    # Extraction creates candidates for titled people missing from the table; staff confirm them.
    is_candidate = models.BooleanField(_("candidate (unconfirmed)"), default=False, db_index=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name_en", "name_ar"]
        verbose_name = _("leader")
        verbose_name_plural = _("leaders")

    def __str__(self) -> str:
        return self.name_en or self.name_ar

    def get_absolute_url(self) -> str:
        return reverse("timeline:leader", args=[self.slug])

    def display_name(self, language: str = "ar") -> str:
        return self.name_in(language, self.name_ar, self.name_en)

    @property
    def office_label(self) -> str:
        """The office in the page's language ("prime_minister" -> "رئيس الوزراء")."""
        return str(OFFICES.get(self.office, self.office.replace("_", " ")))

    @staticmethod
    def name_in(language: str, name_ar: str, name_en: str) -> str:
        """The name to show in ``language``, the other one when it is missing: for rows read
        as plain values too (the search box's suggestions)."""
        if language == "ar":
            return name_ar or name_en
        return name_en or name_ar


class Term(models.Model):
    """One office held over a period: resolves "the French president" on a given date."""

    leader = models.ForeignKey(Leader, on_delete=models.CASCADE, related_name="terms")
    office = models.CharField(_("office"), max_length=40)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)

    class Meta:
        ordering = ["start"]
        verbose_name = _("term")
        verbose_name_plural = _("terms")

    def __str__(self) -> str:
        return f"{self.office} {self.start or '?'} – {self.end or ''}"


class Topic(models.Model):
    slug = models.SlugField(_("slug"), max_length=64, unique=True)
    name_en = models.CharField(_("English name"), max_length=120)
    name_ar = models.CharField(_("Arabic name"), max_length=120, blank=True)
    scope = models.TextField(_("scope"), blank=True)
    keywords_ar = models.TextField(
        _("Arabic keywords"),
        blank=True,
        help_text=_("One keyword or phrase per line; a trailing * matches any word ending."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name_en

    def display_name(self, language: str = "ar") -> str:
        return (self.name_ar or self.name_en) if language == "ar" else self.name_en

    @property
    def keywords(self) -> list[str]:
        return [line.strip() for line in self.keywords_ar.splitlines() if line.strip()]

    def as_record(self) -> dict:
        return {"slug": self.slug, "keywords": self.keywords}


class Article(models.Model):
    """One article as ingested. ``text`` is stored whole: evidence offsets point into it."""

    text = models.TextField(_("text"))
    title = models.CharField(_("title"), max_length=500, blank=True)
    url = models.URLField(_("URL"), max_length=1000, blank=True, db_index=True)
    outlet = models.CharField(_("outlet"), max_length=120, blank=True, db_index=True)
    published = models.DateField(_("published"), null=True, blank=True, db_index=True)
    source_name = models.CharField(_("file name"), max_length=300, blank=True)
    content_hash = models.CharField(_("content hash"), max_length=64, unique=True)
    ingested_at = models.DateTimeField(_("ingested at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-published", "id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self) -> str:
        return self.title or self.source_name or f"#{self.pk}"


# Contact's history, kept at hand so that code which builds or changes a contact in several
# steps can write one history row for the result (``Contact.record_history``).
_CONTACT_HISTORY = HistoricalRecords(m2m_fields=["topics"])


class Contact(models.Model):
    class Medium(models.TextChoices):
        PHONE = "phone", _("phone call")
        VIDEO = "video", _("video call")
        MEETING = "meeting", _("meeting")
        MESSAGE = "message", _("message")

    class Precision(models.TextChoices):
        DAY = "day", _("day")
        MONTH = "month", _("month")
        YEAR = "year", _("year")

    class Review(models.TextChoices):
        UNREVIEWED = "unreviewed", _("unreviewed")
        VERIFIED = "verified", _("verified")
        REJECTED = "rejected", _("rejected")

    # Fields whose value a person may set; listed in human_fields once they do.
    EDITABLE_FIELDS = (
        "participants",
        "date",
        "date_precision",
        "medium",
        "initiator",
        "topics",
        "historical",
    )

    participants = models.ManyToManyField(
        Leader, through="Participation", related_name="contacts", verbose_name=_("participants")
    )
    # Sorted participant slugs joined by "|": the key that finds other reports of the same event
    # (indexed below, with the medium and with the date).
    pair_key = models.CharField(max_length=400, editable=False)
    medium = models.CharField(_("medium"), max_length=16, choices=Medium, db_index=True)
    initiator = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiated_contacts",
        verbose_name=_("initiator"),
    )
    # Indexed in Meta, with what the list's walk reads.
    date = models.DateField(_("date"), null=True, blank=True)
    date_precision = models.CharField(
        _("date precision"), max_length=8, choices=Precision, blank=True
    )
    topics = models.ManyToManyField(
        Topic, related_name="contacts", blank=True, verbose_name=_("topics")
    )
    historical = models.BooleanField(_("background mention"), default=False)
    confidence = models.FloatField(_("confidence"), default=0.5)
    review_status = models.CharField(
        _("review status"),
        max_length=12,
        choices=Review,
        default=Review.UNREVIEWED,
        db_index=True,
    )
    human_fields = models.JSONField(_("fields set by a person"), default=list, blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_from",
        verbose_name=_("merged into"),
        # No plain index: SQLite would use it for "merged_into IS NULL" (nearly every row)
        # and then sort all contacts for each list page. A partial index (Meta) serves the
        # reverse lookup instead. Measured in BENCHMARKS.md ("bench_indexes").
        db_index=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = _CONTACT_HISTORY

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [
            models.Index(fields=["pair_key", "medium", "date"], name="contact_dedupe_idx"),
            # The contact page's previous and next contact of the same pair: read in date order
            # from here, not sorted from all of a busy pair's contacts (18k at 1M: 30 ms).
            models.Index(fields=["pair_key", "date", "id"], name="contact_pair_date_idx"),
            models.Index(fields=["review_status", "date"], name="contact_public_date_idx"),
            # Contacts in date order with what makes them public: the list walks this index
            # alone, reading no contact row (BENCHMARKS.md, "the list's walk").
            models.Index(
                fields=["date", "id", "review_status", "merged_into"], name="contact_date_idx"
            ),
            models.Index(
                fields=["merged_into"],
                condition=models.Q(merged_into__isnull=False),
                name="contact_merged_into_idx",
            ),
        ]

    def __str__(self) -> str:
        names = " – ".join(str(p) for p in self.participants.all())
        return f"{self.date or '?'} {self.get_medium_display()}: {names}"

    def get_absolute_url(self) -> str:
        return reverse("timeline:contact", args=[self.pk])

    def is_human(self, field: str) -> bool:
        return field in self.human_fields

    def mark_human(self, *fields: str) -> None:
        for field in fields:
            if field not in self.human_fields:
                self.human_fields.append(field)

    def record_history(self, *, created: bool = False, topic_links: list | None = None) -> None:
        """Write one history row of this contact as it stands, topics included: for changes
        made with ``skip_history_when_saving`` set, which write none of their own.

        The rows are those of simple_history's ``create_historical_record`` (whose signals
        nothing here listens to) at half its cost, which ingest pays for every contact it
        touches: that method builds a history manager class, reads the topic links back with
        their contact and topic joined, and rebuilds the contact from the history row. A caller
        that has just written this contact's topic links (through rows) passes them in
        ``topic_links`` to spare reading them back.
        """
        records = _CONTACT_HISTORY
        history_type = "+" if created else "~"
        row = apps.get_model("timeline", "HistoricalContact")(
            history_date=getattr(self, "_history_date", timezone.now()),
            history_type=history_type,
            history_user=records.get_history_user(self),
            history_change_reason=records.get_change_reason_for_object(self, history_type, None),
            **{
                field.attname: getattr(self, field.attname)
                for field in records.fields_included(self)
            },
        )
        rows.insert([row])
        if topic_links is None:
            topic_links = Contact.topics.through.objects.filter(contact_id=self.pk)
        link_history = records.m2m_models[Contact.topics.field]
        rows.insert(
            [
                link_history(
                    history=row, id=link.pk, contact_id=link.contact_id, topic_id=link.topic_id
                )
                for link in topic_links
            ]
        )

    def refresh_from_reports(
        self,
        *,
        reports: list[Report] | None = None,
        topics: set[str] | None = None,
        topic_ids: Callable[[set[str]], list[int]] | None = None,
    ) -> bool:
        """Derive the machine-set fields from the reports; leave human-set fields alone.

        Medium, initiator and date take the value most reports agree on (ties go to the more
        confident report); confidence is the best report's; topics are the union.

        A caller that already holds this contact's ``reports`` (in their default order), the
        slugs of its current ``topics`` or a slug -> id lookup passes them to spare the queries.
        Returns whether anything changed.
        """
        reports = list(self.reports.all()) if reports is None else reports
        if not reports:
            return False
        tracked = ("medium", "initiator_id", "date", "date_precision", "historical", "confidence")
        before = [getattr(self, attr) for attr in tracked]
        best = max(reports, key=lambda r: r.confidence)

        def vote(attr: str):
            counts = Counter(getattr(r, attr) for r in reports)
            top = max(counts.values())
            tied = {value for value, n in counts.items() if n == top}
            return getattr(best, attr) if getattr(best, attr) in tied else next(iter(tied))

        if not self.is_human("medium"):
            self.medium = vote("medium")
        if not self.is_human("initiator"):
            initiators = [r.initiator for r in reports if r.initiator]
            self.initiator_id = Counter(initiators).most_common(1)[0][0] if initiators else None
        if not self.is_human("date"):
            dated = [r for r in reports if r.date]
            if dated:
                precise = [r for r in dated if r.date_precision == "day"] or dated
                self.date = Counter(r.date for r in precise).most_common(1)[0][0]
                if not self.is_human("date_precision"):
                    self.date_precision = next(
                        r.date_precision for r in precise if r.date == self.date
                    )
        if not self.is_human("historical"):
            self.historical = all(r.historical for r in reports)
        self.confidence = best.confidence
        # Saving only on change keeps the history readable: a re-ingest that changes nothing
        # records nothing.
        changed = self._state.adding or before != [getattr(self, attr) for attr in tracked]
        if changed:
            self.save()
        if not self.is_human("topics"):
            slugs = {slug for r in reports for slug in r.topics}
            if topics is None:
                topics = set(self.topics.values_list("slug", flat=True))
            if slugs != topics:
                ids = topic_ids(slugs) if topic_ids else Topic.objects.filter(slug__in=slugs)
                if topics:
                    self.topics.set(ids)
                else:  # nothing to remove: adding is the same change with one query less
                    self.topics.add(*ids)
                changed = True
        return changed

    def disagreements(self) -> dict[str, list]:
        """Fields on which this contact's reports differ, with the values they give."""
        reports = list(self.reports.all())
        out = {}
        for attr in ("medium", "initiator", "date"):
            values = sorted({str(getattr(r, attr)) for r in reports})
            if len(values) > 1:
                out[attr] = values
        return out


class Participation(models.Model):
    # Indexed with the country and the leader below: a probe for "a participant from this
    # country" (the list's walk, the heatmap) and an export's read of a contact's participants
    # then never read the row itself.
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="participations", db_index=False
    )
    leader = models.ForeignKey(Leader, on_delete=models.PROTECT, related_name="participations")
    # Denormalized so that country filters and the country x topic heatmap need no join to Leader.
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="participations")

    class Meta:
        # Participants in the order extraction (or a person) gave them, on every database.
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["contact", "leader"], name="unique_participation")
        ]
        indexes = [
            models.Index(fields=["leader", "contact"], name="participation_leader_idx"),
            models.Index(fields=["contact", "country", "leader"], name="participation_contact_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.leader} in {self.contact_id}"


class Report(models.Model):
    """One article's account of one contact, with the values as the article states them."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="reports")
    # Indexed with the article below: the contact page and an export find a contact's articles
    # in the index without reading the reports' rows (sentences, evidence).
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="reports", db_index=False
    )
    # Identifies "the same contact in the same article" across re-extractions.
    signature = models.CharField(max_length=500)
    participants = models.JSONField(default=list)  # [{"leader", "name_ar", "country"}]
    medium = models.CharField(max_length=16, choices=Contact.Medium)
    initiator = models.CharField(max_length=8, blank=True, null=True)  # noqa: DJ001 (null = unknown)
    date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(max_length=8, blank=True)
    date_rule = models.CharField(max_length=40, blank=True)
    date_raw = models.CharField(max_length=200, blank=True)
    topics = models.JSONField(default=list)
    historical = models.BooleanField(default=False)
    confidence = models.FloatField(default=0.5)
    evidence = models.JSONField(default=list)  # [{"field", "start", "end", "text"}]
    # Set when a person moved this report to another contact (split or merge): re-extraction
    # keeps it there.
    placed_by_person = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article__published", "id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "signature"], name="unique_report_signature")
        ]
        indexes = [
            # Ingest finds the earlier reports of a contact by their signatures.
            models.Index(fields=["signature"], name="report_signature_idx"),
            models.Index(fields=["contact", "article"], name="report_contact_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.article} → {self.contact_id}"

    @property
    def date_is_uncertain(self) -> bool:
        return self.date_rule in {"published", "none", ""} or self.date_precision != "day"

    def date_window(self) -> tuple[dt.date, dt.date] | None:
        """Dates another report of the same event may carry: a day either side, wider when
        this report's date is a guess."""
        if self.date is None:
            return None
        days = 1 if not self.date_is_uncertain else 3
        if self.date_precision == "month":
            days = 31
        return self.date - dt.timedelta(days=days), self.date + dt.timedelta(days=days)


# --- Tallies ---------------------------------------------------------------------------------
# Counts of public contacts, kept exact by database triggers (timeline/tallies.py) on every
# write to contacts, participations and topics, whichever code makes it: ingest, the admin,
# corrections, a shell. The timeline and heatmaps read them instead of grouping a million
# contacts per request. ``month`` is "YYYY-MM", or "" for a contact without a date. Rows whose
# count fell to zero stay until the next rebuild: readers sum and keep sums above zero. The
# foreign keys have no index of their own: each table's unique key is the one its readers and
# its triggers look up, and every extra index would cost every write. Nor do they have a
# database constraint: a flush deletes countries and contacts in any order, and the triggers
# must not fail it (tallies.ensure recounts after a flush).
_TALLIED = {"db_index": False, "db_constraint": False}


class Tally(models.Model):
    month = models.CharField(max_length=7)
    medium = models.CharField(max_length=16, choices=Contact.Medium)
    n = models.IntegerField()

    objects = TallyQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.month or 'undated'} {self.medium}: {self.n}"


class ReportsTally(Tally):
    """Counts of contacts with how many a person verified, and how many reports (articles'
    accounts) tell of them."""

    verified = models.IntegerField(default=0)
    reports = models.IntegerField(default=0)

    class Meta:
        abstract = True


class MonthTally(ReportsTally):
    """Public contacts per month and medium, with their verified ones and reports: the list's
    count and the dashboard's."""

    class Meta:
        constraints = [models.UniqueConstraint(fields=["month", "medium"], name="month_tally_key")]


class TopicTally(ReportsTally):
    """Public contacts per month, medium and topic, with their verified ones and reports:
    the list's count and the dashboard's under a topic filter."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+", **_TALLIED)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["topic", "month", "medium"], name="topic_tally_key")
        ]


class CountryTally(ReportsTally):
    """Public contacts per month, medium and participating country (a country once per
    contact), with their verified ones and reports: the heatmap's row totals, the list's and
    the dashboard's counts under a country filter."""

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="+", **_TALLIED)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["country", "month", "medium"], name="country_tally_key")
        ]


class CountryTopicTally(ReportsTally):
    """Public contacts per month, medium, participating country and topic, with their
    verified ones and reports: heatmap cells, and the counts under a country and a topic."""

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="+", **_TALLIED)
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+", **_TALLIED)

    class Meta:
        # Country and topic first: the heatmap sums them in index order, without sorting.
        constraints = [
            models.UniqueConstraint(
                fields=["country", "topic", "month", "medium"], name="country_topic_tally_key"
            )
        ]
        # One topic's countries (its heatmap's row totals, its dashboard's count of countries)
        # read through the key scanned all 680k rows at 1M: 42 ms, twice per dashboard.
        # A date range's cells (the heatmap of one year) through the key, country first,
        # scanned every month of every cell: 100 ms at 1M; by month, the year's rows only.
        indexes = [
            models.Index(fields=["topic", "month"], name="country_topic_topic_idx"),
            models.Index(fields=["month", "country", "topic", "n"], name="country_topic_month_idx"),
        ]


class OneLeaderTally(Tally):
    """Counts of one leader's contacts, with the country they took part for."""

    leader = models.ForeignKey(Leader, on_delete=models.CASCADE, related_name="+", **_TALLIED)
    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="+", **_TALLIED)

    class Meta:
        abstract = True


class LeaderTally(OneLeaderTally):
    """Public contacts per month, medium and leader (with the country they took part for),
    how many that country initiated and how many have no known initiator: the timeline's
    monthly circles and a leader's page."""

    own = models.IntegerField(default=0)
    unknown = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["leader", "month", "medium", "country"], name="leader_tally_key"
            )
        ]
        # The all-time and undated rows of every leader (the timeline's busiest leaders) with
        # their counts: the key, leader first, made SQLite read all 300k rows at 1M, twice
        # per timeline (42 of its ~250 ms).
        indexes = [models.Index(fields=["month", "leader", "n"], name="leader_tally_month_idx")]


class LeaderTopicTally(OneLeaderTally):
    """Public contacts per month, medium, leader (with their country) and topic: the timeline
    under a topic filter, a leader's topics."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+", **_TALLIED)

    class Meta:
        # Topic first: the timeline reads one topic's rows, busiest leaders first.
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "leader", "month", "medium", "country"],
                name="leader_topic_tally_key",
            )
        ]


class LeaderSeenTally(OneLeaderTally):
    """Public contacts per month, medium, leader (with their country) and each country that
    took part (``seen``, theirs included, once per contact): the timeline under a country
    filter, the heatmap's row totals under a leader filter."""

    seen = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="+", **_TALLIED)

    class Meta:
        # The country seen first: the timeline reads one country's rows; the heatmap reads
        # one leader's by the index.
        constraints = [
            models.UniqueConstraint(
                fields=["seen", "leader", "month", "medium", "country"],
                name="leader_seen_tally_key",
            )
        ]
        indexes = [models.Index(fields=["leader", "month"], name="leader_seen_leader_idx")]


class LeaderSeenTopicTally(OneLeaderTally):
    """As LeaderSeenTally, per topic too: the timeline under a country and a topic, the
    heatmap's cells under a leader."""

    seen = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="+", **_TALLIED)
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+", **_TALLIED)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["seen", "topic", "leader", "month", "medium", "country"],
                name="leader_seen_topic_tally_key",
            )
        ]
        indexes = [models.Index(fields=["leader", "month"], name="leader_seen_topic_leader_idx")]


class PairTally(Tally):
    """Public contacts per month and medium between ``leader`` and ``other`` (with the country
    ``other`` took part for), both ways round: one leader's counterparts."""

    leader = models.ForeignKey(Leader, on_delete=models.CASCADE, related_name="+", **_TALLIED)
    other = models.ForeignKey(Leader, on_delete=models.CASCADE, related_name="+", **_TALLIED)
    other_country = models.ForeignKey(
        Country, on_delete=models.CASCADE, related_name="+", **_TALLIED
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["leader", "month", "medium", "other", "other_country"],
                name="pair_tally_key",
            )
        ]


class OneCountryTally(Tally):
    """Counts of one country's contacts, with each country that took part in them (``seen``,
    itself included, once per contact)."""

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="+", **_TALLIED)
    seen = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="+", **_TALLIED)

    class Meta:
        abstract = True


class CountrySeenTally(OneCountryTally):
    """Public contacts per month, medium, country and country seen: the heatmap's row totals
    under a country filter."""

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["country", "month", "medium", "seen"], name="country_seen_tally_key"
            )
        ]


class CountrySeenTopicTally(OneCountryTally):
    """As CountrySeenTally, per topic too: the heatmap's cells under a country filter."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+", **_TALLIED)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["country", "month", "medium", "seen", "topic"],
                name="country_seen_topic_tally_key",
            )
        ]


class CountryTopicSeenTally(OneCountryTally):
    """Public contacts per month, medium, country and topic, with each country (``seen``) and
    topic (``seen_topic``) they have, the two filters' own included: the heatmap's cells
    under a country and a topic."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+", **_TALLIED)
    seen_topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+", **_TALLIED)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["country", "topic", "month", "medium", "seen", "seen_topic"],
                name="country_topic_seen_tally_key",
            )
        ]


class TopicSeenTally(Tally):
    """Public contacts per month, medium, topic, participating country and each topic they
    have (``seen``, itself included): the heatmap's cells under a topic filter."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+", **_TALLIED)
    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="+", **_TALLIED)
    seen = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+", **_TALLIED)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "month", "medium", "country", "seen"],
                name="topic_seen_tally_key",
            )
        ]


class TrioTally(Tally):
    """Public contacts of three or more per month, medium and leader, with each ordered pair
    of two other leaders who took part (``other`` with the country they took part for): who
    talks to whom under a leader filter, beside the leader's own pairs."""

    leader = models.ForeignKey(Leader, on_delete=models.CASCADE, related_name="+", **_TALLIED)
    first = models.ForeignKey(Leader, on_delete=models.CASCADE, related_name="+", **_TALLIED)
    other = models.ForeignKey(Leader, on_delete=models.CASCADE, related_name="+", **_TALLIED)
    other_country = models.ForeignKey(
        Country, on_delete=models.CASCADE, related_name="+", **_TALLIED
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["leader", "month", "medium", "first", "other", "other_country"],
                name="trio_tally_key",
            )
        ]
