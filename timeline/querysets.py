"""Queries the pages need, as QuerySet methods so that views stay short."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.db.models.functions import Cast, Substr


class ContactQuerySet(models.QuerySet):
    def public(self) -> ContactQuerySet:
        """What readers see: not rejected, not merged away into another contact."""
        return self.exclude(review_status="rejected").filter(merged_into__isnull=True)

    def between(self, start: dt.date | None, end: dt.date | None) -> ContactQuerySet:
        qs = self
        if start:
            qs = qs.filter(date__gte=start)
        if end:
            qs = qs.filter(date__lte=end)
        return qs

    def involving(self, leader) -> ContactQuerySet:
        return self.filter(participations__leader=leader)

    def with_related(self) -> ContactQuerySet:
        """Everything a list row shows, in a fixed number of queries."""
        return self.select_related("initiator").prefetch_related(
            "participations__leader", "participations__country", "topics", "reports__article"
        )

    # --- Pages -----------------------------------------------------------------------------
    # Each method below runs a fixed number of queries however many contacts match, so that
    # pages stay fast on a large corpus. Aggregation happens in SQL (values().annotate()).

    def search(self, text: str) -> ContactQuerySet:
        """Contacts told by an article whose title or text contains ``text``."""
        words = text.split()
        qs = self
        for word in words:
            qs = qs.filter(
                models.Q(reports__article__text__icontains=word)
                | models.Q(reports__article__title__icontains=word)
            )
        return qs

    def with_rows(self) -> ContactQuerySet:
        """What a table row or an export line shows, without loading article texts."""
        report_model = apps.get_model("timeline", "Report")
        reports = report_model.objects.select_related("article").only(
            "id",
            "contact_id",
            "article__id",
            "article__outlet",
            "article__url",
            "article__published",
        )
        participations = apps.get_model("timeline", "Participation").objects.select_related(
            "leader", "country"
        )
        return self.select_related("initiator").prefetch_related(
            # One query, joined, rather than one each for participants, leaders, countries.
            models.Prefetch("participations", queryset=participations),
            "topics",
            models.Prefetch("reports", queryset=reports),
        )

    def same_pair(self, contact) -> ContactQuerySet:
        """Other contacts between the same participants."""
        return self.filter(pair_key=contact.pair_key).exclude(pk=contact.pk)

    def before(self, contact) -> ContactQuerySet:
        """Contacts earlier than ``contact`` in (date, id) order, latest first."""
        if contact.date is None:
            earlier = models.Q(date__isnull=True, id__lt=contact.pk)
        else:
            earlier = models.Q(date__lt=contact.date) | models.Q(
                date=contact.date, id__lt=contact.pk
            )
        return self.filter(earlier).order_by("-date", "-id")

    def after(self, contact) -> ContactQuerySet:
        """Contacts later than ``contact`` in (date, id) order, earliest first."""
        if contact.date is None:
            later = models.Q(date__isnull=False) | models.Q(id__gt=contact.pk)
        else:
            later = models.Q(date__gt=contact.date) | models.Q(date=contact.date, id__gt=contact.pk)
        return self.filter(later).order_by("date", "id")

    def summary(self) -> dict[str, int]:
        """Headline counts for the dashboard, in three queries."""
        participation = apps.get_model("timeline", "Participation")
        report = apps.get_model("timeline", "Report")
        ids = self.values("id")
        counts = self.aggregate(
            contacts=models.Count("id", distinct=True),
            verified=models.Count("id", distinct=True, filter=models.Q(review_status="verified")),
        )
        people = participation.objects.filter(contact__in=ids).aggregate(
            leaders=models.Count("leader", distinct=True),
            countries=models.Count("country", distinct=True),
        )
        return counts | people | {"reports": report.objects.filter(contact__in=ids).count()}

    def timeline_rows(self) -> list[dict]:
        """One plain dict per contact with everything the timeline draws, in four queries."""
        contacts = list(
            self.order_by().values(
                "id",
                "date",
                "date_precision",
                "medium",
                "initiator_id",
                "initiator__name_ar",
                "initiator__name_en",
            )
        )
        ids = self.values("id")
        by_id = {c["id"]: {**c, "participants": [], "topics": [], "outlets": []} for c in contacts}
        participation = apps.get_model("timeline", "Participation")
        for p in (
            participation.objects.filter(contact__in=ids)
            .order_by("leader__name_en")
            .values(
                "contact_id", "leader__slug", "leader__name_ar", "leader__name_en", "country_id"
            )
        ):
            # The related queries re-run the filter as a subquery: a contact committed by a
            # concurrent ingest since the first query shows up here only, so skip it.
            if p["contact_id"] in by_id:
                by_id[p["contact_id"]]["participants"].append(_leader_row(p))
        for t in self._topic_rows(ids):
            if t["contact_id"] not in by_id:
                continue
            by_id[t["contact_id"]]["topics"].append(
                {
                    "slug": t["topic__slug"],
                    "name_ar": t["topic__name_ar"],
                    "name_en": t["topic__name_en"],
                }
            )
        report = apps.get_model("timeline", "Report")
        for r in report.objects.filter(contact__in=ids).values("contact_id", "article__outlet"):
            outlets = by_id.get(r["contact_id"], {}).get("outlets", [])
            if r["article__outlet"] and r["article__outlet"] not in outlets:
                outlets.append(r["article__outlet"])
        return list(by_id.values())

    def _topic_rows(self, ids) -> models.QuerySet:
        through = self.model.topics.through
        return (
            through.objects.filter(contact__in=ids)
            .order_by("topic__slug")
            .values("contact_id", "topic__slug", "topic__name_ar", "topic__name_en")
        )

    def monthly_rows(self, top: int | None = None, keep: int | None = None) -> list[dict]:
        """Contacts counted per (leader, month, medium): what the timeline draws when single
        points would be too many to read. With ``top``, only the rows of the ``top`` leaders
        with the most contacts (and of leader ``keep``, whatever their rank), so that the
        figure stays bounded however many there are."""
        participation = apps.get_model("timeline", "Participation")
        # The month as text in SQL: TruncMonth is a Python function SQLite calls on every row.
        month = Substr(Cast("contact__date", models.CharField()), 1, 7)
        rows = list(
            participation.objects.filter(contact__in=self.values("id"), contact__date__isnull=False)
            .annotate(month=month)
            .values_list("leader_id", "country_id", "month", "contact__medium")
            # A leader takes part in a contact once: counting rows counts distinct contacts.
            .annotate(n=models.Count("id"))
            .order_by("month")
        )
        if top is not None:
            rows = _busiest(rows, top, keep)
        return _with_leader_names(rows)

    def country_topic_counts(self) -> list[dict]:
        """Contacts per (country, topic), a country counted once per contact."""
        through = self.model.topics.through
        # Grouped by ids only, names added afterwards from the small tables: grouping by the
        # names too made SQLite sort every (contact, country, topic) row with them (2x slower).
        cells = (
            through.objects.filter(contact__in=self.values("id"))
            .values_list("contact__participations__country_id", "topic_id")
            .annotate(n=models.Count("contact", distinct=True))
            .order_by()
        )
        return _named_cells(cells)

    def country_totals(self) -> dict[str, int]:
        """Contacts per country: the denominator of the heatmap's shares."""
        participation = apps.get_model("timeline", "Participation")
        rows = (
            participation.objects.filter(contact__in=self.values("id"))
            .values("country_id")
            .annotate(n=models.Count("contact", distinct=True))
            .order_by()
        )
        return {r["country_id"]: r["n"] for r in rows}

    def leader_pair_counts(self, top: int | None = None) -> list[dict]:
        """Contacts per ordered (leader, other leader) pair: who talks to whom; between the
        ``top`` leaders with the most contacts (ties by id), if given. The diagonal (a leader
        with themself) comes back too; callers drop it."""
        participation = apps.get_model("timeline", "Participation")
        pairs = participation.objects.filter(contact__in=self.values("id"))
        if top is not None:
            counts = pairs.values_list("leader_id").annotate(
                n=models.Count("contact", distinct=True)
            )
            busiest = [row[0] for row in _busiest(list(counts.order_by()), top)]
            pairs = pairs.filter(
                leader_id__in=busiest, contact__participations__leader_id__in=busiest
            )
        return list(
            pairs.values(
                "leader__slug",
                "leader__name_ar",
                "leader__name_en",
                "contact__participations__leader__slug",
                "contact__participations__leader__name_ar",
                "contact__participations__leader__name_en",
                "contact__participations__country_id",
            )
            .annotate(n=models.Count("contact", distinct=True))
            .order_by()
        )


