import io

import pytest
from django.utils import timezone

from balai.core import events
from balai.core.testing import make_office, sign_in
from balai.ledger.models import LedgerEntry
from balai.transparency import actions
from balai.transparency.models import Survey, SurveyCounter

SCORES = {f"u{i}": "4" for i in range(1, 10)}


def _case(office, pk, *, topic="akta-kelahiran", kind="application", days=2):
    class Case:
        def __init__(self) -> None:
            self.pk, self.number = pk, f"KR-2026-{pk:06d}"

    now = timezone.now()
    events.case_opened.send(sender=Case, kind=kind, obj=Case(), office_id=office.pk,
                            topic=topic, kecamatan_code="", opened_at=now)
    events.case_closed.send(sender=Case, kind=kind, obj=Case(), office_id=office.pk,
                            topic=topic, kecamatan_code="", opened_at=now, closed_at=now,
                            outcome="completed", on_time=True, working_days=days, user_id=None)


@pytest.mark.django_db
def test_dashboard_is_public_with_charts_tables_and_csv(client, office_a):
    for pk in range(1, 4):
        _case(office_a, pk, days=pk)
    response = client.get("/transparansi/dasbor/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<svg") == 2
    assert "<rect" in html and "style=" not in html.split("<main", 1)[1]
    assert "<caption>" in html
    assert "akta-kelahiran" in html
    csv_response = client.get("/transparansi/dasbor/layanan.csv")
    assert csv_response["Content-Type"].startswith("text/csv")
    lines = csv_response.content.decode().splitlines()
    assert lines[0].startswith("kantor,topik,nama,diterima")
    assert ",3,3,3,100.0,2,3," in lines[1]
    monthly = client.get("/transparansi/dasbor/bulanan.csv").content.decode().splitlines()
    assert len(monthly) == 13
    assert client.get("/transparansi/dasbor/lainnya.csv").status_code == 404


