"""The pages: public landing, schools and rankings (names and NIKs masked), the waiting room,
the registration form with its documents and idempotency key, the parent's receipt and
re-registration, the operator's queue scoped to their school; query counts of the lists."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from balai.core.testing import make_citizen, sign_in
from balai.education import actions
from balai.education.models import QueueTicket, RankEntry, Registration
from balai.education.tests.helpers import make_operator, png_bytes, register, verify_all

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def _form_data(client: Client, school, **overrides) -> dict:
    page = client.get("/spmb/daftar/")
    assert page.status_code == 200
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page.content.decode()).group(1)
    data = {"idempotency_key": key, "level": "smp", "track": "domisili",
            "child_name": "Putri Aminah", "child_nik": "6112015503130007",
            "child_birth_date": "2013-03-15", "home_village": "61.12.01.2001",
            "home_latitude": "-0.085", "home_longitude": "109.37", "kk_issued_on": "2015-01-10",
            "school_1": str(school.pk), "school_2": "", "school_3": "",
            "transfer_letter_date": "", "score": "",
            "doc_kk": SimpleUploadedFile("kk.png", png_bytes(), "image/png"),
            "doc_akta": SimpleUploadedFile("akta.png", png_bytes(), "image/png")}
    data.update(overrides)
    return data


def test_public_pages(client, year, smp):
    assert "Kuota jalur" in client.get("/spmb/").content.decode()
    assert smp.name in client.get("/spmb/sekolah/").content.decode()
    assert "belum diumumkan" in client.get("/spmb/hasil/").content.decode()
    assert client.get(f"/spmb/hasil/{smp.npsn}/").status_code == 404  # nothing published


def test_register_through_the_form_once_even_when_sent_twice(citizen, year, smp):
    client = _client(citizen.user)
    assert client.get("/spmb/daftar/").url == "/spmb/antrean/"  # no ticket yet
    assert client.get("/spmb/antrean/").url == "/spmb/daftar/"  # admitted at once
    data = _form_data(client, smp)
    response = client.post("/spmb/daftar/", data)
    registration = Registration.objects.get()
    assert response.url == f"/spmb/pendaftaran/{registration.number}/"
    assert registration.child_name == "Putri Aminah" and registration.documents.count() == 2
    # The same form again (a double click): the same receipt, nothing new.
    data["doc_kk"].seek(0), data["doc_akta"].seek(0)
    again = client.post("/spmb/daftar/", data)
    assert again.url == response.url and Registration.objects.count() == 1
    receipt = client.get(response.url).content.decode()
    assert registration.number in receipt and smp.name in receipt
    # The slot is free again for the next in line.
    assert QueueTicket.objects.get().expires_at is not None
    assert client.get(f"/spmb/pendaftaran/{registration.number}/dokumen/kk/").status_code == 200


def test_form_errors_are_shown_and_nothing_is_saved(citizen, year, smp):
    client = _client(citizen.user)
    client.get("/spmb/antrean/")
    data = _form_data(client, smp, child_nik="12345",
                      doc_kk=SimpleUploadedFile("kk.pdf", b"MZ\x90\x00" + b"\0" * 64))
    response = client.post("/spmb/daftar/", data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Ada yang perlu diperbaiki" in text and "NIK harus 16 angka" in text
    assert not Registration.objects.exists()
    # A business rule refused by the action: a KK issued last month, for domisili.
    recent = (timezone.localdate() - dt.timedelta(days=30)).isoformat()
    data = _form_data(client, smp, kk_issued_on=recent)
    response = client.post("/spmb/daftar/", data)
    assert response.status_code == 400 and "satu tahun" in response.content.decode()
    assert not Registration.objects.exists()


def test_waiting_room_admits_a_bounded_number_and_shows_places(settings, year, smp):
    settings.SPMB_WAITING_ROOM_SLOTS = 1
    first, second, third = (_client(make_citizen().user) for _ in range(3))
    assert first.get("/spmb/antrean/").url == "/spmb/daftar/"
    waiting = second.get("/spmb/antrean/")
    text = waiting.content.decode()
    assert waiting.status_code == 200 and "Urutan Anda: 1" in text
    assert '<meta http-equiv="refresh" content="10">' in text
    assert "Urutan Anda: 2" in third.get("/spmb/antrean/").content.decode()
    assert second.get("/spmb/daftar/").url == "/spmb/antrean/"  # not past the queue
    # The first sends the form: its slot goes to the second, who refreshes.
    first.post("/spmb/daftar/", _form_data(first, smp))
    assert second.get("/spmb/antrean/").url == "/spmb/daftar/"
    assert "Urutan Anda: 1" in third.get("/spmb/antrean/").content.decode()


def test_non_citizen_cannot_register(officer, year):
    client = _client(officer)
    assert client.get("/spmb/daftar/").status_code == 403


def test_operator_sees_only_their_school(citizen, year, smp, smp2):
    mine = register(citizen.user, year, [smp])
    other = register(citizen.user, year, [smp2, smp])
    operator = make_operator(smp)
    client = _client(operator)
    queue = client.get("/spmb/operator/").content.decode()
    assert mine.number in queue and other.number not in queue
    assert client.get(f"/spmb/operator/{other.number}/").status_code == 404
    assert client.get(f"/spmb/pendaftaran/{other.number}/dokumen/kk/").status_code == 404
    page = client.get(f"/spmb/operator/{mine.number}/")
    assert mine.child_nik in page.content.decode()
    response = client.post(f"/spmb/operator/{mine.number}/", {"decision": "tolak", "note": ""})
    assert response.status_code == 400  # a rejection needs a reason
    client.post(f"/spmb/operator/{mine.number}/", {"decision": "terima", "note": ""})
    mine.refresh_from_db()
    assert mine.status == Registration.Status.VERIFIED and mine.verified_by == operator


def _published(year, school, count):
    parents = [make_citizen() for _ in range(count)]
    registrations = [register(p.user, year, [school], track="domisili", child_name=f"Anak Ke {i}",
                              home_latitude=-0.09 - i * 0.001) for i, p in enumerate(parents)]
    verify_all(registrations)
    run = actions.run_selection(year=year, level="smp", seed="umum", actor="uji")
    actions.publish_selection(run=run, actor="uji")
    return parents, registrations


def test_public_ranking_masks_names_and_niks(client, year, smp):
    _parents, registrations = _published(year, smp, 3)
    text = client.get(f"/spmb/hasil/{smp.npsn}/").content.decode()
    for registration in registrations:
        assert registration.number in text
        assert registration.child_name not in text and registration.child_nik not in text
        assert registration.child_nik[:4] + "*" * 10 + registration.child_nik[-2:] in text
    assert "A*** K* " in text
    assert smp.name in client.get("/spmb/hasil/").content.decode()


def test_parent_reregisters_from_the_receipt(year, smp):
    parents, registrations = _published(year, smp, 1)
    client = _client(parents[0].user)
    page = client.get(f"/spmb/pendaftaran/{registrations[0].number}/").content.decode()
    entry = RankEntry.objects.get(registration=registrations[0])
    assert f"/spmb/daftar-ulang/{entry.pk}/" in page
    client.post(f"/spmb/daftar-ulang/{entry.pk}/")
    entry.refresh_from_db()
    assert entry.status == RankEntry.Status.CONFIRMED
    other = _client(make_citizen().user)
    assert other.post(f"/spmb/daftar-ulang/{entry.pk}/").status_code == 404


@pytest.mark.parametrize("count", [2, 12])
def test_ranking_query_count_does_not_grow_with_rows(client, year, smp, count,
                                                     django_assert_max_num_queries):
    _published(year, smp, count)
    with django_assert_max_num_queries(9):
        assert client.get(f"/spmb/hasil/{smp.npsn}/").status_code == 200


@pytest.mark.parametrize("count", [1, 8])
def test_public_school_and_results_lists_query_counts(client, year, smp, count,
                                                      django_assert_max_num_queries):
    from balai.education.tests.helpers import make_school

    for i in range(count):
        make_school(level="smp", capacity=20, name=f"SMP Uji Daftar {i}")
    _published(year, smp, 2)
    with django_assert_max_num_queries(6):
        assert client.get("/spmb/sekolah/").status_code == 200
    with django_assert_max_num_queries(7):
        response = client.get("/spmb/hasil/")
    assert response.status_code == 200 and smp.name in response.content.decode()


@pytest.mark.parametrize("count", [2, 12])
def test_operator_queue_and_parent_list_query_counts(year, smp, count,
                                                     django_assert_max_num_queries):
    parent = make_citizen()
    for i in range(count):
        register(parent.user, year, [smp], child_name=f"Anak {i}")
    operator = _client(make_operator(smp))
    with django_assert_max_num_queries(14):
        assert operator.get("/spmb/operator/").status_code == 200
    client = _client(parent.user)
    with django_assert_max_num_queries(12):
        assert client.get("/spmb/pendaftaran/").status_code == 200
