"""The read-only applications admin."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from balai.applications.models import Application, ApplicationCounter
from balai.applications.tests.helpers import act, make_submitted
from balai.core.testing import sign_in

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:applications_application_changelist")


@pytest.fixture
def admin_client(client, admin_user):
    sign_in(client, admin_user)
    return client


def _changelist_queries(client, url: str = CHANGELIST) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_application_admin_changelist_lists_applications_with_constant_queries(
        admin_client, citizen, other_citizen, akta, verifikator):
    first = make_submitted(citizen.user, akta)
    count_one, html = _changelist_queries(admin_client)
    assert first.number in html
    assert "Akta Kelahiran" in html and "Disdukcapil" in html and ">Diajukan<" in html

    others = [make_submitted(other_citizen.user, akta) for _ in range(5)]
    act(others[0], "verifikasi", verifikator)
    count_six, html = _changelist_queries(admin_client)
    assert all(a.number in html for a in others)
    assert count_six == count_one
    # No personal data in the list.
    assert citizen.user.full_name not in html and other_citizen.user.full_name not in html


def test_application_admin_filters_by_state(admin_client, citizen, akta, verifikator):
    waiting = make_submitted(citizen.user, akta)
    verified = act(make_submitted(citizen.user, akta), "verifikasi", verifikator)
    _count, html = _changelist_queries(admin_client, f"{CHANGELIST}?state=diverifikasi")
    assert verified.number in html and waiting.number not in html


def test_application_admin_searches_by_number_only(admin_client, citizen, other_citizen, akta):
    mine = make_submitted(citizen.user, akta)
    theirs = make_submitted(other_citizen.user, akta)
    _count, html = _changelist_queries(admin_client, f"{CHANGELIST}?q={mine.number}")
    assert mine.number in html and theirs.number not in html
    _count, html = _changelist_queries(admin_client, f"{CHANGELIST}?q=Siti")
    assert mine.number not in html and theirs.number not in html
    _count, html = _changelist_queries(admin_client, f"{CHANGELIST}?q={citizen.nik}")
    assert mine.number not in html


def test_application_admin_shows_the_timeline_read_only(admin_client, citizen, akta,
                                                        verifikator):
    application = make_submitted(citizen.user, akta)
    act(application, "minta_perbaikan", verifikator, note="KK buram",
        corrections={"kk": "Pindai ulang"})
    url = reverse("admin:applications_application_change", args=[application.pk])
    response = admin_client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Permohonan diajukan" in html and "Minta perbaikan" in html and "KK buram" in html
    assert 'name="_save"' not in html  # nothing to save: read-only
    assert "data_json" not in html and "Nur Aisyah" not in html  # form values stay hidden
    assert admin_client.post(url, {"state": "selesai"}).status_code == 403
    application.refresh_from_db()
    assert application.state == "perlu_perbaikan"


def test_application_admin_cannot_add_or_delete(admin_client, citizen, akta):
    application = make_submitted(citizen.user, akta)
    assert admin_client.get(reverse("admin:applications_application_add")).status_code == 403
    delete = reverse("admin:applications_application_delete", args=[application.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert Application.objects.filter(pk=application.pk).exists()


def test_application_counter_admin_is_read_only(admin_client, citizen, akta):
    make_submitted(citizen.user, akta)
    counter = ApplicationCounter.objects.get()
    response = admin_client.get(reverse("admin:applications_applicationcounter_changelist"))
    assert response.status_code == 200
    assert str(counter.year) in response.content.decode()
    change = reverse("admin:applications_applicationcounter_change", args=[counter.pk])
    assert admin_client.post(change, {"year": counter.year, "last": 0}).status_code == 403
    counter.refresh_from_db()
    assert counter.last == 1


def test_application_admin_is_closed_to_officers(client, officer):
    sign_in(client, officer)
    response = client.get(CHANGELIST)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
