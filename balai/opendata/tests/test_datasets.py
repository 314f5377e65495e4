import json

import pytest

from balai.core.errors import PermissionDeniedError
from balai.core.testing import make_officer
from balai.opendata import actions
from balai.opendata.models import Dataset, DatasetVersion

CSV = b"kecamatan,jumlah_desa\nSungai Raya,20\nRasau Jaya,6\n"


@pytest.fixture
def dataset(office_a):
    found = actions.create_dataset(actor="sistem:uji", office=office_a, slug="desa-per-kecamatan",
                                   title="Jumlah desa per kecamatan", period="2026",
                                   keywords="wilayah, desa")
    columns, rows = actions.parse_csv(CSV)
    actions.publish_version(actor="sistem:uji", dataset=found, columns=columns, rows=rows)
    return found


@pytest.mark.django_db
def test_dataset_page_and_downloads_count(client, dataset, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        html = client.get("/data/").content.decode()
    assert "Jumlah desa per kecamatan" in html
    page = client.get("/data/desa-per-kecamatan/").content.decode()
    assert "Sungai Raya" in page and "CC-BY-4.0" in page
    response = client.get("/data/desa-per-kecamatan/unduh.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode().splitlines() == ["kecamatan,jumlah_desa",
                                                      "Sungai Raya,20", "Rasau Jaya,6"]
    data = json.loads(client.get("/data/desa-per-kecamatan/unduh.json").content)
    assert data["records"][1] == {"kecamatan": "Rasau Jaya", "jumlah_desa": "6"}
    version = DatasetVersion.objects.get()
    assert (version.downloads_csv, version.downloads_json) == (1, 1)
    assert Dataset.objects.get().downloads == 2
    assert client.get("/data/desa-per-kecamatan/unduh.xls").status_code == 404
    assert client.get("/data/desa-per-kecamatan/unduh.csv?versi=9").status_code == 404


@pytest.mark.django_db
def test_new_version_only_when_table_changes(dataset):
    columns, rows = actions.parse_csv(CSV)
    assert actions.publish_version(actor="x", dataset=dataset, columns=columns, rows=rows) is None
    changed = actions.publish_version(actor="x", dataset=dataset, columns=columns,
                                      rows=[*rows, ["Kubu", "19"]])
    assert changed is not None and changed.number == 2
    dataset.refresh_from_db()
    assert dataset.current == changed


@pytest.mark.parametrize(("content", "code"), [
    (b"\xff\xfe\x00", "DATASET_BAD_ENCODING"),
    (b"a,b\n", "DATASET_EMPTY"),
    (b"a,a\n1,2\n", "DATASET_BAD_COLUMNS"),
    (b"a,b\n1,2\n3\n", "DATASET_RAGGED_ROW"),
])
def test_bad_csv_is_refused_with_a_code(content, code):
    with pytest.raises(actions.DatasetError) as error:
        actions.parse_csv(content)
    assert error.value.code == code


@pytest.mark.django_db
def test_only_the_office_uploads_versions(dataset, office_a, office_b):
    outsider = make_officer(office=office_b, role="ppid")
    with pytest.raises(PermissionDeniedError):
        actions.upload_version(actor=outsider, dataset=dataset, data=CSV)
    ppid = make_officer(office=office_a, role="ppid")
    version = actions.upload_version(actor=ppid, dataset=dataset,
                                     data=CSV + b"Kuala Mandor-B,9\n")
    assert version is not None and version.row_count == 3


@pytest.mark.django_db
def test_balai_statistics_are_published_from_aggregates_without_personal_data(office_a,
                                                                              citizen):
    from django.utils import timezone

    from balai.core import events

    class Case:
        pk, number = 1, "KR-1"

    now = timezone.now()
    events.case_opened.send(sender=Case, kind="application", obj=Case(), office_id=office_a.pk,
                            topic="akta-kelahiran", kecamatan_code="", opened_at=now)
    assert actions.refresh_statistics() == 4
    dataset = Dataset.objects.get(slug="statistik-permohonan-layanan")
    assert dataset.is_system
    assert dataset.current.rows == [[now.strftime("%Y-%m"), office_a.code, "akta-kelahiran",
                                     1, 0, 0, 0, 0]]
    text = json.dumps(dataset.current.rows)
    assert citizen.nik not in text and "Siti" not in text
    # Nothing changed: no new versions.
    assert actions.refresh_statistics() == 0
