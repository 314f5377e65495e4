"""The rules of a competition's actions: the server's deadlines, one team per person, the
invitation flow, blind judging with conflicts, the shortlist, publication, and the ledger."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone

from balai.competitions import actions, queries
from balai.competitions.models import Invitation
from balai.competitions.tests.helpers import (
    SYSTEM,
    enter_team,
    make_competition,
    scenario,
    to_judging,
)
from balai.core.errors import PermissionDeniedError
from balai.core.testing import make_citizen
from balai.core.uploads import MB, inspect_upload
from balai.innovation.tests.helpers import pdf_bytes
from balai.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db


def _clean_pdf():
    return inspect_upload(io.BytesIO(pdf_bytes()), name="proposal.pdf", formats=("pdf",),
                          max_bytes=MB)


def test_timeline_out_of_order_is_refused(kominfo):
    now = timezone.now()
    with pytest.raises(actions.CompetitionError) as error:
        make_competition(office=kominfo, submission_deadline=now - dt.timedelta(days=5))
    assert error.value.code == "COMPETITION_TIMELINE"


def test_rubric_weights_must_add_up_to_100(kominfo):
    with pytest.raises(actions.CompetitionError) as error:
        make_competition(office=kominfo, criteria=[("Dampak", 50), ("Teknis", 40)])
    assert error.value.code == "COMPETITION_RUBRIC"


def test_officer_of_another_office_cannot_create_a_call(kominfo):
    from balai.core.testing import make_officer

    other = make_officer(role="petugas")
    with pytest.raises(PermissionDeniedError):
        make_competition(office=kominfo, actor=other)


def test_a_person_leads_one_team_and_invites_by_phone(kominfo):
    competition = make_competition(office=kominfo)
    leader = make_citizen().user
    friend = make_citizen(phone="081300001111")
    friend.verified_at = timezone.now()
    friend.save(update_fields=["verified_at"])
    team = actions.register_team(actor=leader, competition=competition, name="Andalas")
    with pytest.raises(actions.CompetitionError) as error:
        actions.register_team(actor=leader, competition=competition, name="Lain")
    assert error.value.code == "COMPETITION_ALREADY_IN_TEAM"

    invitation = actions.invite_member(actor=leader, team=team, identifier="0813-0000-1111")
    assert invitation.user == friend.user
    actions.respond_to_invitation(actor=friend.user, invitation=invitation, accept=True)
    assert queries.team_of(friend.user, competition) == team
    with pytest.raises(actions.CompetitionError):
        actions.respond_to_invitation(actor=friend.user, invitation=invitation, accept=False)


def test_invitation_by_unknown_address_is_refused_and_declining_adds_nobody(kominfo):
    competition = make_competition(office=kominfo)
    leader = make_citizen().user
    other = make_citizen().user
    team = actions.register_team(actor=leader, competition=competition, name="Andalas")
    with pytest.raises(actions.CompetitionError) as error:
        actions.invite_member(actor=leader, team=team, identifier="tidak.ada@example.id")
    assert error.value.code == "COMPETITION_INVITEE_UNKNOWN"
    other.email = "anggota@example.id"
    other.save(update_fields=["email"])
    invitation = actions.invite_member(actor=leader, team=team, identifier="anggota@example.id")
    with pytest.raises(PermissionDeniedError):
        actions.respond_to_invitation(actor=leader, invitation=invitation, accept=True)
    actions.respond_to_invitation(actor=other, invitation=invitation, accept=False)
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.DECLINED
    assert team.members.count() == 1


def test_submission_is_editable_until_the_deadline_only(kominfo):
    competition = make_competition(office=kominfo)
    team = enter_team(competition, "Andalas")
    actions.add_submission_file(actor=team.leader, team=team, title="Proposal",
                                clean=_clean_pdf())
    actions.save_submission(actor=team.leader, team=team, title="Versi 2", summary="Baru.")
    to_judging(competition)
    with pytest.raises(actions.CompetitionError) as error:
        actions.save_submission(actor=team.leader, team=team, title="Terlambat", summary="x")
    assert error.value.code == "COMPETITION_DEADLINE_PASSED"
    with pytest.raises(actions.CompetitionError):
        actions.add_submission_file(actor=team.leader, team=team, title="Lampiran",
                                    clean=_clean_pdf())
    team.submission.refresh_from_db()
    assert team.submission.title == "Versi 2"
    assert team.submission.files.count() == 1


def test_non_member_cannot_edit_a_submission(kominfo):
    competition = make_competition(office=kominfo)
    team = enter_team(competition, "Andalas")
    with pytest.raises(PermissionDeniedError):
        actions.save_submission(actor=make_citizen().user, team=team, title="x", summary="y")


def test_conflicted_judge_never_sees_nor_scores_the_team(kominfo, judges):
    built = scenario(office=kominfo, judge_users=judges)
    j2 = built["judges"][1]
    cakrawala = built["teams"]["Cakrawala"]
    codes = set(queries.submissions_for_judge(j2).values_list("code", flat=True))
    assert cakrawala.submission.code not in codes and len(codes) == 2
    criteria = list(built["competition"].criteria.all())
    with pytest.raises(PermissionDeniedError):
        actions.score_submission(actor=judges[1], judge=j2, submission=cakrawala.submission,
                                 marks={c.pk: 90 for c in criteria})


def test_judge_must_declare_conflicts_before_scoring(kominfo, judges):
    competition = make_competition(office=kominfo)
    team = enter_team(competition, "Andalas")
    judge = actions.assign_judge(actor=SYSTEM, competition=competition, identifier="juri1")
    to_judging(competition)
    actions.screen_team(actor=SYSTEM, team=team, passed=True)
    with pytest.raises(actions.CompetitionError) as error:
        actions.score_submission(actor=judges[0], judge=judge, submission=team.submission,
                                 marks={c.pk: 70 for c in competition.criteria.all()})
    assert error.value.code == "COMPETITION_CONFLICTS_UNDECLARED"


def test_a_team_member_cannot_judge(kominfo):
    competition = make_competition(office=kominfo)
    team = enter_team(competition, "Andalas")
    team.leader.email = "ketua@example.id"
    team.leader.save(update_fields=["email"])
    with pytest.raises(actions.CompetitionError) as error:
        actions.assign_judge(actor=SYSTEM, competition=competition, identifier="ketua@example.id")
    assert error.value.code == "COMPETITION_JUDGE_IS_PARTICIPANT"


def test_results_need_interview_marks_then_publish_ranks_and_prizes(kominfo, judges):
    built = scenario(office=kominfo, judge_users=judges)
    competition, teams = built["competition"], built["teams"]
    j1, j2 = built["judges"]
    actions.fix_shortlist(actor=SYSTEM, competition=competition)
    with pytest.raises(actions.CompetitionError) as error:
        actions.publish_results(actor=SYSTEM, competition=competition)
    assert error.value.code == "COMPETITION_INTERVIEW_UNFINISHED"
    with pytest.raises(PermissionDeniedError):  # conflicted: not among j2's finalists
        actions.score_interview(actor=judges[1], judge=j2, team=teams["Cakrawala"], value=99)
    actions.score_interview(actor=judges[0], judge=j1, team=teams["Bentang"], value=70)
    actions.score_interview(actor=judges[0], judge=j1, team=teams["Cakrawala"], value=80)
    actions.score_interview(actor=judges[1], judge=j2, team=teams["Bentang"], value=90)

    ranked = actions.publish_results(actor=SYSTEM, competition=competition)

    assert [(t.name, t.rank, t.prize) for t in ranked] == [
        ("Cakrawala", 1, "Juara 1: Rp15.000.000"), ("Bentang", 2, "Juara 2: Rp10.000.000")]
    assert ranked[0].final_score == pytest.approx(0.5)
    assert list(queries.winners()) == ranked
    kinds = set(LedgerEntry.objects.filter(action__startswith="competition.")
                .values_list("action", flat=True))
    assert {"competition.created", "competition.team_registered",
            "competition.submission_created", "competition.judge_assigned",
            "competition.timeline_changed", "competition.team_screened",
            "competition.conflicts_declared", "competition.submission_scored",
            "competition.shortlist_fixed", "competition.interview_scored",
            "competition.results_published"} <= kinds


def test_only_a_published_winner_is_linked_to_the_catalogue(kominfo, judges):
    built = scenario(office=kominfo, judge_users=judges)
    with pytest.raises(actions.CompetitionError) as error:
        actions.link_winner(actor=SYSTEM, team=built["teams"]["Bentang"], innovation=None,
                            api_app="https://x.example.id")
    assert error.value.code == "COMPETITION_NOT_WINNER"
