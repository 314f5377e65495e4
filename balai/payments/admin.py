"""Bills and payments admin: read-only. Payments change only through the bank API and
balai.payments.actions; bank client secrets are never shown."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from balai.applications.admin import ReadOnlyAdminMixin
from balai.payments.models import BankClient, BankRequest, Bill, Payment


@admin.register(Bill)
class BillAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["payment_code", "kind", "description", "principal", "due_date", "status",
                    "paid_at"]
    list_filter = ["kind", "status"]
    search_fields = ["^payment_code", "^nop"]
    search_help_text = _("Cari dengan kode bayar atau NOP.")
    ordering = ["-id"]
    show_full_result_count = False
    exclude = ["payer", "sppt", "tax_return", "application"]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["bill", "client", "external_id", "amount", "paid_at", "status"]
    list_select_related = ["bill", "client"]
    list_filter = ["status", "client"]
    search_fields = ["^external_id", "^bill__payment_code"]
    ordering = ["-id"]
    show_full_result_count = False
    raw_id_fields = ["bill"]


@admin.register(BankClient)
class BankClientAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "is_sandbox", "is_active", "created_at"]
    fields = ["code", "name", "client_key", "public_key_pem", "is_sandbox", "is_active"]


@admin.register(BankRequest)
class BankRequestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["client", "external_id", "service", "http_status", "created_at"]
    list_select_related = ["client"]
    ordering = ["-id"]
    show_full_result_count = False