@pytest.mark.django_db
def test_dashboard_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries):
    for n in range(6):
        office = make_office()
        for pk in range(3):
            _case(office, n * 10 + pk, topic=f"layanan-{pk}")
    with django_assert_max_num_queries(12):
        response = client.get("/transparansi/dasbor/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_dashboard_filters_by_office_and_refuses_bad_year_quietly(client, office_a, office_b):
    _case(office_a, 1)
    _case(office_b, 2, topic="izin-reklame")
    html = client.get(f"/transparansi/dasbor/?kantor={office_b.code}").content.decode()
    assert "izin-reklame" in html and "akta-kelahiran" not in html
    response = client.get("/transparansi/dasbor/?tahun=abc")
    assert response.status_code == 200
    assert 'id="id_tahun_error"' in response.content.decode()


def _invite(citizen, office, case_id=1):
    return actions.invite_to_survey(case_kind="application", case_id=case_id,
                                    case_label="KR-2026-000001", user_id=citizen.user.pk,
                                    office_id=office.pk, topic="akta-kelahiran",
                                    topic_label="Akta Kelahiran")


@pytest.mark.django_db
def test_citizen_answers_survey_and_ikm_moves(client, citizen, office_a):
    _case(office_a, 1)
    survey = _invite(citizen, office_a)
    sign_in(client, citizen.user)
    page = client.get(f"/transparansi/survei/{survey.pk}/")
    assert page.status_code == 200 and "Persyaratan" in page.content.decode()
    response = client.post(f"/transparansi/survei/{survey.pk}/",
                           {**SCORES, "u3": "2", "suggestion": "Cepat."})
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.answered_at is not None and survey.u3 == 2
    counter = SurveyCounter.objects.get()
    assert (counter.respondents, counter.s1, counter.s3) == (1, 4, 2)
    assert LedgerEntry.objects.filter(action="skm.dijawab").exists()
    html = client.get("/transparansi/dasbor/").content.decode()
    # (4×8 + 2) / 9 × 25 = 94.44 → A
    assert "94,44 (A, Sangat baik)" in html


@pytest.mark.django_db
def test_survey_answered_twice_is_refused(client, citizen, office_a):
    survey = _invite(citizen, office_a)
    sign_in(client, citizen.user)
    client.post(f"/transparansi/survei/{survey.pk}/", SCORES)
    again = client.post(f"/transparansi/survei/{survey.pk}/", {**SCORES, "u1": "1"})
    assert "sudah Anda isi" in again.content.decode()
    assert SurveyCounter.objects.get().respondents == 1
    survey.refresh_from_db()
    assert survey.u1 == 4
    with pytest.raises(actions.SurveyAlreadyAnswered):
        actions.answer_survey(actor=citizen.user, survey=survey, scores={
            f"u{i}": 1 for i in range(1, 10)})


@pytest.mark.django_db
def test_second_invitation_for_same_case_is_ignored(citizen, office_a):
    assert _invite(citizen, office_a) is not None
    assert _invite(citizen, office_a) is None
    assert Survey.objects.count() == 1


@pytest.mark.django_db
def test_survey_with_missing_score_shows_errors_and_writes_nothing(client, citizen, office_a):
    survey = _invite(citizen, office_a)
    sign_in(client, citizen.user)
    scores = {**SCORES, "u9": "7"}
    del scores["u5"]
    response = client.post(f"/transparansi/survei/{survey.pk}/", scores)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Pilih nilai untuk unsur ini." in html and "Pilih nilai 1 sampai 4." in html
    survey.refresh_from_db()
    assert survey.answered_at is None
    assert not SurveyCounter.objects.exists()


@pytest.mark.django_db
def test_other_citizen_cannot_see_or_answer_survey(client, citizen, other_citizen, office_a):
    survey = _invite(citizen, office_a)
    sign_in(client, other_citizen.user)
    assert client.get(f"/transparansi/survei/{survey.pk}/").status_code == 404
    assert client.post(f"/transparansi/survei/{survey.pk}/", SCORES).status_code == 404
    anonymous = client.__class__()
    assert anonymous.get(f"/transparansi/survei/{survey.pk}/").status_code == 302


@pytest.mark.django_db
def test_my_surveys_lists_invitations(client, citizen, office_a, django_assert_max_num_queries):
    for pk in range(1, 5):
        _invite(citizen, office_a, case_id=pk)
    sign_in(client, citizen.user)
    with django_assert_max_num_queries(10):
        html = client.get("/transparansi/survei/").content.decode()
    assert html.count("Menunggu penilaian Anda") == 4




@pytest.mark.django_db
def test_dashboard_shows_latest_checkpoint_and_verification(client):
    from django.core.management import call_command

    from balai.ledger import queries as ledger_queries

    call_command("verify_ledger", stdout=io.StringIO())
    run = ledger_queries.last_verification()
    assert run is not None
    html = client.get("/transparansi/dasbor/").content.decode()
    assert f"{run.checked} entri diperiksa" in html


@pytest.mark.django_db
def test_chart_coordinates_are_svg_numbers_in_indonesian(client, office_a):
    import re

    for pk in range(1, 4):
        _case(office_a, pk)
    html = client.get("/transparansi/dasbor/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    rects = re.findall(r'<rect x="([^"]+)" y="([^"]+)" width="([^"]+)" height="([^"]+)"', html)
    assert rects
    for values in rects:
        for value in values:
            float(value)  # "12,5" would fail: a decimal comma is not an SVG number


@pytest.mark.django_db
def test_cached_dashboard_is_renewed_by_the_events_that_change_its_aggregates(client, office_a):
    _case(office_a, 1, topic="layanan-satu")
    first = client.get("/transparansi/dasbor/")
    assert first["X-Page-Cache"] == "miss"
    assert client.get("/transparansi/dasbor/")["X-Page-Cache"] == "hit"
    _case(office_a, 2, topic="layanan-dua")
    renewed = client.get("/transparansi/dasbor/")
    assert renewed["X-Page-Cache"] == "miss"
    assert "layanan-dua" in renewed.content.decode()
    assert "layanan-dua" not in first.content.decode()
    not_modified = client.get("/transparansi/dasbor/", headers={"If-None-Match": renewed["ETag"]})
    assert not_modified.status_code == 304