# --- Tallies ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TallyScope:
    """The filters the tallies carry: whole months, a medium, and a leader, a country, a
    topic, or a country and a topic (ContactFilter.tally_scope)."""

    first: str | None = None  # first month, "YYYY-MM"
    last: str | None = None  # last month
    medium: str | None = None
    leader: int | None = None  # a leader's id
    country: str | None = None  # a country code
    topic: int | None = None  # a topic's id


class TallyQuerySet(models.QuerySet):
    def within(self, scope: TallyScope, *, by_month: bool = False) -> TallyQuerySet:
        """The rows to sum for ``scope``: the all-time rows when no date is set (unless
        ``by_month``), else the months in range (which leave out undated contacts)."""
        from timeline.tallies import ALL_TIME

        qs = self.filter(medium=scope.medium) if scope.medium else self
        if not (scope.first or scope.last or by_month):
            return qs.filter(month=ALL_TIME)
        qs = qs.exclude(month__in=("", ALL_TIME))
        if scope.first:
            qs = qs.filter(month__gte=scope.first)
        if scope.last:
            qs = qs.filter(month__lte=scope.last)
        return qs

    def sums(self, *fields: str) -> list[tuple]:
        """(fields..., n) with n summed over the other columns; counts that fell to 0 left out."""
        return list(
            self.values_list(*fields).annotate(total=models.Sum("n")).filter(total__gt=0).order_by()
        )


