"""The staff workflow: correct contacts so that the corrections stick, work the review queue,
settle candidate leaders, add articles and re-run extraction.

The work itself lives in ``timeline.corrections``; this module only turns clicks into calls.
Every view that changes data is POST-only, CSRF-protected and checks model permissions.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

from timeline import corrections
from timeline.extract.readers import ReadError
from timeline.forms import (
    PINNABLE,
    ArticleAddForm,
    ContactAdminForm,
    LeaderAdminForm,
    MergeLeaderForm,
)
from timeline.models import Article, Contact, Country, Leader, Participation, Report, Term, Topic
from timeline.tallies import one_writer_at_a_time

# Characters of article text shown either side of an evidence span.
CONTEXT = 90


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else fallback


def evidence_html(report: Report) -> str:
    """Each evidence span of ``report`` in its sentence, the span marked. Article text is
    untrusted: format_html escapes it."""
    text = report.article.text
    rows = []
    for item in report.evidence:
        start, end = item.get("start", 0), item.get("end", 0)
        before = text[max(0, start - CONTEXT) : start]
        after = text[end : end + CONTEXT]
        rows.append((item.get("field", ""), before, text[start:end] or item.get("text", ""), after))
    if not rows:
        return "—"
    items = format_html_join(
        "",
        '<li><strong>{}</strong>: <span dir="rtl" lang="ar">…{}<mark>{}</mark>{}…</span></li>',
        rows,
    )
    return format_html('<ul class="evidence">{}</ul>', items)


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_ar"]
    search_fields = ["code", "name_en", "name_ar"]


class TermInline(admin.TabularInline):
    model = Term
    extra = 0


@admin.register(Leader)
class LeaderAdmin(SimpleHistoryAdmin):
    form = LeaderAdminForm
    list_display = ["name_en", "name_ar", "country", "kind", "office", "is_candidate"]
    list_filter = ["is_candidate", "kind", "country"]
    search_fields = ["slug", "name_en", "name_ar", "aliases_ar"]
    readonly_fields = ["merge_link"]
    inlines = [TermInline]
    actions = ["confirm_candidates"]
    history_list_display = ["aliases_ar", "is_candidate"]

    def get_urls(self) -> list:
        view = self.admin_site.admin_view(self.merge_view)
        return [
            path("<int:pk>/merge/", view, name="timeline_leader_merge"),
            *super().get_urls(),
        ]

    @admin.display(description=_("merge"))
    def merge_link(self, leader: Leader) -> str:
        if not leader.pk or not leader.is_candidate:
            return "—"
        url = reverse("admin:timeline_leader_merge", args=[leader.pk])
        return format_html('<a href="{}">{}</a>', url, _("Merge into an existing leader…"))

    @admin.action(description=_("Confirm selected candidate leaders"), permissions=["change"])
    def confirm_candidates(self, request: HttpRequest, queryset: QuerySet[Leader]) -> None:
        for leader in queryset.filter(is_candidate=True):
            corrections.confirm_leader(leader=leader)
        self.message_user(request, _("Confirmed."), messages.SUCCESS)

    def merge_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        candidate = get_object_or_404(Leader, pk=pk)
        if not (
            self.has_change_permission(request, candidate)
            and self.has_delete_permission(request, candidate)
        ):
            raise PermissionDenied
        form = MergeLeaderForm(request.POST or None)
        form.fields["into"].queryset = form.fields["into"].queryset.exclude(pk=candidate.pk)
        if request.method == "POST" and form.is_valid():
            into = corrections.merge_leader(candidate=candidate, into=form.cleaned_data["into"])
            self.message_user(request, _("Merged into %(leader)s.") % {"leader": into})
            return redirect("admin:timeline_leader_change", into.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Merge %(leader)s into another leader") % {"leader": candidate},
            "candidate": candidate,
            "form": form,
        }
        return TemplateResponse(request, "admin/timeline/leader/merge.html", context)


@admin.register(Topic)
class TopicAdmin(SimpleHistoryAdmin):
    list_display = ["slug", "name_en", "name_ar", "keyword_count"]
    search_fields = ["slug", "name_en", "name_ar", "keywords_ar"]
    history_list_display = ["keywords_ar"]

    @admin.display(description=_("keywords"))
    def keyword_count(self, topic: Topic) -> int:
        return len(topic.keywords)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "outlet", "published", "source_name", "report_count"]
    list_filter = ["outlet"]
    search_fields = ["title", "url", "source_name"]
    date_hierarchy = "published"
    # Evidence offsets point into the text: editing it would break every report.
    readonly_fields = ["text", "content_hash", "ingested_at", "updated_at"]
    actions = ["reextract"]

    def get_urls(self) -> list:
        view = self.admin_site.admin_view(self.add_articles_view)
        return [
            path("add-articles/", view, name="timeline_article_add_articles"),
            *super().get_urls(),
        ]

    @admin.display(description=_("reports"))
    def report_count(self, article: Article) -> int:
        return article.reports.count()

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context=None
    ) -> HttpResponse:
        return redirect("admin:timeline_article_add_articles")

    @admin.action(description=_("Re-run extraction on selected articles"), permissions=["change"])
    def reextract(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        result = corrections.reextract_articles(articles=queryset)
        level = messages.WARNING if result.failed else messages.SUCCESS
        self.message_user(request, _("Re-extracted: %(s)s") % {"s": result.summary()}, level)

    def add_articles_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ArticleAddForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                results = corrections.add_documents(documents=form.documents())
            except ReadError as err:
                form.add_error("files", str(err))
            else:
                counts = {s: sum(r.status == s for r in results) for s in ("created", "updated")}
                skipped = sum(r.status == "skipped" for r in results)
                found = sum(len(r.contacts) for r in results)
                self.message_user(
                    request,
                    _("created %(c)d, updated %(u)d, skipped %(s)d; %(n)d contacts")
                    % {"c": counts["created"], "u": counts["updated"], "s": skipped, "n": found},
                )
                return redirect("admin:timeline_article_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Add articles"),
            "form": form,
        }
        return TemplateResponse(request, "admin/timeline/article/add_articles.html", context)


class ParticipationInline(admin.TabularInline):
    model = Participation
    fields = ["leader"]
    extra = 0
    autocomplete_fields = ["leader"]


class ReportInline(admin.StackedInline):
    model = Report
    extra = 0
    fields = ["article", "values", "evidence_in_context", "placed_by_person", "split_link"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Contact | None = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Report]:
        return super().get_queryset(request).select_related("article")

    @admin.display(description=_("as the article states it"))
    def values(self, report: Report) -> str:
        names = ", ".join(p.get("name_ar") or p.get("leader", "") for p in report.participants)
        return format_html(
            '<span dir="auto">{}</span> · {} · {} {} ({}, «{}») · {} · {}: {}',
            names,
            report.medium,
            report.date or "?",
            report.date_precision,
            report.date_rule or "—",
            report.date_raw,
            report.initiator or _("initiator unknown"),
            _("topics"),
            ", ".join(report.topics) or "—",
        )

    @admin.display(description=_("evidence"))
    def evidence_in_context(self, report: Report) -> str:
        return evidence_html(report)

    @admin.display(description=_("split"))
    def split_link(self, report: Report) -> str:
        url = reverse("admin:timeline_contact_split", args=[report.contact_id, report.pk])
        return format_html('<a href="{}">{}</a>', url, _("Split off into a contact of its own…"))


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    form = ContactAdminForm
    list_display = [
        "__str__",
        "date",
        "date_precision",
        "medium",
        "initiator",
        "confidence",
        "review_status",
        "set_by_person",
        "review_buttons",
    ]
    list_filter = [
        "review_status",
        "medium",
        "historical",
        "date_precision",
        ("merged_into", admin.EmptyFieldListFilter),
    ]
    search_fields = ["pair_key", "participants__name_en", "participants__name_ar"]
    date_hierarchy = "date"
    inlines = [ParticipationInline, ReportInline]
    filter_horizontal = ["topics"]
    readonly_fields = ["pair_key", "confidence", "merged_into"]
    actions = ["verify", "reject", "unreview", "merge"]
    history_list_display = ["human_fields"]

    def get_urls(self) -> list:
        wrap = self.admin_site.admin_view
        return [
            path("review/", wrap(self.review_view), name="timeline_contact_review"),
            path(
                "<int:pk>/review/<str:status>/",
                wrap(self.set_review_view),
                name="timeline_contact_set_review",
            ),
            path(
                "<int:pk>/split/<int:report_pk>/",
                wrap(self.split_view),
                name="timeline_contact_split",
            ),
            *super().get_urls(),
        ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Contact]:
        return super().get_queryset(request).select_related("initiator")

    # Edits -----------------------------------------------------------------------------------

    def save_model(self, request: HttpRequest, obj: Contact, form, change: bool) -> None:
        """Pin every field the person edited, plus the ones they left ticked."""
        before = set(form.initial.get("human_fields") or [])
        pinned = set(form.cleaned_data.get("human_fields") or [])
        edited = {name for name in form.changed_data if name in PINNABLE}
        if "date" in edited:
            edited.add("date_precision")  # the person saw the precision beside the date
        obj.human_fields = [name for name in PINNABLE if name in pinned | edited]
        obj._released = bool(before - set(obj.human_fields))
        one_writer_at_a_time()  # before the first row lock this transaction takes
        super().save_model(request, obj, form, change)

    def delete_model(self, request: HttpRequest, obj: Contact) -> None:
        one_writer_at_a_time()
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Contact]) -> None:
        one_writer_at_a_time()
        super().delete_queryset(request, queryset)

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        if formset.model is not Participation:
            return super().save_formset(request, form, formset, change)
        for participation in formset.save(commit=False):
            participation.country_id = participation.leader.country_id
            participation.save()
        for participation in formset.deleted_objects:
            participation.delete()
        return None

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        contact = form.instance
        if any(fs.model is Participation and fs.has_changed() for fs in formsets):
            leaders = [p.leader for p in contact.participations.select_related("leader")]
            corrections.update_participants(contact=contact, leaders=leaders)
        if getattr(contact, "_released", False):
            contact.refresh_from_reports()  # a field handed back to extraction takes its value

    @admin.display(description=_("set by a person"))
    def set_by_person(self, contact: Contact) -> str:
        return ", ".join(contact.human_fields) or "—"

    # Review ----------------------------------------------------------------------------------

    @admin.display(description=_("review"))
    def review_buttons(self, contact: Contact) -> str:
        # Buttons inside the change-list form post it (with its CSRF token) to another URL.
        next_url = reverse("admin:timeline_contact_changelist")
        buttons = []
        for status, label in ((Contact.Review.VERIFIED, "✓"), (Contact.Review.REJECTED, "✗")):
            if contact.review_status != status:
                url = reverse("admin:timeline_contact_set_review", args=[contact.pk, status])
                buttons.append((f"{url}?next={next_url}", status, label))
        return format_html_join(
            " ",
            '<button type="submit" formmethod="post" formaction="{}" title="{}">{}</button>',
            buttons,
        )

    def _set_status(self, request: HttpRequest, queryset: QuerySet[Contact], status: str) -> None:
        count = corrections.set_review_status(contacts=queryset, status=status)
        self.message_user(request, _("%(n)d contacts marked %(s)s.") % {"n": count, "s": status})

    @admin.action(description=_("Mark selected contacts verified"), permissions=["change"])
    def verify(self, request: HttpRequest, queryset: QuerySet[Contact]) -> None:
        self._set_status(request, queryset, Contact.Review.VERIFIED)

    @admin.action(description=_("Reject selected contacts"), permissions=["change"])
    def reject(self, request: HttpRequest, queryset: QuerySet[Contact]) -> None:
        self._set_status(request, queryset, Contact.Review.REJECTED)

    @admin.action(description=_("Mark selected contacts unreviewed"), permissions=["change"])
    def unreview(self, request: HttpRequest, queryset: QuerySet[Contact]) -> None:
        self._set_status(request, queryset, Contact.Review.UNREVIEWED)

    @admin.action(description=_("Merge selected contacts (one event)"), permissions=["change"])
    def merge(self, request: HttpRequest, queryset: QuerySet[Contact]) -> HttpResponse | None:
        contacts = list(queryset.filter(merged_into=None).prefetch_related("reports"))
        if len(contacts) < 2:
            self.message_user(request, _("Select at least two contacts."), messages.WARNING)
            return None
        keep_id = request.POST.get("keep")
        if "apply" in request.POST and keep_id:
            keep = next((c for c in contacts if str(c.pk) == keep_id), None)
            if keep is not None:
                corrections.merge_contacts(keep=keep, others=contacts)
                self.message_user(request, _("Merged into %(c)s.") % {"c": keep})
                return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Merge contacts"),
            "contacts": contacts,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/timeline/contact/merge.html", context)

    def review_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        rows = list(
            corrections.review_queue()
            .select_related("initiator")
            .prefetch_related("participations__leader", "reports__article")[:50]
        )
        items = [
            {
                "contact": c,
                "reasons": corrections.review_reasons(c),
                "reports": [(r, evidence_html(r)) for r in c.reports.all()],
            }
            for c in rows
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Review queue"),
            "items": items,
            "total": corrections.review_queue().count(),
            "can_change": self.has_change_permission(request),
        }
        return TemplateResponse(request, "admin/timeline/contact/review.html", context)

    @method_decorator(require_POST)
    def set_review_view(self, request: HttpRequest, pk: int, status: str) -> HttpResponse:
        contact = get_object_or_404(Contact, pk=pk)
        if not self.has_change_permission(request, contact):
            raise PermissionDenied
        if status not in Contact.Review.values:
            raise Http404(status)
        corrections.set_review_status(contacts=[contact], status=status)
        fallback = reverse("admin:timeline_contact_review")
        return HttpResponseRedirect(_safe_next(request, fallback))

    def split_view(self, request: HttpRequest, pk: int, report_pk: int) -> HttpResponse:
        report = get_object_or_404(
            Report.objects.select_related("article"), pk=report_pk, contact=pk
        )
        if not self.has_change_permission(request, report.contact):
            raise PermissionDenied
        if request.method == "POST":
            try:
                new = corrections.split_report(report=report)
            except ValueError as err:
                self.message_user(request, str(err), messages.ERROR)
                return redirect("admin:timeline_contact_change", pk)
            self.message_user(request, _("Split off into a new contact."))
            return redirect("admin:timeline_contact_change", new.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Split a report off into a contact of its own"),
            "report": report,
            "evidence": evidence_html(report),
        }
        return TemplateResponse(request, "admin/timeline/contact/split.html", context)


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["__str__", "medium", "date", "date_rule", "confidence", "placed_by_person"]
    list_filter = ["medium", "date_rule", "placed_by_person"]
    raw_id_fields = ["contact"]
    # A report is what an article said: only where it belongs (its contact) is a person's call.
    fields = ["article", "contact", "placed_by_person", "signature", "evidence_in_context"]
    readonly_fields = ["article", "placed_by_person", "signature", "evidence_in_context"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Report, form, change: bool) -> None:
        if "contact" in form.changed_data:
            corrections.move_report(report=obj, to=obj.contact, source_id=form.initial["contact"])
        else:
            super().save_model(request, obj, form, change)

    @admin.display(description=_("evidence"))
    def evidence_in_context(self, report: Report) -> str:
        return evidence_html(report)
