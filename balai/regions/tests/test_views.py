import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_index_lists_the_nine_kecamatan_with_their_desa_and_codes(client, kubu_raya):
    response = client.get(reverse("regions:index"))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ["Sungai Raya", "Kuala Mandor B", "Sungai Ambawang", "Terentang", "Batu Ampar",
                 "Kubu", "Rasau Jaya", "Teluk Pakedai", "Sungai Kakap"]:
        assert f"Kecamatan {name}" in html
    assert len(response.context["kecamatan_list"]) == 9
    assert "61.12.01.2002" in html and "Sungai Ambangah" in html


def test_index_query_count_does_not_grow_with_the_regions(client, kubu_raya,
                                                           django_assert_num_queries):
    with django_assert_num_queries(2):  # kecamatan, then every desa at once
        client.get(reverse("regions:index"))


def test_index_renders_without_regions(client, db):
    response = client.get(reverse("regions:index"))
    assert response.status_code == 200
    assert list(response.context["kecamatan_list"]) == []


def test_villages_returns_the_desa_of_one_kecamatan_as_json(client, kubu_raya):
    response = client.get(reverse("regions:villages"), {"kecamatan": "61.12.02"})
    assert response.status_code == 200
    data = response.json()
    assert data["kecamatan"] == "61.12.02"
    codes = {item["code"] for item in data["desa"]}
    assert "61.12.02.2001" in codes
    assert all(code.startswith("61.12.02.") for code in codes)
    names = [item["name"] for item in data["desa"]]
    assert names == sorted(names)


@pytest.mark.parametrize("code", ["", "61.12", "61.12.01.2001", "99.99.99"])
def test_villages_refuses_what_is_not_a_kecamatan_of_the_regency(client, kubu_raya, code):
    response = client.get(reverse("regions:villages"), {"kecamatan": code})
    assert response.status_code == 404
