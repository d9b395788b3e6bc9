"""Pages people browse. Queries live on ContactQuerySet, figures in charts.py; each view runs
a fixed number of SQL queries however many contacts match."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from timeline import charts, exports
from timeline.filters import ContactFilter, active_chips, clear_all_url, lang
from timeline.models import Contact, Leader, Topic
from timeline.paging import list_page
from timeline.querysets import TalliedContacts, TallyScope, month_end

# The latest contacts on the dashboard.
LATEST = 10


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
        return link(row["month"], month_end(row["month"]), *who)

    # The busiest leaders (or a focal leader's busiest counterparts) only: the payload stays
    # bounded (16 MB for the busiest leader's counterparts at 1M, unbounded).
    top, keep = charts.TOP_LEADERS, focal.pk if focal else None
    counted = _counted(filterset, contacts, leader=True, topic=True, country=True)
    rows = counted.monthly_rows(top=top, keep=keep)
    return charts.monthly_timeline_figure(
        rows, lang=lang(), month_url=month_url, focal=slug, top=top
    )


def _country_topic_heatmap(
    request: HttpRequest, filterset: ContactFilter, contacts: QuerySet, **kwargs
) -> dict:
    list_url, query = reverse("timeline:contact_list"), dict(request.GET.lists())
    query.pop("view", None)
    query.pop("value", None)
    counted = _counted(filterset, contacts, leader=True, country=True, topic=True)
    return charts.heatmap_figure(
        counted.country_topic_counts(),
        counted.country_totals(),
        lang=lang(),
        # Built once: each cell's URL only fills in its country and topic.
        cell_url=charts.list_linker(list_url, query, "country", "topic"),
        **kwargs,
    )


def dashboard(request: HttpRequest) -> HttpResponse:
    filterset, contacts = _filtered(request)
    first_page = request.GET.copy()
    first_page.pop("page", None)
    context = {
        "summary": _counted(filterset, contacts, country=True, topic=True).summary(),
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


def contact_list(request: HttpRequest) -> HttpResponse:
    filterset, contacts = _filtered(request)
    page = list_page(filterset, contacts, request.GET)
    context = {"page": page, "contacts": page.object_list, **_filter_context(request, filterset)}
    return render(request, "timeline/contact_list.html", context)


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
            cell_url=charts.list_linker(list_url, query, "leader", "country"),
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
    response = StreamingHttpResponse(
        exports.in_blocks(exports.csv_lines(contacts)), content_type="text/csv"
    )
    response["Content-Disposition"] = 'attachment; filename="contacts.csv"'
    return response


def export_jsonl(request: HttpRequest) -> StreamingHttpResponse:
    _filterset, contacts = _filtered(request)
    response = StreamingHttpResponse(
        exports.in_blocks(exports.jsonl_lines(contacts)),
        content_type="application/x-ndjson; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="contacts.jsonl"'
    return response