class TalliedContacts:
    """The aggregates of ContactQuerySet (same methods, same rows) for the public contacts in
    a TallyScope, read from the tallies: milliseconds where grouping the contacts takes
    seconds at a million. Views choose it when the filters are ones the tallies carry."""

    def __init__(self, scope: TallyScope) -> None:
        self.scope = scope

    def _tally(self, model: str, *, by_month: bool = False) -> TallyQuerySet:
        tallies = apps.get_model("timeline", model).objects
        return tallies.within(self.scope, by_month=by_month)

    def count(self) -> int:
        """How many contacts: the one tally that counts each contact of the scope once."""
        model, filters = self._counting()
        return self._tally(model).filter(**filters).aggregate(n=models.Sum("n"))["n"] or 0

    def month_counts(self, *, undated_first: bool) -> list[tuple[str, int]]:
        """(month, contacts) newest first, the undated ones ("") first or last as the database
        orders a null date, when no date bounds the scope: where each page of the list falls."""
        model, filters = self._counting()
        rows = self._tally(model, by_month=True).filter(**filters).sums("month")
        rows.sort(reverse=True)
        if not (self.scope.first or self.scope.last):
            undated = apps.get_model("timeline", model).objects.filter(month="", **filters)
            if self.scope.medium:
                undated = undated.filter(medium=self.scope.medium)
            rows = undated.sums("month") + rows if undated_first else rows + undated.sums("month")
        return rows

    def _counting(self) -> tuple[str, dict]:
        """The tally that counts each contact of the scope once, and the rows to read."""
        scope = self.scope
        if scope.leader is not None:
            return "LeaderTally", {"leader_id": scope.leader}
        if scope.country and scope.topic:
            return "CountryTopicTally", {"country_id": scope.country, "topic_id": scope.topic}
        if scope.country:
            return "CountryTally", {"country_id": scope.country}
        if scope.topic:
            return "TopicTally", {"topic_id": scope.topic}
        return "MonthTally", {}

    def summary(self) -> dict[str, int]:
        """Headline counts of the contacts in scope: all of them, one country's, one topic's,
        or those of a country and a topic. Each comes from the tally that answers the same
        question elsewhere: the list's count, the timeline's leaders, the heatmap's rows."""
        self._only("country", "topic")
        model, filters = self._counting()
        counts = self._tally(model).filter(**filters)
        sums = counts.aggregate(
            contacts=models.Sum("n"), verified=models.Sum("verified"), reports=models.Sum("reports")
        )
        return {
            **{name: n or 0 for name, n in sums.items()},
            "leaders": len(self._leaders().sums("leader_id")),
            "countries": len(self.country_totals()),
        }

    # The heatmap: the countries and topics of the contacts of one leader, one country, one
    # topic, a country and a topic, or of all.

    def country_topic_counts(self) -> list[dict]:
        scope = self.scope
        if scope.leader is not None:
            cells = self._one_leader("LeaderSeenTopicTally").sums("seen_id", "topic_id")
        elif scope.country and scope.topic:
            seen = self._tally("CountryTopicSeenTally").filter(
                country_id=scope.country, topic_id=scope.topic
            )
            cells = seen.sums("seen_id", "seen_topic_id")
        elif scope.country:
            self._only("country")
            cells = (
                self._tally("CountrySeenTopicTally")
                .filter(country_id=scope.country)
                .sums("seen_id", "topic_id")
            )
        elif scope.topic:
            self._only("topic")
            seen = self._tally("TopicSeenTally").filter(topic_id=scope.topic)
            cells = seen.sums("country_id", "seen_id")
        else:
            cells = self._tally("CountryTopicTally").sums("country_id", "topic_id")
        return _named_cells(cells)

    def country_totals(self) -> dict[str, int]:
        scope = self.scope
        if scope.leader is not None:
            return dict(self._one_leader("LeaderSeenTally").sums("seen_id"))
        if scope.country and scope.topic:  # the contacts seen with both
            seen = self._tally("CountrySeenTopicTally").filter(
                country_id=scope.country, topic_id=scope.topic
            )
            return dict(seen.sums("seen_id"))
        if scope.country:
            self._only("country")
            seen = self._tally("CountrySeenTally").filter(country_id=scope.country)
            return dict(seen.sums("seen_id"))
        if scope.topic:
            self._only("topic")
            return dict(
                self._tally("CountryTopicTally").filter(topic_id=scope.topic).sums("country_id")
            )
        return dict(self._tally("CountryTally").sums("country_id"))

    def monthly_rows(self, top: int | None = None, keep: int | None = None) -> list[dict]:
        """As ContactQuerySet.monthly_rows; a leader in scope is the one kept."""
        fields = ("leader_id", "country_id", "month", "medium")
        leaders = self._leaders(by_month=True)
        if self.scope.leader is None:
            if top is not None:
                # The busiest leaders from the few all-time rows, then only their months.
                leaders = leaders.filter(leader_id__in=self._busiest_leaders(top))
            rows = leaders.sums(*fields)
        else:
            # One leader's contacts: their own row per month, and one per counterpart.
            others = self._tally("PairTally", by_month=True).filter(leader_id=self.scope.leader)
            rows = leaders.filter(leader_id=self.scope.leader).sums(*fields) + others.sums(
                "other_id", "other_country_id", "month", "medium"
            )
            rows = _busiest(rows, top, self.scope.leader) if top is not None else rows
        rows.sort(key=lambda row: row[2])
        return _with_leader_names(rows)

    def _leaders(self, *, by_month: bool = False) -> TallyQuerySet:
        """Leader rows of the scope: of the contacts with its topic or its country, if set."""
        model, filters = self._leader_source()
        return self._tally(model, by_month=by_month).filter(**filters)

    def _leader_source(self) -> tuple[str, dict]:
        scope = self.scope
        if scope.leader is not None:
            self._only("leader")
        if scope.country and scope.topic:
            return "LeaderSeenTopicTally", {"seen_id": scope.country, "topic_id": scope.topic}
        if scope.country:
            return "LeaderSeenTally", {"seen_id": scope.country}
        if scope.topic:
            return "LeaderTopicTally", {"topic_id": scope.topic}
        return "LeaderTally", {}

    def _busiest_leaders(self, top: int) -> list[int]:
        """The ``top`` leaders with the most dated contacts in scope (ties by id)."""
        totals = dict(self._leaders().sums("leader_id"))
        if not (self.scope.first or self.scope.last):
            # The all-time rows count undated contacts too, which the timeline does not draw.
            model, filters = self._leader_source()
            undated = apps.get_model("timeline", model).objects.filter(month="", **filters)
            if self.scope.medium:
                undated = undated.filter(medium=self.scope.medium)
            for pk, n in undated.sums("leader_id"):
                totals[pk] -= n
        ranked = sorted((pk for pk, n in totals.items() if n > 0), key=lambda pk: (-totals[pk], pk))
        return ranked[:top]

    # One leader's page (a leader in scope, nothing else).

    def month_medium_counts(self) -> list[dict]:
        """Contacts per (month, medium), dated ones only."""
        rows = self._one_leader("LeaderTally", by_month=True).sums("month", "medium")
        return [
            {"month": _first_of(month), "medium": medium, "n": n}
            for month, medium, n in sorted(rows)
        ]

    def counterparts(self) -> list[dict]:
        """The leaders this one had contacts with (and the country they took part for),
        most contacts first."""
        rows = self._one_leader("PairTally").sums("other_id", "other_country_id")
        names = _leader_names({row[0] for row in rows})
        found = [
            {**dict(zip(("leader__slug", "leader__name_ar", "leader__name_en"), names[pk],
                        strict=True)), "country_id": country, "n": n}
            for pk, country, n in rows
        ]  # fmt: skip
        return sorted(found, key=lambda row: (-row["n"], row["leader__name_en"]))

    def topic_counts(self) -> list[dict]:
        """Contacts per topic, most first."""
        rows = self._one_leader("LeaderTopicTally").sums("topic_id")
        topics = _names("Topic", "pk", "slug")
        found = [
            {**{f"topic__{k}": topics[pk][k] for k in ("slug", "name_ar", "name_en")}, "n": n}
            for pk, n in rows
        ]
        return sorted(found, key=lambda row: (-row["n"], row["topic__slug"]))

    def initiated_counts(self) -> dict[str, int]:
        """How many contacts this leader's side initiated, how many have no known initiator,
        and how many there are."""
        sums = self._one_leader("LeaderTally").aggregate(
            own=models.Sum("own"), unknown=models.Sum("unknown"), total=models.Sum("n")
        )
        return {name: n or 0 for name, n in sums.items()}

    def _one_leader(self, model: str, *, by_month: bool = False) -> TallyQuerySet:
        """One leader's rows within the scope's dates and medium, never mixed with a topic
        or a country."""
        self._only("leader")
        return self._tally(model, by_month=by_month).filter(leader_id=self.scope.leader)

    def leader_pair_counts(self, top: int | None = None) -> list[dict]:
        """As ContactQuerySet.leader_pair_counts, without the diagonal."""
        self._only("leader")
        pairs, fields = self._tally("PairTally"), ("leader_id", "other_id", "other_country_id")
        me = self.scope.leader
        if me is None:
            # The busiest from the few all-time leader rows, then only the pairs between them:
            # ranking by the pairs themselves read every all-time pair row (0.5 s at 1M).
            if top is not None:
                leaders = self._tally("LeaderTally").sums("leader_id")
                busiest = [row[0] for row in _busiest(leaders, top)]
                pairs = pairs.filter(leader_id__in=busiest, other_id__in=busiest)
            rows = pairs.sums(*fields)
        else:
            # One leader's contacts: theirs with each counterpart, both ways round, and those
            # between two counterparts in the leader's company (contacts of three or more).
            mine = pairs.filter(leader_id=me)
            ranked = self._tally("LeaderTally").filter(leader_id=me).sums("leader_id")
            ranked += mine.sums("other_id")
            busiest = [row[0] for row in _busiest(ranked, len(ranked) if top is None else top)]
            trios = self._tally("TrioTally").filter(
                leader_id=me, first_id__in=busiest, other_id__in=busiest
            )
            rows = (
                mine.filter(other_id__in=busiest).sums(*fields)
                + pairs.filter(leader_id__in=busiest, other_id=me).sums(*fields)
                + trios.sums("first_id", "other_id", "other_country_id")
            )
        names = _leader_names({row[0] for row in rows} | {row[1] for row in rows})
        return [
            {
                **dict(zip(("leader__slug", "leader__name_ar", "leader__name_en"),
                           names[a], strict=True)),
                **dict(zip(("contact__participations__leader__slug",
                            "contact__participations__leader__name_ar",
                            "contact__participations__leader__name_en"), names[b], strict=True)),
                "contact__participations__country_id": country,
                "n": n,
            }
            for a, b, country, n in rows
        ]  # fmt: skip

    def _only(self, *allowed: str) -> None:
        """Refuse a scope with a leader, country or topic filter other than ``allowed``: no
        tally counts that mix."""
        mixed = [f for f in ("leader", "country", "topic") if getattr(self.scope, f) is not None]
        if set(mixed) - set(allowed):
            raise ValueError(f"these tallies count no {' and '.join(mixed)} filter")


