"""Reads of the competitions: the public list, pages and winners; a person's teams and
invitations; the organiser's teams; a judge's blind list (never a conflicted team). Never
writes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.accounts.models import OfficeRole, Role, User
from balai.competitions.models import (
    Competition,
    Criterion,
    Invitation,
    Judge,
    Score,
    Screening,
    Submission,
    Team,
    TeamMember,
)

ORGANISER_ROLES = (Role.PETUGAS, Role.ADMIN)


class Phase:
    UPCOMING = "segera"
    REGISTRATION = "pendaftaran"
    SUBMISSION = "pengumpulan"
    JUDGING = "penilaian"
    ANNOUNCEMENT = "pengumuman"
    PUBLISHED = "diumumkan"

    LABELS = {
        UPCOMING: _("Segera dibuka"),
        REGISTRATION: _("Pendaftaran dibuka"),
        SUBMISSION: _("Pengumpulan karya"),
        JUDGING: _("Penilaian"),
        ANNOUNCEMENT: _("Menunggu pengumuman"),
        PUBLISHED: _("Hasil diumumkan"),
    }


def phase(competition: Competition, now: dt.datetime | None = None) -> str:
    """Where the competition stands by the server's clock."""
    now = now or timezone.now()
    if competition.results_published_at:
        return Phase.PUBLISHED
    if now < competition.registration_opens:
        return Phase.UPCOMING
    if now < competition.registration_closes:
        return Phase.REGISTRATION
    if now < competition.submission_deadline:
        return Phase.SUBMISSION
    if now < competition.judging_ends:
        return Phase.JUDGING
    return Phase.ANNOUNCEMENT


def phase_label(competition: Competition) -> str:
    return str(Phase.LABELS[phase(competition)])


