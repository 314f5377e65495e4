"""Fetch with permission, or answer 404. Calls, results and winners are public (results only
once published); a team's page is for its members; the management pages for the officers of
the organising office; the judging pages for the competition's judges, who never reach a
submission of a team they declared a conflict with, nor any before declaring."""

from __future__ import annotations

from django.http import Http404

from balai.accounts.models import User
from balai.competitions import queries
from balai.competitions.models import Competition, Invitation, Judge, Screening, Submission, Team


def competition_for_public(slug: str) -> Competition:
    found = queries.get_competition(slug)
    if found is None:
        raise Http404
    return found


def published_competition(slug: str) -> Competition:
    found = competition_for_public(slug)
    if not found.results_published_at:
        raise Http404
    return found


def competition_for_organiser(user: User, slug: str) -> Competition:
    found = competition_for_public(slug)
    if not queries.is_organiser(user, found):
        raise Http404
    return found


def require_organiser_somewhere(user: User) -> None:
    if not queries.organiser_office_ids(user):
        raise Http404


def team_for_member(user: User, team_id: int) -> Team:
    found = queries.get_team(team_id)
    if found is None or not queries.is_member(user, found):
        raise Http404
    return found


def team_for_organiser(user: User, competition: Competition, team_id: int) -> Team:
    found = queries.get_team(team_id)
    if found is None or found.competition_id != competition.pk:
        raise Http404
    return found


def invitation_for_invitee(user: User, invitation_id: int) -> Invitation:
    found = queries.get_invitation(invitation_id)
    if found is None or found.user_id != user.pk:
        raise Http404
    return found


def judge_for_user(user: User, slug: str) -> Judge:
    competition = competition_for_public(slug)
    judge = queries.judge_of(user, competition)
    if judge is None:
        raise Http404
    judge.competition = competition
    return judge


def submission_for_judge(judge: Judge, code: str) -> Submission:
    if judge.declared_at is None:
        raise Http404
    found = queries.submission_for_judge(judge, code)
    if found is None:
        raise Http404
    return found


def file_for_user(user: User, file_id: int):  # type: ignore[no-untyped-def]
    """A submission file: for the team's members, the organiser, and the judges who declared
    no conflict with the team once it passed screening."""
    found = queries.get_submission_file(file_id)
    if found is None:
        raise Http404
    team = found.submission.team
    competition = team.competition
    if queries.is_member(user, team) or queries.is_organiser(user, competition):
        return found
    judge = queries.judge_of(user, competition)
    if (judge is not None and judge.declared_at is not None
            and team.screening == Screening.PASSED
            and team.pk not in queries.conflict_team_ids(judge)):
        return found
    raise Http404
