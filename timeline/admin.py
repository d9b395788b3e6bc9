from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from timeline.models import Article, Contact, Country, Leader, Participation, Report, Term, Topic


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_ar"]
    search_fields = ["code", "name_en", "name_ar"]


class TermInline(admin.TabularInline):
    model = Term
    extra = 0


@admin.register(Leader)
class LeaderAdmin(SimpleHistoryAdmin):
    list_display = ["name_en", "name_ar", "country", "kind", "office", "is_candidate"]
    list_filter = ["is_candidate", "kind", "country"]
    search_fields = ["slug", "name_en", "name_ar", "aliases_ar"]
    inlines = [TermInline]


@admin.register(Topic)
class TopicAdmin(SimpleHistoryAdmin):
    list_display = ["slug", "name_en", "name_ar"]
    search_fields = ["slug", "name_en", "name_ar", "keywords_ar"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "outlet", "published", "source_name"]
    list_filter = ["outlet"]
    search_fields = ["title", "url", "source_name"]
    date_hierarchy = "published"


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["leader"]


class ReportInline(admin.StackedInline):
    model = Report
    extra = 0
    fields = ["article", "medium", "initiator", "date", "date_precision", "topics", "confidence"]
    readonly_fields = fields
    can_delete = False


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "date", "medium", "initiator", "confidence", "review_status"]
    list_filter = ["review_status", "medium", "historical"]
    date_hierarchy = "date"
    inlines = [ParticipationInline, ReportInline]
    filter_horizontal = ["topics"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["__str__", "medium", "date", "confidence"]
    raw_id_fields = ["article", "contact"]
