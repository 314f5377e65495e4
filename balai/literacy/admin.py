"""Read-only admin of digital literacy: programmes, sessions and registrations change only
through balai.literacy.actions (every change is in the ledger)."""


from django.contrib import admin

from balai.core.admin import ReadOnlyAdmin
from balai.literacy.models import Feedback, Programme, Registration, Session


@admin.register(Programme)
class ProgrammeAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "pillar", "office", "created_at"]
    list_filter = ["kind", "pillar", "office"]
    search_fields = ["title"]
    list_select_related = ["office"]


@admin.register(Session)
class SessionAdmin(ReadOnlyAdmin):
    list_display = ["programme", "starts_at", "kecamatan", "capacity"]
    list_filter = ["programme__pillar", "kecamatan"]
    date_hierarchy = "starts_at"
    list_select_related = ["programme", "kecamatan"]


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ["pk", "session", "status", "channel", "queued_at", "attended_at"]
    list_filter = ["status", "channel"]
    list_select_related = ["session__programme"]
    exclude = ["check_in_token"]


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdmin):
    list_display = ["registration", "rating", "created_at"]
    list_select_related = ["registration__session__programme", "registration__participant"]
