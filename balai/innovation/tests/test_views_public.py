"""The public catalogue: a list filtered by stage, office and kind and searched by name, paged
without JavaScript at a fixed number of queries, and an innovation's page with its stage history
and evidence, whose files anyone may download."""

from __future__ import annotations

import datetime as dt

import pytest

from balai.innovation import actions
from balai.innovation.tests.helpers import make_innovation, pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(dukcapil, dinkes):
    first = make_innovation(dukcapil, name="Adminduk Keliling Desa Perairan")
    actions.advance_stage(actor="sistem:uji", innovation=first, changed_on=dt.date(2024, 6, 1))
    make_innovation(dukcapil, name="Akta Lahir dari Puskesmas", form="digital")
    make_innovation(dinkes, name="Posyandu Digital", form="digital", category="tata_kelola")
    return first


def _names(response):
    return [i.name for i in response.context["page"].items]


def test_list_shows_every_innovation_with_its_office_and_stage(client, catalogue):
    response = client.get("/inovasi/")

    html = response.content.decode()
    assert response.status_code == 200
    assert _names(response) == ["Adminduk Keliling Desa Perairan", "Akta Lahir dari Puskesmas",
                                "Posyandu Digital"]
    assert "Dinas Kependudukan dan Pencatatan Sipil" in html and "Uji coba" in html
    assert "<script" not in html.split("<main", 1)[1]


@pytest.mark.parametrize(("query", "expected"), [
    ("tahap=uji_coba", ["Adminduk Keliling Desa Perairan"]),
    ("tahap=inisiatif", ["Akta Lahir dari Puskesmas", "Posyandu Digital"]),
    ("perangkat_daerah=dinkes", ["Posyandu Digital"]),
    ("bentuk=digital", ["Akta Lahir dari Puskesmas", "Posyandu Digital"]),
    ("jenis=tata_kelola", ["Posyandu Digital"]),
    ("q=akta", ["Akta Lahir dari Puskesmas"]),
    ("q=posyandu&perangkat_daerah=disdukcapil", []),
])
def test_list_filters_and_searches(client, catalogue, query, expected):
    assert _names(client.get(f"/inovasi/?{query}")) == expected


def test_a_bad_filter_is_told_in_indonesian_and_shows_everything(client, catalogue):
    response = client.get("/inovasi/?tahap=meledak")

    assert response.status_code == 400
    assert "Masukkan pilihan yang valid" in response.content.decode()
    assert len(_names(response)) == 3


def test_list_pages_keep_the_filter(client, dukcapil):
    for n in range(23):
        make_innovation(dukcapil, name=f"Inovasi {n:02d}")

    first = client.get("/inovasi/?bentuk=non_digital")
    second = client.get("/inovasi/?bentuk=non_digital&page=2")

    assert len(_names(first)) == 20 and 'href="?bentuk=non_digital&amp;page=2"' in (
        first.content.decode())
    assert _names(second) == ["Inovasi 20", "Inovasi 21", "Inovasi 22"]


def test_list_costs_the_same_queries_for_a_long_list(client, dukcapil, dinkes,
                                                     django_assert_num_queries):
    make_innovation(dukcapil)
    client.get("/inovasi/")
    # The offices of the filter, the page, the demo marker.
    with django_assert_num_queries(3):
        client.get("/inovasi/?tahap=inisiatif&q=a")
    for n in range(30):
        make_innovation(dinkes if n % 2 else dukcapil, name=f"Inovasi {n}")
    with django_assert_num_queries(3):
        client.get("/inovasi/?tahap=inisiatif&q=a")


def test_detail_shows_the_stage_history_and_evidence(client, dukcapil):
    innovation = make_innovation(dukcapil, evidence=True)
    actions.advance_stage(actor="sistem:uji", innovation=innovation,
                          changed_on=dt.date(2024, 6, 1), note="Uji coba di Batu Ampar.")

    response = client.get(f"/inovasi/{innovation.pk}/")

    html = response.content.decode()
    evidence = innovation.evidence.get()
    assert response.status_code == 200
    assert "Dimulai sebagai Inisiatif, 15 Januari 2024" in html
    assert "Dari Inisiatif ke Uji coba, 1 Juni 2024: Uji coba di Batu Ampar." in html
    assert f'href="/inovasi/bukti/{evidence.pk}/"' in html and "SK Bupati" in html
    assert "Ubah data inovasi" not in html  # not for visitors


def test_detail_costs_a_fixed_number_of_queries(client, dukcapil, django_assert_num_queries):
    innovation = make_innovation(dukcapil, evidence=True)
    with django_assert_num_queries(3):  # the innovation with its office, history, evidence
        client.get(f"/inovasi/{innovation.pk}/")


def test_evidence_is_downloaded_as_stored_and_never_sniffed(client, dukcapil):
    innovation = make_innovation(dukcapil, evidence=True)
    evidence = innovation.evidence.get()

    response = client.get(f"/inovasi/bukti/{evidence.pk}/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_unknown_innovation_and_evidence_are_404(client, db):
    assert client.get("/inovasi/999/").status_code == 404
    assert client.get("/inovasi/bukti/999/").status_code == 404
