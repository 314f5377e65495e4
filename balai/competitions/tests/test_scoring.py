"""Per-judge normalisation (balai/competitions/scoring.py): the formula, its edge cases, and
the scenario where it changes the order the raw marks would give."""

from __future__ import annotations

import math

import pytest

from balai.competitions import actions, queries, scoring
from balai.competitions.tests.helpers import SYSTEM, scenario


def test_z_scores_are_within_each_judges_own_marks():
    z = scoring.judge_z_scores({"j1": {"a": 40, "b": 60, "c": 50}, "j2": {"a": 95, "b": 70}})
    assert z["j1"]["a"] == pytest.approx(-10 / math.sqrt(200 / 3))
    assert z["j1"]["c"] == 0
    assert z["j2"] == {"a": pytest.approx(1), "b": pytest.approx(-1)}


def test_a_judge_with_one_submission_or_zero_variance_gives_zero():
    z = scoring.judge_z_scores({"alone": {"a": 90}, "flat": {"a": 70, "b": 70}})
    assert z == {"alone": {"a": 0.0}, "flat": {"a": 0.0, "b": 0.0}}


def test_written_score_is_the_weighted_average_over_criteria_then_mean_over_judges():
    marks = {("j", "a", "impact"): 80, ("j", "b", "impact"): 60,
             ("j", "a", "tech"): 50, ("j", "b", "tech"): 70}
    scores = scoring.written_scores(marks, {"impact": 75, "tech": 25})
    # impact z: a +1, b -1; tech z: a -1, b +1; weighted: a 0.75-0.25 = 0.5
    assert scores == {"a": pytest.approx(0.5), "b": pytest.approx(-0.5)}


def test_ranking_puts_unscored_items_last():
    assert scoring.ranking({"a": None, "b": -1.0, "c": 2.0}) == ["c", "b", "a"]


@pytest.mark.django_db
def test_normalisation_changes_the_order_of_the_raw_marks(kominfo, judges):
    built = scenario(office=kominfo, judge_users=judges)
    competition, teams = built["competition"], built["teams"]
    names = {team.pk: name for name, team in teams.items()}
    marks = queries.written_marks(competition)
    weights = queries.weights_of(competition)

    raw = scoring.raw_weighted_means(marks, weights)
    raw_sum: dict[int, float] = {}
    for (_judge, team_id, _criterion), value in marks.items():
        raw_sum[team_id] = raw_sum.get(team_id, 0) + value * weights[_criterion] / 100
    normalised = scoring.written_scores(marks, weights)

    assert [names[t] for t in scoring.ranking(raw_sum)] == ["Andalas", "Bentang", "Cakrawala"]
    assert [names[t] for t in scoring.ranking(raw)] == ["Andalas", "Bentang", "Cakrawala"]
    assert [names[t] for t in scoring.ranking(normalised)] == ["Bentang", "Cakrawala",
                                                              "Andalas"]

    finalists = actions.fix_shortlist(actor=SYSTEM, competition=competition)
    assert sorted(t.name for t in finalists) == ["Bentang", "Cakrawala"]
