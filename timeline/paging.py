"""Pages of the contact list at any size: exact counts from the tallies where they carry
the filters, capped counts elsewhere, and each page read the cheapest way (joining the matches
and sorting them, or walking the contacts in date order with probes, from the months the page
falls in). Views ask ``list_page`` for a page and render it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils.functional import cached_property

from timeline.filters import ContactFilter
from timeline.querysets import TalliedContacts, TallyScope, month_end

PAGE_SIZE = 50
# The list counts at most this many contacts (past it: "more than 10,000"): an exact COUNT
# over a million contacts would cost more than the rest of the page.
COUNT_CAP = 10_000
# Pages read by walking the contacts in date order when a filter matches more than the cap.
WALK_PAGES = 5


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


def list_page(
    filterset: ContactFilter, contacts: QuerySet, query: QueryDict, per_page: int | None = None
) -> Page:
    """The page of contacts ``query`` asks for (``per_page`` of them, by default the list's),
    with its count, read the cheapest way."""
    number, per_page = query.get("page"), per_page or PAGE_SIZE
    # Many matches for a country or topic: probing each contact in date order finds a page
    # sooner than joining all matches and sorting them (BENCHMARKS.md, proposal 6).
    probe = "sort" not in query and bool(query.get("country") or query.get("topic"))
    # The tallies know the exact count when they carry the filters: no need to cap it. Where
    # the list may walk, their counts per month give it too.
    scope = filterset.tally_scope(leader=True, topic=True, country=True)
    known, walk, start = None, None, None
    if scope is not None and probe:
        undated_first = connection.vendor == "postgresql"
        months = TalliedContacts(scope).month_counts(undated_first=undated_first)
        known = sum(n for _month, n in months)
        found = _walk_window(filterset, scope, months, known, _page_number(number), per_page)
        walk, start = found or (None, None)
    elif scope is not None:
        known = TalliedContacts(scope).count()
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
            within = Q(date__gte=first, date__lte=month_end(last))
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
    filterset: ContactFilter,
    scope: TallyScope,
    months: list[tuple[str, int]],
    known: int,
    number: int,
    per_page: int,
) -> tuple[QuerySet, int] | None:
    """Where page ``number`` is cheapest to find by walking the contacts in date order: only
    the months it falls in (``months``: the matches per month, in the list's order), from its
    place among them; None when joining the ``known`` matches costs less. A walk reads
    (place + page) x (contacts / matches) of those months, ~1.6 us each on the date index; the
    joins cost ~25 ms plus ~4 us per match (at 1M, BENCHMARKS.md)."""
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
