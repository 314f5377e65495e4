from __future__ import annotations

from django.contrib import admin

from balai.applications.admin import ReadOnlyAdminMixin
from balai.transparency.models import CaseCounter, PaymentCounter, Survey


@admin.register(CaseCounter)
class CaseCounterAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["office", "kind", "topic", "month", "opened", "closed", "completed",
                    "on_time"]
    list_filter = ["kind", "office"]
    list_select_related = ["office"]


@admin.register(PaymentCounter)
class PaymentCounterAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["office", "revenue_kind", "month", "payments", "amount"]
    list_select_related = ["office"]


@admin.register(Survey)
class SurveyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    # No respondent column: answers are shown without names.
    list_display = ["case_kind", "case_label", "office", "topic", "invited_at", "answered_at"]
    list_filter = ["case_kind", "office"]
    list_select_related = ["office"]
    exclude = ["user"]
