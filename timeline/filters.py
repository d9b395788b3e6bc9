"""ContactFilter: the one set of filters behind the list, the charts and the exports.

The URL carries every filter (GET), so any view of the data is a shareable permalink.
"""

from __future__ import annotations

import calendar
import html
from dataclasses import dataclass

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.forms.utils import flatatt
from django.http import QueryDict
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from timeline.models import Contact, Country, Leader, Participation, Topic
from timeline.querysets import TallyScope

# Parameters that shape a page without selecting contacts; chips and "clear all" keep them.
ANY = _("any")
VIEW_PARAMS = ("sort", "colour", "view", "value", "page")


def lang() -> str:
    return "ar" if (get_language() or "ar").startswith("ar") else "en"


def country_name(country: Country, language: str | None = None) -> str:
    language = language or lang()
    return (country.name_ar or country.name_en) if language == "ar" else country.name_en


class QuickSelect(forms.Select):
    """A select written out in Python. Django renders each option through a template (4 ms
    for the 90 countries), and builds a dict of attributes for each first (2-4 ms for the
    260 at 1M): on every page, for each of the three long selects."""

    def render(self, name, value, attrs=None, renderer=None) -> str:
        wanted, chosen = set(self.format_value(value)), False
        options = []
        for option_value, label in self.choices:
            option_value = str(option_value)
            selected = not chosen and option_value in wanted
            chosen = chosen or selected
            options.append(
                f'<option value="{html.escape(option_value)}"'
                f"{' selected' if selected else ''}>{html.escape(str(label))}</option>"
            )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            mark_safe("".join(options)),  # each value and label escaped above
        )


class QuickCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes written out in Python, as Django's templates write them: three templates per
    box took 6 ms of every page for the topics."""

    def render(self, name, value, attrs=None, renderer=None) -> str:
        attrs = self.build_attrs(self.attrs, attrs)
        wanted = {str(v) for v in self.format_value(value)}
        boxes = []
        for index, (option_value, label) in enumerate(self.choices):
            option_value = str(option_value)
            box = {**attrs, "id": self.id_for_label(attrs["id"], index)} if "id" in attrs else attrs
            boxes.append(
                format_html(
                    '<div>\n    <label{}><input type="checkbox" name="{}" value="{}"{}{}>\n {}'
                    "</label>\n\n</div>",
                    format_html(' for="{}"', box["id"]) if "id" in box else "",
                    name,
                    option_value,
                    _attributes(box),
                    " checked" if option_value in wanted else "",
                    label,
                )
            )
        return format_html(
            "<div{}{}>{}\n</div>",
            format_html(' id="{}"', attrs["id"]) if "id" in attrs else "",
            format_html(' class="{}"', attrs["class"]) if "class" in attrs else "",
            mark_safe("".join(boxes)),  # each written by format_html
        )


def _attributes(attrs: dict) -> str:
    """An element's attributes as django/forms/widgets/attrs.html writes them, in order."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False and value is not None
        ),
    )


class LeaderInput(forms.TextInput):
    """The leader search box: the chosen leader's name in the page's language, where the
    address holds their slug (links and chips carry slugs; a typed or picked name works too)."""

    def format_value(self, value) -> str | None:
        value = super().format_value(value)
        leader = Leader.objects.filter(slug=value).first() if value else None
        return leader.display_name(lang()) if leader else value


class LeaderField(forms.ModelChoiceField):
    """A leader by slug, or by exact English or Arabic name as typed in the search box."""

    def to_python(self, value: str | None) -> Leader | None:
        try:
            return super().to_python(value)
        except ValidationError:
            named = self.queryset.filter(Q(name_en__iexact=value) | Q(name_ar=value))
            leader = named.order_by("pk").first()
            if leader is None:
                raise
            return leader

    def label_from_instance(self, obj: Leader) -> str:
        return obj.display_name(lang())


class CountryField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Country) -> str:
        return country_name(obj)


class TopicField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Topic) -> str:
        return obj.display_name(lang())


class LeaderFilter(django_filters.ModelChoiceFilter):
    field_class = LeaderField


class CountryFilter(django_filters.ModelChoiceFilter):
    field_class = CountryField


class TopicFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = TopicField


# A loose index scan: one probe of the outlet index per distinct outlet, where DISTINCT would
# read every article (1.5M at 1M contacts). Plain SQL, so it runs on PostgreSQL as well.
OUTLETS_SQL = """
WITH RECURSIVE o(x) AS (
  SELECT min(outlet) FROM timeline_article WHERE outlet > ''
  UNION ALL
  SELECT (SELECT min(outlet) FROM timeline_article WHERE outlet > x) FROM o WHERE x IS NOT NULL
) SELECT x FROM o WHERE x IS NOT NULL
"""


