"""Pages people browse. Queries live on ContactQuerySet, figures in charts.py; each view runs
a fixed number of SQL queries however many contacts match."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from timeline import charts, exports
from timeline.filters import ContactFilter, active_chips, clear_all_url, lang
from timeline.models import Contact, Leader, Topic

PAGE_SIZE = 50


def _filtered(request: HttpRequest) -> tuple[ContactFilter, QuerySet]:
    filterset = ContactFilter(request.GET or None, queryset=Contact.objects.public())
    return filterset, filterset.qs


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
    if contacts.count() * 2 <= charts.MAX_POINTS:
        return charts.timeline_figure(
            contacts.timeline_rows(),
            lang=lang(),
            contact_url=_contact_url(),
            colour=request.GET.get("colour", "topic"),
            focal=slug,
        )
    list_url, query = reverse("timeline:contact_list"), dict(request.GET.lists())

    def month_url(row: dict) -> str:
        # With a focal leader a circle is that leader's contacts with one counterpart's country.
        who = {"leader": slug, "country": row["country_id"]} if slug else {}
        return charts.list_link(
            list_url,
            query,
            start=str(row["month"]),
            end=str(_month_end(row["month"])),
            **(who or {"leader": row["leader__slug"]}),
        )

    return charts.monthly_timeline_figure(
        contacts.monthly_rows(), lang=lang(), month_url=month_url, focal=slug
    )


def _month_end(start: dt.date) -> dt.date:
    return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def _country_topic_heatmap(request: HttpRequest, contacts: QuerySet, **kwargs) -> dict:
    list_url, query = reverse("timeline:contact_list"), dict(request.GET.lists())
    query.pop("view", None)
    query.pop("value", None)
    return charts.heatmap_figure(
        contacts.country_topic_counts(),
        contacts.country_totals(),
        lang=lang(),
        cell_url=lambda code, slug: charts.list_link(list_url, query, country=code, topic=slug),
        **kwargs,
    )


def dashboard(request: HttpRequest) -> HttpResponse:
    filterset, contacts = _filtered(request)
    context = {
        "summary": contacts.summary(),
        "timeline_figure": _timeline(request, filterset, contacts),
        "heatmap_figure": _country_topic_heatmap(request, contacts, max_rows=8, max_cols=8),
        "latest": contacts.with_rows()[:10],
        **_filter_context(request, filterset),
    }
    return render(request, "timeline/dashboard.html", context)


def contact_list(request: HttpRequest) -> HttpResponse:
    filterset, contacts = _filtered(request)
    page = Paginator(contacts.with_rows(), PAGE_SIZE).get_page(request.GET.get("page"))
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
        figure = charts.pair_heatmap_figure(
            contacts.leader_pair_counts(),
            lang=lang(),
            cell_url=lambda slug, code: charts.list_link(
                list_url, query, leader=slug, country=code
            ),
        )
    else:
        figure = _country_topic_heatmap(request, contacts, value=value)
    context = {"figure": figure, "view": view, "value": value}
    return render(request, "timeline/heatmap.html", context | _filter_context(request, filterset))


def leader_detail(request: HttpRequest, slug: str) -> HttpResponse:
    leader = get_object_or_404(Leader.objects.select_related("country"), slug=slug)
    contacts = Contact.objects.public().involving(leader)
    initiated = contacts.initiated_counts(leader.country_id)
    known = initiated["total"] - initiated["unknown"]
    context = {
        "leader": leader,
        "figure": charts.activity_figure(contacts.month_medium_counts(), lang=lang()),
        "counterparts": Contact.objects.public().counterparts_of(leader)[:15],
        "topics": contacts.topic_counts()[:15],
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
