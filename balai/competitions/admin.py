from django.contrib import admin

from balai.competitions.models import Competition, Judge, Team


@admin.register(Competition)
class CompetitionAdmin(admin.ModelAdmin):
    list_display = ("title", "office", "submission_deadline", "results_published_at")
    search_fields = ("title",)
    readonly_fields = ("shortlisted_at", "results_published_at")


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "competition", "screening", "is_finalist", "rank")
    list_filter = ("screening", "is_finalist")
    readonly_fields = ("written_score", "interview_score", "final_score", "rank", "prize")


@admin.register(Judge)
class JudgeAdmin(admin.ModelAdmin):
    list_display = ("user", "competition", "declared_at")
