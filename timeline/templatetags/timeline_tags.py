"""Template helpers: names in the page's language, dates at their precision, evidence
highlighting and sortable table headers."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.template.defaultfilters import floatformat
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from timeline.filters import country_name, lang
from timeline.models import Contact, Country

register = template.Library()

# What json_script escapes, so that the data can never close its <script> element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def name(obj: object) -> str:
    """A leader's, topic's or country's name in the page's language."""
    if obj is None:
        return ""
    if hasattr(obj, "display_name"):
        return obj.display_name(lang())
    if isinstance(obj, Country):  # not hasattr: a country read with .only() would load it
        return country_name(obj)
    return str(obj)


@register.filter
def precise_date(obj: object) -> str:
    """``obj.date`` shown only as precisely as it is known: a day, a month or a year."""
    date = getattr(obj, "date", None)
    if date is None:
        return ""
    precision = getattr(obj, "date_precision", "") or "day"
    formats = {"day": "j F Y", "month": "F Y", "year": "Y"}
    return date_format(date, formats.get(precision, "j F Y"))


@dataclass(frozen=True)
class Piece:
    text: str
    fields: tuple[str, ...] = ()

    @property
    def mark(self) -> bool:
        return bool(self.fields)


def highlight(text: str, evidence: list[dict]) -> list[Piece]:
    """``text`` cut at the evidence offsets; overlapping spans merge and keep every field.

    >>> [(p.text, p.fields) for p in highlight("abcdef", [{"field": "date", "start": 1, "end": 3}])]
    [('a', ()), ('bc', ('date',)), ('def', ())]
    """
    spans = sorted(
        (max(0, int(e["start"])), min(len(text), int(e["end"])), str(e.get("field", "")))
        for e in evidence
        if int(e.get("end", 0)) > int(e.get("start", 0))
    )
    merged: list[list] = []
    for start, end, field in spans:
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            merged[-1][2].append(field)
        elif start < end:
            merged.append([start, end, [field]])
    pieces, cursor = [], 0
    for start, end, fields in merged:
        if start > cursor:
            pieces.append(Piece(text[cursor:start]))
        pieces.append(Piece(text[start:end], tuple(dict.fromkeys(fields))))
        cursor = end
    if cursor < len(text):
        pieces.append(Piece(text[cursor:]))
    return pieces


EVIDENCE_FIELDS = {
    "contact": _("the contact"),
    "participant": _("participant"),
    "medium": _("medium"),
    "initiator": _("initiator"),
    "date": _("date"),
}


@register.filter
def evidence_label(field: str, topic_names: dict[str, str]) -> str:
    """What an evidence span supports, in the page's language ("topic:syria" -> "Topic: Syria")."""
    if field.startswith("topic:"):
        slug = field.removeprefix("topic:")
        return _("topic: %(name)s") % {"name": topic_names.get(slug, slug)}
    return str(EVIDENCE_FIELDS.get(field, field))


@register.filter
def evidence_pieces(report: object) -> list[Piece]:
    return highlight(report.article.text, report.evidence or [])


@register.simple_tag
def sort_link(request: HttpRequest, field: str) -> str:
    """The URL that sorts the list by ``field``, descending first, then ascending."""
    query = request.GET.copy()
    current = query.get("sort", "")
    query["sort"] = field if current == f"-{field}" else f"-{field}"
    query.pop("page", None)
    return "?" + query.urlencode()


@register.simple_tag
def sort_state(request: HttpRequest, field: str) -> str:
    """ "descending", "ascending" or "none", for aria-sort and the arrow shown."""
    current = request.GET.get("sort", "")
    if current == f"-{field}":
        return "descending"
    return "ascending" if current == field else "none"


@register.simple_tag
def param_link(request: HttpRequest, name: str, value: str) -> str:
    """The current URL with ``name`` set to ``value`` (and back to the first page)."""
    query = request.GET.copy()
    query[name] = value
    query.pop("page", None)
    return "?" + query.urlencode()


@register.simple_tag
def page_link(request: HttpRequest, number: int) -> str:
    query = request.GET.copy()
    query["page"] = number
    return "?" + query.urlencode()


@register.filter
def percent(value: float | None) -> str:
    return "—" if value is None else f"{round(100 * value)}%"


@register.filter
def outlets(contact: object) -> list[str]:
    """The outlets that reported ``contact``, each once, from the prefetched reports."""
    return list(dict.fromkeys(r.article.outlet for r in contact.reports.all() if r.article.outlet))


ROW = """    <tr>
      <td class="date"><a href="{url}">{date}</a></td>
      <td class="people">{people}</td>
      <td class="medium-cell"><span class="medium medium-{medium}">{medium_label}</span></td>
      <td>{initiator}</td>
      <td class="topics">{topics}</td>
      <td class="outlets">{outlets}</td>
      <td class="num">{confidence}</td>
      <td><span class="status status-{status}">{status_label}</span></td>
    </tr>
"""
MISSING = mark_safe('<span class="muted">—</span>')


@register.simple_tag
def contact_rows(contacts: Iterable) -> SafeString:
    """The contact table's rows (participants, topics and reports prefetched), written here
    rather than in the template, with the page's language, each leader's link and each
    label found once: the template took 24-32 ms to write the list's 50 rows, this takes
    11-16 (BENCHMARKS.md, sixth round)."""
    language = lang()
    links: dict[int, str] = {}

    def leader_link(leader) -> str:
        if leader.pk not in links:
            links[leader.pk] = format_html(
                '<a href="{}"><bdi>{}</bdi></a>',
                leader.get_absolute_url(),
                leader.display_name(language),
            )
        return links[leader.pk]

    mediums, statuses = dict(Contact.Medium.choices), dict(Contact.Review.choices)
    rows = []
    for contact in contacts:
        people = [leader_link(p.leader) for p in contact.participations.all()]
        sources = outlets(contact)
        initiator = contact.initiator
        rows.append(
            format_html(
                ROW,
                url=contact.get_absolute_url(),
                date=precise_date(contact) or _("undated"),
                people=mark_safe(" · ".join(people)),
                medium=contact.medium,
                medium_label=mediums.get(contact.medium, contact.medium),
                initiator=format_html("<bdi>{}</bdi>", country_name(initiator, language))
                if initiator
                else MISSING,
                topics=format_html_join(
                    "",
                    '<span class="tag">{}</span>',
                    ((t.display_name(language),) for t in contact.topics.all()),
                ),
                outlets=mark_safe(", ".join(format_html("<bdi>{}</bdi>", o) for o in sources))
                if sources
                else MISSING,
                confidence=floatformat(contact.confidence, 2),
                status=contact.review_status,
                status_label=statuses.get(contact.review_status, contact.review_status),
            )
        )
    return mark_safe("".join(rows))


@register.filter
def json_script_utf8(value: object, element_id: str) -> SafeString:
    """Django's ``json_script`` with the same escaping of <, > and &, but Arabic written as
    UTF-8 rather than \\u escapes: chart data for many contacts is a third of the size."""
    data = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    # str.replace runs in C; str.translate with a dict calls back per character (4x slower).
    escaped = data
    for char, escape in JSON_SCRIPT_ESCAPES.items():
        escaped = escaped.replace(chr(char), escape)
    return format_html(
        '<script id="{}" type="application/json">{}</script>', element_id, mark_safe(escaped)
    )
