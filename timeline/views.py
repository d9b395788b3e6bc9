"""Pages people browse. Queries live on ContactQuerySet, figures in charts.py; each view runs
a fixed number of SQL queries however many contacts match."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, replace

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property

from timeline import charts, exports
from timeline.filters import ContactFilter, active_chips, clear_all_url, lang
from timeline.models import Contact, Leader, Topic
from timeline.querysets import TalliedContacts, TallyScope

PAGE_SIZE = 50
# The latest contacts on the dashboard.
LATEST = 10
# The list counts at most this many contacts (past it: "more than 10,000"): an exact COUNT
# over a million contacts would cost more than the rest of the page.
COUNT_CAP = 10_000
# Pages read by walking the contacts in date order when a filter matches more than the cap.
WALK_PAGES = 5


def _filtered(request: HttpRequest) -> tuple[ContactFilter, QuerySet]:
    filterset = ContactFilter(request.GET or None, queryset=Contact.objects.public())
    return filterset, filterset.qs


def _counted(filterset: ContactFilter, contacts: QuerySet, **carried: bool):
    """Where the aggregates come from: the tallies when they carry every filter set (the
    ``carried`` ones of ContactFilter.tally_scope among them), else the filtered contacts
    themselves (same methods, same rows)."""
    scope = filterset.tally_scope(**carried)
    return TalliedContacts(scope) if scope is not None else contacts


def _filter_context(request: HttpRequest, filterset: ContactFilter) -> dict:
    return {
        "filter": filterset,
        "chips": active_chips(filterset, request.GET),
        "clear_url": clear_all_url(request.GET),
    }


def _contact_url() -> Callable[[int], str]:
    template = reverse("timeline:contact", args=[0]).replace("/0/", "/{}/")
    return template.format


def _timeline(request: HttpRequest, filterset: ContactFilter, contacts: QuerySet) -> dict:
    """The timeline figure: single contacts, or monthly counts when they would be too many."""
    focal = filterset.focal_leader
    slug = focal.slug if focal else None
    # Counting past the threshold would not change the choice (and costs a scan at 1M).
    counted = contacts.order_by().values("id")[: charts.MAX_POINTS // 2 + 1].count()
    if counted * 2 <= charts.MAX_POINTS:
        return charts.timeline_figure(
            contacts.timeline_rows(),
            lang=lang(),
            contact_url=_contact_url(),
            colour=request.GET.get("colour", "topic"),
            focal=slug,
        )
    list_url, query = reverse("timeline:contact_list"), dict(request.GET.lists())
    # Built once: each circle's URL only fills in its leader (or country) and its month.
    if slug:
        link = charts.list_linker(list_url, query, "start", "end", "leader", "country")
    else:
        link = charts.list_linker(list_url, query, "start", "end", "leader")

    def month_url(row: dict) -> str:
        # With a focal leader a circle is that leader's contacts with one counterpart's country.
        who = (slug, row["country_id"]) if slug else (row["leader__slug"],)
        return link(row["month"], _month_end(row["month"]), *who)

    # The busiest leaders (or a focal leader's busiest counterparts) only: the payload stays
    # bounded (16 MB for the busiest leader's counterparts at 1M, unbounded).
    top, keep = charts.TOP_LEADERS, focal.pk if focal else None
    counted = _counted(filterset, contacts, leader=True, topic=True, country=True)
    rows = counted.monthly_rows(top=top, keep=keep)
    return charts.monthly_timeline_figure(
        rows, lang=lang(), month_url=month_url, focal=slug, top=top
    )


@functools.lru_cache(maxsize=1024)
def _month_end(start: dt.date) -> dt.date:
    return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def _country_topic_heatmap(
    request: HttpRequest, filterset: ContactFilter, contacts: QuerySet, **kwargs
) -> dict:
    list_url, query = reverse("timeline:contact_list"), dict(request.GET.lists())
    query.pop("view", None)
    query.pop("value", None)
    cells = _counted(filterset, contacts, leader=True, country=True, topic=True, mixed=False)
    # The row totals are tallied under a country and a topic too; their cells are not.
    totals = _counted(filterset, contacts, leader=True, country=True, topic=True)
    return charts.heatmap_figure(
        cells.country_topic_counts(),
        totals.country_totals(),
        lang=lang(),
        cell_url=lambda code, slug: charts.list_link(list_url, query, country=code, topic=slug),
        **kwargs,
    )


def dashboard(request: HttpRequest) -> HttpResponse:
    filterset, contacts = _filtered(request)
    one_filter = {"country": True, "topic": True, "mixed": False}
    first_page = request.GET.copy()
    first_page.pop("page", None)
    context = {
        "summary": _counted(filterset, contacts, **one_filter).summary(),
        "timeline_figure": _timeline(request, filterset, contacts),
        "heatmap_figure": _country_topic_heatmap(
            request, filterset, contacts, max_rows=8, max_cols=8
        ),
        # The list's first page, read as the list reads it (by walking the date index when a
        # country or topic matches many contacts).
        "latest": list_page(filterset, contacts, first_page, per_page=LATEST).object_list,
        **_filter_context(request, filterset),
    }
    return render(request, "timeline/dashboard.html", context)


class CappedPaginator(Paginator):
    """Counts no further than the cap, or than the page asked for: past it, ``capped`` is
    true and the count is one more than the cap, so the last full page still has a next.
    A ``known`` count (from the tallies) is taken as it is."""

    def __init__(
        self,
        object_list: QuerySet,
        per_page: int,
        *,
        page: str | None,
        walk: QuerySet | None = None,
        walk_from: int | None = None,
        known: int | None = None,
    ) -> None:
        super().__init__(object_list, per_page)
        self.asked = _page_number(page)
        self.cap = max(COUNT_CAP, self.asked * per_page)
        self.walk, self.walk_from = walk, walk_from
        self.known = known

    def page(self, number: int | str) -> Page:
        """Pages from ``walk`` (the same rows, read another way): past the cap the first
        pages, with a known count the page asked for, found ``walk_from`` rows into ``walk``
        (the view passes a walk only where it is short)."""
        number = self.validate_number(number)
        walks = self.known is not None or (self.capped and number <= WALK_PAGES)
        if self.walk is None or not walks or (self.known is not None and number != self.asked):
            return super().page(number)
        bottom = (number - 1) * self.per_page if self.walk_from is None else self.walk_from
        # The walk finds ids only (whole rows would be read for every match it skips), then
        # the page's rows come by id, in the same order.
        ids = list(self.walk.values_list("id", flat=True)[bottom : bottom + self.per_page])
        return self._get_page(self.object_list.filter(pk__in=ids), number, self)

    @cached_property
    def count(self) -> int:
        if self.known is not None:
            return self.known
        # Ids only and no ORDER BY: which rows fill the cap does not change the count.
        return self.object_list.order_by().values("id")[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.known is None and self.count > self.cap


def contact_list(request: HttpRequest) -> HttpResponse:
    filterset, contacts = _filtered(request)
    page = list_page(filterset, contacts, request.GET)
    context = {"page": page, "contacts": page.object_list, **_filter_context(request, filterset)}
    return render(request, "timeline/contact_list.html", context)


def list_page(
    filterset: ContactFilter, contacts: QuerySet, query: QueryDict, per_page: int | None = None
) -> Page:
    """The page of contacts ``query`` asks for (``per_page`` of them, by default the list's),
    with its count, read the cheapest way."""
    number, per_page = query.get("page"), per_page or PAGE_SIZE
    # The tallies know the exact count when they carry the filters: no need to cap it.
    scope = filterset.count_scope()
    known = TalliedContacts(scope).count() if scope is not None else None
    # Many matches for a country or topic: probing each contact in date order finds a page
    # sooner than joining all matches and sorting them (BENCHMARKS.md, proposal 6).
    probe = "sort" not in query and bool(query.get("country") or query.get("topic"))
    walk, start = None, None
    if probe and known is not None:
        found = _walk_window(filterset, scope, known, _page_number(number), per_page)
        walk, start = found or (None, None)
    elif probe:  # past the count cap, the first pages
        walk = filterset.probing_qs
    paginator = CappedPaginator(
        contacts.with_rows(), per_page, page=number, walk=walk, walk_from=start, known=known
    )
    return paginator.get_page(number)


def _page_number(page: str | None) -> int:
    return int(page) if page and page.isdigit() else 1


@dataclass(frozen=True)
class Window:
    """The months a page of the list falls in (newest first; "" for undated contacts) and
    how many of their matching contacts come before it."""

    months: tuple[str, ...]
    skip: int
    matches: int

    def q(self) -> Q:
        dated = [month for month in self.months if month]
        within = Q()
        if dated:
            first, last = (dt.date.fromisoformat(f"{m}-01") for m in (min(dated), max(dated)))
            within = Q(date__gte=first, date__lte=_month_end(last))
        return within | Q(date__isnull=True) if "" in self.months else within


def _window(months: list[tuple[str, int]], bottom: int, size: int) -> Window | None:
    """The window of ``months`` ((month, matches) in the list's order) holding the ``size``
    matches from position ``bottom`` on."""
    chosen, skip, matches = [], bottom, 0
    for month, n in months:
        if not chosen and skip >= n:
            skip -= n
            continue
        chosen.append(month)
        matches += n
        if matches >= skip + size:
            break
    return Window(tuple(chosen), skip, matches) if chosen else None


def _walk_window(
    filterset: ContactFilter, scope: TallyScope, known: int, number: int, per_page: int
) -> tuple[QuerySet, int] | None:
    """Where page ``number`` is cheapest to find by walking the contacts in date order: only
    the months it falls in (the tallies count the matches per month), from its place among
    them; None when joining the ``known`` matches costs less. A walk reads (place + page) x
    (contacts / matches) of those months, ~1.6 us each on the date index; the joins cost ~25 ms
    plus ~4 us per match (at 1M, BENCHMARKS.md)."""
    months = TalliedContacts(scope).month_counts(undated_first=connection.vendor == "postgresql")
    window = _window(months, (number - 1) * per_page, per_page)
    if window is None:
        return None
    dated = sorted(month for month in window.months if month)
    everyone = replace(scope, country=None, topic=None)
    if dated and "" not in window.months:
        everyone = replace(everyone, first=dated[0], last=dated[-1])
        matches = window.matches
    else:  # the undated contacts: their share of the whole
        matches = known
    walked = (window.skip + per_page) * TalliedContacts(everyone).count() / max(matches, 1)
    if walked > 15_000 + 2.5 * known:
        return None
    return filterset.probing_qs.filter(window.q()), window.skip


def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact.objects.select_related("merged_into"), pk=pk)
    if contact.merged_into_id:
        return redirect(_final(contact), permanent=True)
    if contact.review_status == Contact.Review.REJECTED:
        raise Http404("rejected contact")
    contact = Contact.objects.with_rows().get(pk=pk)
    same_pair = Contact.objects.public().same_pair(contact)
    context = {
        "contact": contact,
        "reports": contact.reports.select_related("article").order_by("article__published", "id"),
        "disagreements": contact.disagreements(),
        "previous": same_pair.before(contact).first(),
        "next": same_pair.after(contact).first(),
        "topic_names": {t.slug: t.display_name(lang()) for t in Topic.objects.all()},
    }
    return render(request, "timeline/contact_detail.html", context)


def _final(contact: Contact) -> Contact:
    """The contact a merged contact ended up in, following merges of merges."""
    seen = {contact.pk}
    while contact.merged_into_id and contact.merged_into_id not in seen:
        seen.add(contact.merged_into_id)
        contact = contact.merged_into
    return contact


def timeline(request: HttpRequest) -> HttpResponse:
    filterset, contacts = _filtered(request)
    context = {
        "figure": _timeline(request, filterset, contacts),
        "colour": request.GET.get("colour", "topic"),
        "focal": filterset.focal_leader,
        **_filter_context(request, filterset),
    }
    return render(request, "timeline/timeline.html", context)


def heatmap(request: HttpRequest) -> HttpResponse:
    filterset, contacts = _filtered(request)
    view = request.GET.get("view", "countries")
    value = request.GET.get("value", "count")
    if view == "leaders":
        list_url, query = reverse("timeline:contact_list"), dict(request.GET.lists())
        query.pop("view", None)
        pairs = _counted(filterset, contacts, leader=True).leader_pair_counts(
            top=charts.PAIR_LEADERS
        )
        figure = charts.pair_heatmap_figure(
            pairs,
            lang=lang(),
            cell_url=lambda slug, code: charts.list_link(
                list_url, query, leader=slug, country=code
            ),
        )
    else:
        figure = _country_topic_heatmap(request, filterset, contacts, value=value)
    context = {"figure": figure, "view": view, "value": value}
    return render(request, "timeline/heatmap.html", context | _filter_context(request, filterset))


def leader_detail(request: HttpRequest, slug: str) -> HttpResponse:
    leader = get_object_or_404(Leader.objects.select_related("country"), slug=slug)
    contacts = Contact.objects.public().involving(leader)
    counts = TalliedContacts(TallyScope(leader=leader.pk))
    initiated = counts.initiated_counts()
    known = initiated["total"] - initiated["unknown"]
    context = {
        "leader": leader,
        "figure": charts.activity_figure(counts.month_medium_counts(), lang=lang()),
        "counterparts": counts.counterparts()[:15],
        "topics": counts.topic_counts()[:15],
        "initiated": initiated,
        "initiated_share": initiated["own"] / known if known else None,
        "latest": contacts.with_rows()[:10],
    }
    return render(request, "timeline/leader_detail.html", context)


def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    _filterset, contacts = _filtered(request)
    response = StreamingHttpResponse(exports.csv_lines(contacts), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="contacts.csv"'
    return response


def export_jsonl(request: HttpRequest) -> StreamingHttpResponse:
    _filterset, contacts = _filtered(request)
    response = StreamingHttpResponse(
        exports.jsonl_lines(contacts), content_type="application/x-ndjson; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="contacts.jsonl"'
    return response