def submissions_open(competition: Competition, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return competition.registration_opens <= now < competition.submission_deadline


def registration_open(competition: Competition, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return competition.registration_opens <= now < competition.registration_closes


def public_competitions() -> QuerySet[Competition]:
    return (Competition.objects.select_related("office")
            .annotate(team_count=Count("teams", distinct=True))
            .order_by("-registration_opens", "id"))


def get_competition(slug: str) -> Competition | None:
    return (Competition.objects.select_related("office", "complaint_category", "topic")
            .prefetch_related("criteria").filter(slug=slug).first())


def organiser_office_ids(user: Any) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(OfficeRole.objects.filter(user=user, role__in=ORGANISER_ROLES)
               .values_list("office_id", flat=True))


def is_organiser(user: Any, competition: Competition) -> bool:
    return getattr(user, "is_authenticated", False) and OfficeRole.objects.filter(
        user=user, role__in=ORGANISER_ROLES, office_id=competition.office_id).exists()


def team_of(user: Any, competition: Competition) -> Team | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Team.objects.filter(competition=competition, members__user=user).first()


def get_team(team_id: int) -> Team | None:
    return (Team.objects.select_related("competition", "competition__office", "leader",
                                        "submission")
            .prefetch_related(Prefetch("members", TeamMember.objects.select_related("user")),
                              Prefetch("invitations",
                                       Invitation.objects.select_related("user")),
                              "submission__files")
            .filter(pk=team_id).first())


def is_member(user: Any, team: Team) -> bool:
    return getattr(user, "is_authenticated", False) and TeamMember.objects.filter(
        team=team, user=user).exists()


def teams_of_user(user: User) -> QuerySet[Team]:
    return (Team.objects.filter(members__user=user)
            .select_related("competition").order_by("-created_at"))


def pending_invitations(user: User) -> QuerySet[Invitation]:
    return (Invitation.objects.filter(user=user, status=Invitation.Status.PENDING)
            .select_related("team", "team__competition", "invited_by").order_by("-created_at"))


def get_invitation(invitation_id: int) -> Invitation | None:
    return (Invitation.objects.select_related("team", "team__competition")
            .filter(pk=invitation_id).first())


def teams_for_organiser(competition: Competition) -> QuerySet[Team]:
    return (Team.objects.filter(competition=competition)
            .select_related("leader", "submission", "innovation")
            .annotate(member_count=Count("members", distinct=True))
            .order_by("name", "id"))


def judges_of(competition: Competition) -> QuerySet[Judge]:
    return (Judge.objects.filter(competition=competition).select_related("user")
            .annotate(conflict_count=Count("conflicts", distinct=True),
                      scored=Count("scores__submission", distinct=True))
            .order_by("id"))


def judge_of(user: Any, competition: Competition) -> Judge | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Judge.objects.filter(competition=competition, user=user).first()


def judgings_of(user: User) -> QuerySet[Judge]:
    return (Judge.objects.filter(user=user).select_related("competition")
            .order_by("-competition__registration_opens"))


def conflict_team_ids(judge: Judge) -> set[int]:
    return set(judge.conflicts.values_list("pk", flat=True))


def submissions_for_judge(judge: Judge) -> QuerySet[Submission]:
    """The submissions a judge may read: screened in, never a conflicted team's; no team."""
    return (Submission.objects
            .filter(team__competition_id=judge.competition_id,
                    team__screening=Screening.PASSED)
            .exclude(team__conflicted_judges=judge)
            .annotate(marked=Exists(Score.objects.filter(judge=judge,
                                                          submission=OuterRef("pk"))))
            .order_by("code"))


def submission_for_judge(judge: Judge, code: str) -> Submission | None:
    return (submissions_for_judge(judge).filter(code=code)
            .prefetch_related("files").first())


def judge_marks(judge: Judge, submission: Submission) -> dict[int, int]:
    return dict(Score.objects.filter(judge=judge, submission=submission)
                .values_list("criterion_id", "value"))


def finalists_for_judge(judge: Judge) -> QuerySet[Team]:
    return (Team.objects.filter(competition_id=judge.competition_id, is_finalist=True)
            .exclude(conflicted_judges=judge).select_related("submission")
            .order_by("name", "id"))


def criteria_of(competition: Competition) -> list[Criterion]:
    return list(competition.criteria.all())


def results(competition: Competition) -> QuerySet[Team]:
    return (Team.objects.filter(competition=competition, is_finalist=True)
            .select_related("submission", "innovation").order_by("rank", "name"))


def winners() -> QuerySet[Team]:
    """Prize winners of every published competition, newest competition first."""
    return (Team.objects.filter(competition__results_published_at__isnull=False)
            .exclude(prize="")
            .select_related("competition", "competition__office", "submission", "innovation")
            .order_by("-competition__results_published_at", "rank", "id"))


def get_submission_file(file_id: int) -> Any:
    from balai.competitions.models import SubmissionFile

    return (SubmissionFile.objects.select_related("submission", "submission__team",
                                                  "submission__team__competition")
            .filter(pk=file_id).first())


def has_demo() -> bool:
    return Competition.objects.filter(is_demo=True).exists()




def written_marks(competition: Competition) -> dict[tuple[int, int, int], int]:
    return {(j, s, c): v for j, s, c, v in Score.objects.filter(
        submission__team__competition=competition,
        submission__team__screening=Screening.PASSED).values_list(
        "judge_id", "submission__team_id", "criterion_id", "value")}


def weights_of(competition: Competition) -> dict[int, int]:
    return {c.pk: c.weight for c in competition.criteria.all()}


def score_overview(competition: Competition) -> dict[int, tuple[float | None, float | None]]:
    """Per team: (unnormalised mean of the judges' weighted marks, normalised written
    score), for the organiser's table before the shortlist is fixed."""
    from balai.competitions import scoring

    marks = written_marks(competition)
    weights = weights_of(competition)
    raw = scoring.raw_weighted_means(marks, weights)
    normalised = scoring.written_scores(marks, weights)
    return {team: (raw.get(team), normalised.get(team)) for team in raw}