def outlet_choices() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(OUTLETS_SQL)
        return [(o, o) for (o,) in cursor.fetchall()]


def _countries_in(model: type, field: str) -> QuerySet:
    """Countries with at least one ``model`` row pointing at them: one probe of the foreign-key
    index per country instead of a DISTINCT over every row."""
    with_rows = Exists(model.objects.filter(**{field: OuterRef("pk")}))
    # The names only: the other names and demonyms are JSON, decoded for each of the ~260
    # countries of both selects on every page.
    return Country.objects.filter(with_rows).only("code", "name_en", "name_ar")


class ContactFilter(django_filters.FilterSet):
    leader = LeaderFilter(
        label=_("Leader"),
        queryset=Leader.objects.all(),
        to_field_name="slug",
        method="filter_leader",
        widget=LeaderInput(attrs={"list": "leader-options", "autocomplete": "off"}),
    )
    country = CountryFilter(
        label=_("Country"),
        empty_label=ANY,
        queryset=_countries_in(Participation, "country"),
        to_field_name="code",
        field_name="participations__country",
        widget=QuickSelect,
    )
    topic = TopicFilter(
        label=_("Topics"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        field_name="topics__slug",
        widget=QuickCheckboxes,
    )
    medium = django_filters.ChoiceFilter(
        label=_("Medium"), choices=Contact.Medium.choices, empty_label=ANY
    )
    initiator = CountryFilter(
        label=_("Initiator"),
        empty_label=ANY,
        queryset=_countries_in(Contact, "initiator"),
        to_field_name="code",
        field_name="initiator",
        widget=QuickSelect,
    )
    start = django_filters.DateFilter(
        label=_("From"),
        field_name="date",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = django_filters.DateFilter(
        label=_("To"),
        field_name="date",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    outlet = django_filters.ChoiceFilter(
        label=_("Outlet"),
        choices=outlet_choices,
        field_name="reports__article__outlet",
        empty_label=ANY,
        widget=QuickSelect,
    )
    review = django_filters.ChoiceFilter(
        label=_("Review status"),
        empty_label=ANY,
        field_name="review_status",
        choices=[(c.value, c.label) for c in Contact.Review if c != Contact.Review.REJECTED],
    )
    q = django_filters.CharFilter(label=_("Text search"), method="filter_text")
    sort = django_filters.OrderingFilter(
        fields=(
            ("date", "date"),
            ("medium", "medium"),
            ("initiator__name_en", "initiator"),
            ("confidence", "confidence"),
            ("review_status", "review"),
        ),
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Contact
        fields: list[str] = []

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        order = "name_ar" if lang() == "ar" else "name_en"
        for name in ("country", "initiator"):
            field = self.form.fields[name]
            field.queryset = field.queryset.order_by(order)

    def filter_leader(self, queryset: QuerySet, name: str, value: Leader | None) -> QuerySet:
        return queryset.involving(value) if value else queryset

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.search(value) if value else queryset

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # Topic, country, outlet and text filters join many-valued relations.
        return super().filter_queryset(queryset).distinct()

    @property
    def probing_qs(self) -> QuerySet:
        """The same contacts in the same order as ``qs``, with the country and topic filters as
        EXISTS probes instead of joins: SQLite then walks the contacts in date order and stops
        after a page, which is far cheaper when most contacts match (and far dearer when few
        do: the list uses it only past the count cap)."""
        queryset = self.queryset.all()
        if not self.is_bound:
            return queryset
        self.errors  # noqa: B018 (validates the form, as FilterSet.qs does)
        through = Contact.topics.through
        for name, value in self.form.cleaned_data.items():
            if name == "country" and value:
                probe = Participation.objects.filter(contact=OuterRef("pk"), country=value)
                queryset = queryset.filter(Exists(probe))
            elif name == "topic" and value:
                probe = through.objects.filter(contact=OuterRef("pk"), topic__in=value)
                queryset = queryset.filter(Exists(probe))
            else:
                queryset = self.filters[name].filter(queryset, value)
        return queryset.distinct()

    def tally_scope(
        self,
        *,
        leader: bool = False,
        topic: bool = False,
        country: bool = False,
    ) -> TallyScope | None:
        """The filters as a TallyScope when the tallies carry them all: whole months, a medium
        and, where asked, a leader, or one topic and a country (or both). None when another is
        set (then the page counts the contacts themselves), or when the form is invalid."""
        asked = {"leader": leader, "topic": topic, "country": country}
        scope = self._scope({name for name, wanted in asked.items() if wanted})
        if scope is None or (scope.leader and (scope.topic or scope.country)):
            return None
        return scope

    def _scope(self, extra: set[str]) -> TallyScope | None:
        if not self.is_bound:
            return TallyScope()
        if not self.is_valid():
            return None
        data = self.form.cleaned_data
        carried = {"start", "end", "medium", "sort"} | extra
        if any(value not in (None, "", []) and not (isinstance(value, QuerySet) and not value)
               for name, value in data.items() if name not in carried):  # fmt: skip
            return None
        start, end = data.get("start"), data.get("end")
        if start and start.day != 1:
            return None
        if end and end.day != calendar.monthrange(end.year, end.month)[1]:
            return None
        topics = list(data.get("topic") or [])
        if len(topics) > 1:  # any of several topics: a contact with two would count twice
            return None
        return TallyScope(
            first=start.strftime("%Y-%m") if start else None,
            last=end.strftime("%Y-%m") if end else None,
            medium=data.get("medium") or None,
            leader=data["leader"].pk if data.get("leader") else None,
            country=data["country"].pk if data.get("country") else None,
            topic=topics[0].pk if topics else None,
        )

    @property
    def focal_leader(self) -> Leader | None:
        """The leader chosen in the filter, whose counterparts become the timeline's rows."""
        if not self.is_bound or not self.is_valid():
            return None
        return self.form.cleaned_data.get("leader")

    def leader_options(self) -> QuerySet:
        """Leaders worth suggesting in the search box: those with at least one contact."""
        with_contacts = Exists(Participation.objects.filter(leader=OuterRef("pk")))
        # The names only: each leader's aliases are JSON, decoded for every suggestion.
        return (
            Leader.objects.filter(with_contacts)
            .order_by("name_en")
            .only("slug", "name_en", "name_ar")
        )

    def leader_datalist(self) -> str:
        """The search box's suggestions, the leaders' names in the page's language, written
        out here: the template's loop took ~15 ms a page for the 700 leaders at 1M."""
        names = self.leader_options().values_list("name_ar", "name_en")
        language = lang()
        return mark_safe(  # each name escaped here
            "".join(
                f'<option value="{html.escape(Leader.name_in(language, ar, en))}"></option>'
                for ar, en in names
            )
        )


@dataclass(frozen=True)
class Chip:
    label: str
    value: str
    remove_url: str


def active_chips(filterset: ContactFilter, query: QueryDict) -> list[Chip]:
    """One chip per active filter value, each with the URL that drops just that value."""
    if not filterset.is_bound or not filterset.is_valid():
        return []
    chips = []
    for name, value in filterset.form.cleaned_data.items():
        if name in VIEW_PARAMS or value in (None, "", []):
            continue
        label = str(filterset.filters[name].label)
        values = list(value) if isinstance(value, QuerySet | list) else [value]
        raw = query.getlist(name)
        for item, raw_value in zip(values, _raw_values(values, raw), strict=False):
            remaining = query.copy()
            remaining.setlist(name, [r for r in raw if r != raw_value])
            remaining.pop("page", None)
            chips.append(Chip(label, _display(filterset, name, item), "?" + remaining.urlencode()))
    return chips


def _raw_values(values: list, raw: list[str]) -> list[str]:
    """The URL value behind each cleaned value (slugs for topics, as typed otherwise)."""
    if len(values) == len(raw):
        slugs = [getattr(v, "slug", None) for v in values]
        if all(slugs):
            return [s for s in slugs if s in raw] if set(slugs) <= set(raw) else raw
        return raw
    return raw[: len(values)] or [""] * len(values)


def _display(filterset: ContactFilter, name: str, value: object) -> str:
    if isinstance(value, Leader | Topic):
        return value.display_name(lang())
    if isinstance(value, Country):
        return country_name(value)
    if name in ("medium", "review"):
        return str(dict(filterset.form.fields[name].choices).get(value, value))
    return str(value)


def clear_all_url(query: QueryDict) -> str:
    """The current page with no filters, keeping how it is shown (sort, colour, view)."""
    kept = QueryDict(mutable=True)
    for name in VIEW_PARAMS:
        if name != "page" and name in query:
            kept.setlist(name, query.getlist(name))
    return "?" + kept.urlencode() if kept else "?"