def _named_cells(cells) -> list[dict]:
    """(country code, topic id, n) cells with the names of their country and topic."""
    countries = _names("Country", "code")
    topics = _names("Topic", "pk", "slug")
    unknown = {"name_ar": None, "name_en": None}  # a contact without participants
    return [
        {
            "contact__participations__country_id": code,
            **{f"contact__participations__country__{k}": countries.get(code, unknown)[k]
               for k in ("name_ar", "name_en")},
            **{f"topic__{k}": topics[topic][k] for k in ("slug", "name_ar", "name_en")},
            "n": n,
        }
        for code, topic, n in cells
    ]  # fmt: skip


def _leader_row(values: dict) -> dict:
    return {
        "slug": values["leader__slug"],
        "name_ar": values["leader__name_ar"],
        "name_en": values["leader__name_en"],
        "country": values["country_id"],
    }


def _names(model: str, key: str, *fields: str) -> dict:
    """``{key: {field: value}}`` with the Arabic and English names of a small reference table."""
    rows = apps.get_model("timeline", model).objects.values(key, *fields, "name_ar", "name_en")
    return {row[key]: row for row in rows}


def _busiest(rows: list[tuple], top: int, keep: int | None = None) -> list[tuple]:
    """The (leader_id, ..., n) rows of the ``top`` leaders with the most contacts (ties by id,
    for a stable set), and those of leader ``keep``."""
    totals: dict[int, int] = {}
    for row in rows:
        if row[0] != keep:
            totals[row[0]] = totals.get(row[0], 0) + row[-1]
    kept = set(sorted(totals, key=lambda pk: (-totals[pk], pk))[:top]) | {keep}
    return [row for row in rows if row[0] in kept]


