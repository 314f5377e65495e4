"""The competition pages over HTTP: the public list and winners in a fixed number of queries,
results hidden until published, the participant's pages, blind judging pages that never name
a team, and a submission file served only with its permission check."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from balai.competitions import actions
from balai.competitions.tests.helpers import SYSTEM, enter_team, make_competition, scenario
from balai.core.testing import make_citizen, sign_in
from balai.innovation.tests.helpers import pdf_bytes

pytestmark = pytest.mark.django_db


def test_list_takes_the_same_queries_for_one_or_many_calls(client, kominfo,
                                                           django_assert_num_queries):
    make_competition(office=kominfo)
    # The page with its team counts, and whether demo data is shown; no session to read.
    with django_assert_num_queries(2):
        client.get("/kompetisi/")
    for n in range(5):
        competition = make_competition(office=kominfo, title=f"Kompetisi {n}")
        enter_team(competition, f"Tim {n}")
    with django_assert_num_queries(2):
        response = client.get("/kompetisi/")
    assert response.status_code == 200
    assert response.content.decode().count('<th scope="row">') == 6


def test_winners_take_the_same_queries_for_one_or_many(client, kominfo, judges,
                                                      django_assert_num_queries):
    built = scenario(office=kominfo, judge_users=judges)
    j1, j2 = built["judges"]
    teams = built["teams"]
    actions.fix_shortlist(actor=SYSTEM, competition=built["competition"])
    actions.score_interview(actor=judges[0], judge=j1, team=teams["Bentang"], value=70)
    actions.score_interview(actor=judges[0], judge=j1, team=teams["Cakrawala"], value=80)
    actions.publish_results(actor=SYSTEM, competition=built["competition"])
    with django_assert_num_queries(1):
        response = client.get("/kompetisi/pemenang/")
    html = response.content.decode()
    assert "Loket Keliling" in html and "Jadwal lewat SMS" in html
    assert "Antrean Daring" not in html
    results = client.get(f"/kompetisi/{built['competition'].slug}/hasil/").content.decode()
    assert results.index("Cakrawala") < results.index("Bentang")
    assert "Andalas" not in results


def test_results_are_hidden_until_published(client, kominfo):
    competition = make_competition(office=kominfo)
    assert client.get(f"/kompetisi/{competition.slug}/hasil/").status_code == 404


def test_judge_pages_never_name_a_team_and_hide_the_conflicted_one(client, kominfo, judges):
    built = scenario(office=kominfo, judge_users=judges)
    slug = built["competition"].slug
    sign_in(client, judges[1])
    html = client.get(f"/kompetisi/{slug}/juri/").content.decode()
    listing = html.split("Karya untuk dinilai", 1)[1]
    assert "Andalas" not in listing and "Ketua" not in listing
    assert built["teams"]["Cakrawala"].submission.code not in html
    code = built["teams"]["Cakrawala"].submission.code
    assert client.get(f"/kompetisi/{slug}/juri/karya/{code}/").status_code == 404
    page = client.get(f"/kompetisi/{slug}/juri/karya/"
                      f"{built['teams']['Andalas'].submission.code}/").content.decode()
    assert "Andalas" not in page and "Ketua Andalas" not in page


def test_team_member_uploads_a_file_and_only_permitted_people_download_it(client, kominfo):
    competition = make_competition(office=kominfo)
    team = enter_team(competition, "Andalas")
    sign_in(client, team.leader)
    response = client.post(f"/kompetisi/tim/{team.pk}/berkas/", {
        "document": "Proposal", "file": SimpleUploadedFile("p.pdf", pdf_bytes())})
    assert response.status_code == 302
    item = team.submission.files.get()
    download = client.get(f"/kompetisi/berkas/{item.pk}/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    sign_in(client, make_citizen().user)
    assert client.get(f"/kompetisi/berkas/{item.pk}/").status_code == 404


def test_an_unsafe_pdf_is_refused_with_a_message(client, kominfo):
    competition = make_competition(office=kominfo)
    team = enter_team(competition, "Andalas")
    sign_in(client, team.leader)
    response = client.post(f"/kompetisi/tim/{team.pk}/berkas/", {
        "document": "Proposal", "file": SimpleUploadedFile("p.pdf", pdf_bytes(javascript=True))})
    assert response.status_code == 400
    assert "ringkasan-galat" in response.content.decode()
    assert team.submission.files.count() == 0


def test_organiser_creates_a_call_with_its_rubric(client, organiser, kominfo):
    sign_in(client, organiser)
    data = {"office": str(kominfo.pk), "title": "Sampah Pasar", "theme": "Sampah menumpuk.",
            "registration_opens": "2030-01-06T08:00", "registration_closes": "2030-02-06T08:00",
            "submission_deadline": "2030-03-06T23:59", "judging_ends": "2030-04-06T08:00",
            "announcement_at": "2030-04-20T08:00", "prizes": "Juara 1", "eligibility": "Warga.",
            "required_documents": "Proposal", "max_team_size": "3", "shortlist_size": "3",
            "criteria": "Dampak; 70\nTeknis; 20"}
    response = client.post("/kompetisi/baru/", data)
    assert response.status_code == 400
    assert "Jumlah bobot kriteria harus 100%." in response.content.decode()
    response = client.post("/kompetisi/baru/", {**data, "criteria": "Dampak; 70\nTeknis; 30"})
    assert response.status_code == 302
    assert response["Location"] == "/kompetisi/sampah-pasar/kelola/"


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_organiser_and_judge_lists_do_not_grow_with_the_entries(client, organiser, kominfo,
                                                                judges):
    from balai.competitions.tests.helpers import to_judging

    competition = make_competition(office=kominfo)
    judge = actions.assign_judge(actor=SYSTEM, competition=competition, identifier="juri1")
    teams = [enter_team(competition, name) for name in ("Andalas", "Bentang", "Cakrawala")]
    to_judging(competition)
    actions.screen_team(actor=SYSTEM, team=teams[0], passed=True)
    actions.declare_conflicts(actor=judges[0], judge=judge, teams=[])
    manage = f"/kompetisi/{competition.slug}/kelola/"
    judging = f"/kompetisi/{competition.slug}/juri/"
    sign_in(client, organiser)
    one_screened = _queries(client, manage)
    sign_in(client, judges[0])
    one_entry = _queries(client, judging)
    for team in teams[1:]:
        actions.screen_team(actor=SYSTEM, team=team, passed=True)
    sign_in(client, organiser)
    assert _queries(client, manage) == one_screened
    sign_in(client, judges[0])
    html = client.get(judging).content.decode()
    assert all(team.submission.code in html for team in teams)
    assert _queries(client, judging) == one_entry


def test_api_lists_calls_and_gives_results_only_once_published(client, kominfo, judges,
                                                              django_assert_num_queries):
    built = scenario(office=kominfo, judge_users=judges)
    competition, teams = built["competition"], built["teams"]
    make_competition(office=kominfo, title="Kompetisi Lain")
    with django_assert_num_queries(3):  # the count, the page with its offices, the criteria
        body = client.get("/api/v1/competitions").json()
    assert {item["slug"] for item in body["items"]} == {competition.slug, "kompetisi-lain"}
    assert body["items"][0]["criteria"][0]["weight"] + body["items"][0]["criteria"][1][
        "weight"] == 100
    url = f"/api/v1/competitions/{competition.slug}/results"
    assert client.get(url).status_code == 404
    j1 = built["judges"][0]
    actions.fix_shortlist(actor=SYSTEM, competition=competition)
    actions.score_interview(actor=judges[0], judge=j1, team=teams["Bentang"], value=70)
    actions.score_interview(actor=judges[0], judge=j1, team=teams["Cakrawala"], value=80)
    actions.publish_results(actor=SYSTEM, competition=competition)
    finalists = client.get(url).json()["finalists"]
    assert [f["team"] for f in finalists] == ["Cakrawala", "Bentang"]
    assert finalists[0]["prize"] == "Juara 1: Rp15.000.000"
