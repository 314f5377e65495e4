"""Admin for people and offices. Role changes go through grant_role / revoke_role, so each one
is in the ledger with its office and role (besides the generic admin entry)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from balai.accounts import actions
from balai.accounts.models import Citizen, Office, OfficeRole, User
from balai.accounts.queries import nik_index


def _save_role_formset(request: HttpRequest, formset: BaseInlineFormSet) -> None:
    """Apply a user's OfficeRole inline through the actions instead of saving its rows.

    save(commit=False) only sorts the rows into new, changed and deleted (the admin's change
    message needs those lists); the actions then write, each with its ledger entry.
    """
    formset.save(commit=False)
    user = formset.instance

    def original(obj: OfficeRole) -> OfficeRole:
        return OfficeRole.objects.select_related("office").get(pk=obj.pk)

    for obj in formset.deleted_objects:
        old = original(obj)
        actions.revoke_role(actor=request.user, user=user, office=old.office, role=old.role)
    for obj, _fields in formset.changed_objects:
        old = original(obj)
        actions.revoke_role(actor=request.user, user=user, office=old.office, role=old.role)
        obj.pk = actions.grant_role(actor=request.user, user=user, office=obj.office,
                                    role=obj.role).pk
    for obj in formset.new_objects:
        obj.pk = actions.grant_role(actor=request.user, user=user, office=obj.office,
                                    role=obj.role).pk


class OfficeRoleInline(admin.TabularInline):
    model = OfficeRole
    extra = 1
    fields = ["office", "role", "granted_at"]
    readonly_fields = ["granted_at"]
    autocomplete_fields = ["office"]
    verbose_name = _("peran di kantor")
    verbose_name_plural = _("peran di kantor")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "full_name", "email", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_superuser", "is_active"]
    search_fields = ["username", "full_name", "email"]
    ordering = ["username"]
    inlines = [OfficeRoleInline]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Data diri"), {"fields": ("full_name", "email")}),
        (_("Hak akses"), {"fields": ("is_active", "is_staff", "is_superuser", "groups",
                                     "user_permissions")}),
        (_("Waktu"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",),
                "fields": ("username", "full_name", "email", "password1", "password2")}),
    )
    readonly_fields = ["last_login", "date_joined"]
    actions = ["reset_two_factor"]

    @admin.action(description=_("Atur ulang verifikasi dua langkah (ponsel hilang)"))
    def reset_two_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        from balai.accounts import twofactor

        for user in queryset:
            twofactor.reset_two_factor(actor=request.user, user=user)  # type: ignore[arg-type]
        self.message_user(request, _("Verifikasi dua langkah diatur ulang untuk %(count)s "
                                     "pengguna; mereka mengaktifkannya lagi saat masuk.")
                          % {"count": queryset.count()})

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is OfficeRole:
            _save_role_formset(request, formset)
        else:
            super().save_formset(request, form, formset, change)


@admin.register(Citizen)
class CitizenAdmin(admin.ModelAdmin):
    """Read-mostly: identity data is changed by the citizen or through an office's process."""

    list_display = ["user", "masked_nik", "gender", "village", "verified_at"]
    list_filter = ["gender", ("verified_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user", "village"]
    # Searching by name; a full 16-digit NIK is looked up through its blind index, never by
    # the plaintext (which the database does not hold).
    search_fields = ["user__full_name"]
    search_help_text = _("Cari dengan nama, atau NIK lengkap 16 angka.")
    fields = ["user", "masked_nik", "gender", "village", "verified_at", "created_at"]
    readonly_fields = fields

    @admin.display(description=_("NIK"))
    def masked_nik(self, obj: Citizen) -> str:
        return obj.masked_nik

    def get_search_results(self, request: HttpRequest, queryset: QuerySet[Citizen],
                           search_term: str) -> tuple[QuerySet[Citizen], bool]:
        term = search_term.strip()
        if len(term) == 16 and term.isdigit():
            return queryset.filter(nik_index=nik_index(term)), False
        return super().get_search_results(request, queryset, search_term)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "parent", "region", "head", "is_active"]
    list_filter = ["kind", "is_active"]
    list_select_related = ["parent", "region", "head"]
    search_fields = ["name", "short_name", "code"]
    autocomplete_fields = ["parent", "head"]
    raw_id_fields = ["region"]


@admin.register(OfficeRole)
class OfficeRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "office", "granted_at"]
    list_filter = ["role", "office"]
    list_select_related = ["user", "office"]
    search_fields = ["user__username", "user__full_name", "office__name"]
    autocomplete_fields = ["user", "office"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # A role is granted or revoked, never edited in place.
        return ["user", "office", "role", "granted_at"] if obj else ["granted_at"]

    def save_model(self, request: HttpRequest, obj: OfficeRole, form: Any, change: bool) -> None:
        if change:
            return
        granted = actions.grant_role(actor=request.user, user=obj.user, office=obj.office,
                                     role=obj.role)
        obj.pk = granted.pk
        obj.granted_at = granted.granted_at

    def delete_model(self, request: HttpRequest, obj: OfficeRole) -> None:
        actions.revoke_role(actor=request.user, user=obj.user, office=obj.office, role=obj.role)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[OfficeRole]) -> None:
        for obj in queryset.select_related("user", "office"):
            self.delete_model(request, obj)
