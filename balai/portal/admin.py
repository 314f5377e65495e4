"""Admin for portal content. Every change is recorded in the ledger by the Balai admin site."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from balai.portal.models import FaqEntry, FaqTopic, OpeningHours, ServiceLocation


class FaqEntryInline(admin.StackedInline):
    model = FaqEntry
    extra = 0
    fields = ["question", "slug", "answer", "position", "is_published"]
    prepopulated_fields = {"slug": ["question"]}


@admin.register(FaqTopic)
class FaqTopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [FaqEntryInline]


@admin.register(FaqEntry)
class FaqEntryAdmin(admin.ModelAdmin):
    list_display = ["question", "topic", "position", "is_published"]
    list_filter = ["topic", "is_published"]
    list_select_related = ["topic"]
    search_fields = ["question", "answer"]
    prepopulated_fields = {"slug": ["question"]}


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


@admin.register(ServiceLocation)
class ServiceLocationAdmin(admin.ModelAdmin):
    list_display = ["name", "office_name", "kecamatan", "phone", "position", "is_published"]
    list_filter = ["is_published", ("kecamatan", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["kecamatan"]
    search_fields = ["name", "office_name", "address"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "office_name", "kecamatan", "address"]}),
        (_("Kontak"), {"fields": ["phone", "email", "notes"]}),
        (_("Tampilan"), {"fields": ["position", "is_published"]}),
    ]
    inlines = [OpeningHoursInline]
