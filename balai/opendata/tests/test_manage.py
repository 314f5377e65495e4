import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from balai.core.testing import make_officer, sign_in
from balai.ledger.models import LedgerEntry
from balai.opendata.models import Dataset

CSV = b"kecamatan,jumlah_desa\nSungai Raya,20\n"


def _form(office, **extra):
    return {"office": office.code, "title": "Jumlah desa", "slug": "jumlah-desa",
            "licence": "CC-BY-4.0", "frequency": "tahunan",
            "file": SimpleUploadedFile("desa.csv", CSV, content_type="text/csv"), **extra}


@pytest.mark.django_db
def test_ppid_publishes_dataset_and_new_version_from_csv(client, office_a,
                                                         django_assert_max_num_queries):
    ppid = make_officer(office=office_a, role="ppid")
    sign_in(client, ppid)
    response = client.post("/data/kelola/", _form(office_a))
    assert response.status_code == 302
    dataset = Dataset.objects.get()
    assert dataset.current.rows == [["Sungai Raya", "20"]]
    assert LedgerEntry.objects.filter(action="data.versi_terbit").exists()
    client.post("/data/kelola/jumlah-desa/", {
        "file": SimpleUploadedFile("v2.csv", CSV + b"Kubu,19\n"), "note": "Tambah Kubu"})
    dataset.refresh_from_db()
    assert dataset.current.number == 2
    with django_assert_max_num_queries(12):
        assert client.get("/data/kelola/").status_code == 200


@pytest.mark.django_db
def test_bad_csv_is_refused_and_nothing_is_written(client, office_a):
    ppid = make_officer(office=office_a, role="ppid")
    sign_in(client, ppid)
    bad = SimpleUploadedFile("desa.csv", b"a,b\n1,2\n3\n", content_type="text/csv")
    response = client.post("/data/kelola/", _form(office_a, file=bad))
    assert response.status_code == 200
    assert "Baris 3 berisi 1 kolom; seharusnya 2." in response.content.decode()
    assert not Dataset.objects.exists()


@pytest.mark.django_db
def test_citizens_and_other_offices_cannot_manage(client, citizen, office_a, office_b):
    sign_in(client, citizen.user)
    assert client.get("/data/kelola/").status_code == 404
    other = make_officer(office=office_b, role="ppid")
    ppid = make_officer(office=office_a, role="ppid")
    sign_in(client, ppid)
    client.post("/data/kelola/", _form(office_a))
    sign_in(client, other)
    assert client.get("/data/kelola/jumlah-desa/").status_code == 404
    response = client.post("/data/kelola/", _form(office_a, slug="lain"))
    assert response.status_code == 200  # office A is not a choice for office B's PPID
    assert Dataset.objects.count() == 1


@pytest.mark.django_db
def test_ppid_sets_topics_and_maintainer_which_the_ckan_api_publishes(client, office_a):
    from balai.opendata import actions

    actions.create_topic(actor="sistem:uji", slug="wilayah", title="Wilayah")
    ppid = make_officer(office=office_a, role="ppid")
    sign_in(client, ppid)
    form = client.get("/data/kelola/").content.decode()
    assert 'value="wilayah"' in form
    response = client.post("/data/kelola/", _form(
        office_a, topics=["wilayah"], maintainer="Seksi Statistik",
        maintainer_email="statistik@kuburaya.go.id"))
    assert response.status_code == 302
    package = client.get("/api/3/action/package_show", {"id": "jumlah-desa"}).json()["result"]
    assert [g["name"] for g in package["groups"]] == ["wilayah"]
    assert package["maintainer"] == "Seksi Statistik"
    assert package["maintainer_email"] == "statistik@kuburaya.go.id"
    bad = client.post("/data/kelola/", _form(office_a, slug="lain", topics=["tidak-ada"],
                                             maintainer_email="bukan-surel"))
    assert bad.status_code == 200 and Dataset.objects.count() == 1