def _leader_names(ids: set[int]) -> dict[int, tuple[str, str, str]]:
    """{id: (slug, Arabic name, English name)} of a few leaders, in one query."""
    leader = apps.get_model("timeline", "Leader")
    rows = leader.objects.filter(pk__in=ids).values_list("pk", "slug", "name_ar", "name_en")
    return {pk: (slug, ar, en) for pk, slug, ar, en in rows}


def _with_leader_names(rows: list[tuple]) -> list[dict]:
    """Monthly (leader_id, country_id, "YYYY-MM", medium, n) rows as dicts with their leaders'
    slug and names (one query over the few leaders) and the month as a date."""
    leader = apps.get_model("timeline", "Leader")
    names = {
        pk: {"leader__slug": slug, "leader__name_ar": ar, "leader__name_en": en}
        for pk, slug, ar, en in leader.objects.filter(pk__in={row[0] for row in rows}).values_list(
            "pk", "slug", "name_ar", "name_en"
        )
    }
    months: dict[str, dt.date] = {}
    return [
        {
            **names[leader_id],
            "country_id": country,
            "month": months.get(month) or months.setdefault(month, _first_of(month)),
            "contact__medium": medium,
            "n": n,
        }
        for leader_id, country, month, medium, n in rows
    ]


def _first_of(month: str) -> dt.date:
    return dt.date(int(month[:4]), int(month[5:7]), 1)


@functools.lru_cache(maxsize=1024)
def month_end(start: dt.date) -> dt.date:
    """The last day of ``start``'s month."""
    return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
