"""Records for the competition tests, made through the actions: a call in a chosen phase, and
the scenario where per-judge normalisation changes the order.

The scenario: teams Andalas, Bentang and Cakrawala; judge 1 is harsh (marks 40, 60, 50),
judge 2 lenient (95, 70) and declared a conflict with Cakrawala. Raw sums give
Andalas 135 > Bentang 130 > Cakrawala 50 (means 67.5 > 65 > 50); the z-scores give
Bentang +0.112 > Cakrawala 0 > Andalas -0.112, so with two finalists Andalas, the best by raw
marks, does not reach the presentation round.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from balai.competitions import actions
from balai.core.testing import make_citizen

SYSTEM = "sistem:uji"
MARKS_J1 = {"Andalas": 40, "Bentang": 60, "Cakrawala": 50}
MARKS_J2 = {"Andalas": 95, "Bentang": 70}
# Entries never carry their team's name: judges score blind.
TITLES = {"Andalas": "Antrean Daring", "Bentang": "Jadwal lewat SMS",
          "Cakrawala": "Loket Keliling"}


def registration_timeline(now: dt.datetime | None = None) -> dict[str, dt.datetime]:
    now = now or timezone.now()
    day = dt.timedelta(days=1)
    return {"registration_opens": now - day, "registration_closes": now + day,
            "submission_deadline": now + 2 * day, "judging_ends": now + 10 * day,
            "announcement_at": now + 12 * day}


def judging_timeline(now: dt.datetime | None = None) -> dict[str, dt.datetime]:
    now = now or timezone.now()
    day = dt.timedelta(days=1)
    return {"registration_opens": now - 10 * day, "registration_closes": now - 3 * day,
            "submission_deadline": now - dt.timedelta(hours=1), "judging_ends": now + 3 * day,
            "announcement_at": now + 4 * day}


def make_competition(*, office: Any, actor: Any = SYSTEM, shortlist_size: int = 2,
                     **overrides: Any) -> Any:
    fields: dict[str, Any] = {
        "title": "Antrean Adminduk Tanpa Datang Pagi",
        "theme": "Warga antre sejak subuh di kantor Disdukcapil untuk mengurus dokumen.",
        "prizes": "Juara 1: Rp15.000.000\nJuara 2: Rp10.000.000",
        "eligibility": "Warga Kabupaten Kubu Raya berusia 17 tahun ke atas.",
        "required_documents": "Proposal (PDF)\nSurat pernyataan orisinalitas (PDF)",
        "max_team_size": 3, "shortlist_size": shortlist_size,
        **registration_timeline()}
    fields.update(overrides)
    criteria = fields.pop("criteria", [("Dampak bagi warga", 60), ("Kelayakan teknis", 40)])
    return actions.create_competition(actor=actor, office=office, criteria=criteria, **fields)


def enter_team(competition: Any, name: str, leader: Any | None = None) -> Any:
    leader = leader or make_citizen(full_name=f"Ketua {name}").user
    team = actions.register_team(actor=leader, competition=competition, name=name)
    actions.save_submission(actor=leader, team=team, title=TITLES.get(name, "Karya uji"),
                            summary="Warga memilih jam datang dari rumah.",
                            demo_url="https://demo.example.id/")
    return team


def to_judging(competition: Any) -> Any:
    competition = actions.update_timeline(actor=SYSTEM, competition=competition,
                                          **judging_timeline())
    return competition


def scenario(*, office: Any, judge_users: tuple[Any, Any]) -> dict[str, Any]:
    """The three-team scenario up to the marks of the written round (before the shortlist)."""
    competition = make_competition(office=office)
    teams = {name: enter_team(competition, name) for name in MARKS_J1}
    judges = [actions.assign_judge(actor=SYSTEM, competition=competition,
                                   identifier=user.username) for user in judge_users]
    competition = to_judging(competition)
    for team in teams.values():
        actions.screen_team(actor=SYSTEM, team=team, passed=True)
    j1, j2 = judges
    j1.competition = j2.competition = competition
    actions.declare_conflicts(actor=judge_users[0], judge=j1, teams=[])
    actions.declare_conflicts(actor=judge_users[1], judge=j2, teams=[teams["Cakrawala"]])
    criteria = list(competition.criteria.all())
    for judge, user, marks in ((j1, judge_users[0], MARKS_J1), (j2, judge_users[1], MARKS_J2)):
        for name, value in marks.items():
            actions.score_submission(actor=user, judge=judge,
                                     submission=teams[name].submission,
                                     marks={c.pk: value for c in criteria})
    return {"competition": competition, "teams": teams, "judges": judges}
