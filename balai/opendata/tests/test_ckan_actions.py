"""The CKAN Action API as a CKAN client uses it: every action through ckanapi's RemoteCKAN
against the live server, with real content (search filters, facets, sorting, paging, groups,
licences, resources whose size and hash match the downloaded files, the activity stream)."""

import hashlib
from datetime import UTC

import pytest
import requests
from ckanapi import NotAuthorized, NotFound, RemoteCKAN, SearchError, ValidationError

from balai.opendata import actions
from balai.opendata.licences import REGISTER

pytestmark = pytest.mark.django_db(transaction=True)


def _publish(office, slug, title, *, keywords, licence="CC-BY-4.0", topics=(), rows=None,
             **extra):
    dataset = actions.create_dataset(actor="sistem:uji", office=office, slug=slug, title=title,
                                     keywords=keywords, licence=licence, topics=list(topics),
                                     **extra)
    actions.publish_version(actor="sistem:uji", dataset=dataset, columns=["wilayah", "jumlah"],
                            rows=rows or [["Sungai Raya", 20], ["Rasau Jaya", 6]])
    return dataset


@pytest.fixture
def catalogue(office_a, office_b):
    """Three public datasets of two offices under two topics, and a draft that is not public.
    Published in this order, so "jalan" is the most recently modified."""
    wilayah = actions.create_topic(actor="sistem:uji", slug="wilayah",
                                   title="Wilayah dan kependudukan")
    kesehatan = actions.create_topic(actor="sistem:uji", slug="kesehatan", title="Kesehatan")
    actions.create_topic(actor="sistem:uji", slug="pendidikan", title="Pendidikan")
    desa = _publish(office_a, "desa-per-kecamatan", "Jumlah desa per kecamatan",
                    keywords="wilayah, desa", topics=[wilayah],
                    maintainer="Bidang Statistik", maintainer_email="statistik@kuburaya.go.id")
    puskesmas = _publish(office_b, "puskesmas", "Daftar puskesmas", keywords="kesehatan, desa",
                         licence="CC0-1.0", topics=[kesehatan, wilayah])
    jalan = _publish(office_a, "jalan", "Panjang jalan kabupaten", keywords="infrastruktur")
    actions.publish_version(actor="sistem:uji", dataset=jalan, columns=["ruas", "km"],
                            rows=[["Jalan Adisucipto", "12,5"], ["Jalan Arteri", 8]])
    actions.create_dataset(actor="sistem:uji", office=office_a, slug="draf", title="Draf",
                           keywords="desa")
    return {"desa": desa, "puskesmas": puskesmas, "jalan": jalan}


@pytest.fixture
def ckan(live_server):
    # Closed at the end: a kept-alive connection would hold the live server's thread.
    with RemoteCKAN(live_server.url, user_agent="balai-uji") as client:
        yield client


def _names(result):
    return [package["name"] for package in result["results"]]


def test_fq_filters_by_organization_tags_groups_format_and_licence(ckan, catalogue, office_a,
                                                                  office_b):
    search = ckan.action.package_search
    assert search(q="*:*")["count"] == 3
    unknown = search(fq="organization:tidak-ada")
    assert (unknown["count"], unknown["results"]) == (0, [])
    assert sorted(_names(search(fq=f"organization:{office_a.code}"))) == [
        "desa-per-kecamatan", "jalan"]
    assert _names(search(fq=f"owner_org:balai-office-{office_b.pk}")) == ["puskesmas"]
    assert _names(search(fq="tags:kesehatan")) == ["puskesmas"]
    assert search(fq="tags:desa")["count"] == 2
    assert search(fq='tags:"desa"')["count"] == 2
    assert search(fq="tags:des")["count"] == 0  # a tag matches whole, not a part of one
    assert search(fq="res_format:CSV")["count"] == 3
    assert search(fq="res_format:XLS")["count"] == 0
    assert sorted(_names(search(fq="groups:wilayah"))) == ["desa-per-kecamatan", "puskesmas"]
    assert _names(search(fq="-groups:wilayah")) == ["jalan"]
    assert search(fq="groups:pendidikan")["count"] == 0
    assert _names(search(fq="license_id:CC0-1.0")) == ["puskesmas"]
    both = search(fq=f"organization:({office_a.code} OR {office_b.code})")
    assert both["count"] == 3
    assert _names(search(fq=f"+organization:{office_a.code} +tags:desa")) == [
        "desa-per-kecamatan"]
    assert search(fq="+dataset_type:dataset metadata_modified:[* TO NOW]")["count"] == 3
    assert search(fq="metadata_modified:[2999-01-01T00:00:00Z TO *]")["count"] == 0
    assert search(q="puskesmas", fq=f"organization:{office_a.code}")["count"] == 0
    assert _names(search(q="tags:infrastruktur")) == ["jalan"]


def test_facets_count_the_matching_datasets(ckan, catalogue, office_a, office_b):
    result = ckan.action.package_search(**{
        "facet.field": ["organization", "tags", "groups", "res_format", "license_id"]})
    facets = result["facets"]
    assert facets["organization"] == {office_a.code: 2, office_b.code: 1}
    assert facets["tags"] == {"desa": 2, "wilayah": 1, "kesehatan": 1, "infrastruktur": 1}
    assert facets["groups"] == {"wilayah": 2, "kesehatan": 1}
    assert facets["res_format"] == {"CSV": 3, "JSON": 3}
    assert facets["license_id"] == {"CC-BY-4.0": 2, "CC0-1.0": 1}
    organizations = result["search_facets"]["organization"]
    assert organizations["title"] == "organization"
    assert organizations["items"][0] == {"name": office_a.code, "display_name": office_a.name,
                                         "count": 2}
    groups = {item["name"]: item for item in result["search_facets"]["groups"]["items"]}
    assert groups["wilayah"]["display_name"] == "Wilayah dan kependudukan"
    licences = result["search_facets"]["license_id"]["items"]
    assert licences[0]["display_name"] == "Creative Commons Attribution 4.0"
    # Facets follow the filter, and facet.limit keeps the largest.
    narrowed = ckan.action.package_search(fq="groups:wilayah", **{
        "facet.field": ["organization", "tags"], "facet.limit": 1})
    assert narrowed["facets"] == {"organization": {office_a.code: 1}, "tags": {"desa": 2}}
    assert ckan.action.package_search()["facets"] == {}


def test_sort_orders_and_paging(ckan, catalogue):
    search = ckan.action.package_search
    assert _names(search(sort="metadata_modified desc")) == [
        "jalan", "puskesmas", "desa-per-kecamatan"]
    assert _names(search(sort="metadata_modified asc")) == [
        "desa-per-kecamatan", "puskesmas", "jalan"]
    assert _names(search(sort="name asc")) == ["desa-per-kecamatan", "jalan", "puskesmas"]
    assert _names(search(sort="name desc")) == ["puskesmas", "jalan", "desa-per-kecamatan"]
    assert _names(search(sort="title_string asc")) == [
        "puskesmas", "desa-per-kecamatan", "jalan"]
    # "desa" is in one title, and in two datasets' tags: the title weighs more.
    assert _names(search(q="desa", sort="score desc, name desc")) == [
        "desa-per-kecamatan", "puskesmas"]
    default = search(q="desa")
    assert default["sort"] == "score desc, metadata_modified desc"
    assert _names(default) == ["desa-per-kecamatan", "puskesmas"]
    # As CKAN's own harvester pages through a remote CKAN: by id, changed since a moment.
    assert _names(search(sort="id asc", rows=1000)) == ["desa-per-kecamatan", "puskesmas", "jalan"]
    since = catalogue["puskesmas"].modified_at.astimezone(UTC).replace(tzinfo=None)
    assert _names(search(fq=f"metadata_modified:[{since.isoformat()}Z TO *]",
                         sort="id asc")) == ["puskesmas", "jalan"]
    page = search(sort="name asc", rows=1, start=1)
    assert (page["count"], _names(page)) == (3, ["jalan"])
    assert _names(search(sort="name asc", rows=2, start=2)) == ["puskesmas"]
    assert search(rows=0)["results"] == [] and search(rows=0)["count"] == 3
    assert search(include_private=True)["count"] == 3  # never the draft: the API is anonymous


def test_package_has_author_maintainer_groups_and_resource_files(ckan, catalogue, office_a,
                                                                 live_server):
    package = ckan.action.package_show(id="desa-per-kecamatan")
    assert package["author"] == office_a.name
    assert package["maintainer"] == "Bidang Statistik"
    assert package["maintainer_email"] == "statistik@kuburaya.go.id"
    assert [g["name"] for g in package["groups"]] == ["wilayah"]
    assert package["groups"][0]["title"] == "Wilayah dan kependudukan"
    assert package["license_title"] == "Creative Commons Attribution 4.0"
    assert package["isopen"] is True
    assert [t["name"] for t in package["tags"]] == ["wilayah", "desa"]
    other = ckan.action.package_show(id=f"balai-{catalogue['puskesmas'].pk}")
    assert other["maintainer"] == other["author"] == other["organization"]["title"]
    assert sorted(g["name"] for g in other["groups"]) == ["kesehatan", "wilayah"]
    jalan = ckan.action.package_show(id="jalan")
    assert jalan["version"] == "2"
    with requests.Session() as http:
        for resource in [*package["resources"], *jalan["resources"]]:
            assert (resource["state"], resource["url_type"]) == ("active", None)
            content = http.get(resource["url"]).content
            assert resource["size"] == len(content)
            assert resource["hash"] == hashlib.sha256(content).hexdigest()
            assert ckan.action.resource_show(id=resource["id"]) == resource
    csv, json = jalan["resources"]
    assert (csv["format"], json["format"]) == ("CSV", "JSON")
    assert csv["hash"] != ckan.action.package_show(id="puskesmas")["resources"][0]["hash"]
    with pytest.raises(NotFound):
        ckan.action.resource_show(id=f"balai-{catalogue['jalan'].pk}-xls")
    with pytest.raises(NotFound):
        ckan.action.resource_show(id="balai-999999-csv")


def test_organizations_groups_tags_and_licences(ckan, catalogue, office_a, office_b):
    organization = ckan.action.organization_show(id=office_a.code)
    assert (organization["name"], organization["title"]) == (office_a.code, office_a.name)
    assert organization["package_count"] == 2 and "packages" not in organization
    with_datasets = ckan.action.organization_show(id=organization["id"], include_datasets=True)
    assert sorted(p["name"] for p in with_datasets["packages"]) == [
        "desa-per-kecamatan", "jalan"]
    with pytest.raises(NotFound):
        ckan.action.organization_show(id="tidak-ada")
    counts = ckan.action.organization_list(all_fields=True, sort="package_count desc")
    assert [(o["name"], o["package_count"]) for o in counts] == [(office_a.code, 2),
                                                                 (office_b.code, 1)]

    assert ckan.action.group_list() == ["kesehatan", "pendidikan", "wilayah"]
    assert ckan.action.group_list(sort="name desc") == ["wilayah", "pendidikan", "kesehatan"]
    assert ckan.action.group_list(sort="packages") == ["wilayah", "kesehatan", "pendidikan"]
    assert ckan.action.group_list(q="kependudukan") == ["wilayah"]
    assert ckan.action.organization_list(q=office_b.code) == [office_b.code]
    groups = {g["name"]: g for g in ckan.action.group_list(all_fields=True)}
    assert groups["wilayah"]["package_count"] == 2
    assert groups["pendidikan"]["package_count"] == 0
    assert groups["wilayah"]["type"] == "group" and not groups["wilayah"]["is_organization"]
    group = ckan.action.group_show(id="wilayah", include_datasets=True)
    assert group["title"] == "Wilayah dan kependudukan"
    assert sorted(p["name"] for p in group["packages"]) == ["desa-per-kecamatan", "puskesmas"]
    with pytest.raises(NotFound):
        ckan.action.group_show(id="tidak-ada")

    assert ckan.action.tag_list() == ["desa", "infrastruktur", "kesehatan", "wilayah"]
    assert ckan.action.tag_list(query="ke") == ["kesehatan"]
    assert ckan.action.tag_list(all_fields=True)[0]["name"] == "desa"

    licences = ckan.action.license_list()
    assert [licence["id"] for licence in licences] == [licence.id for licence in REGISTER]
    cc_by = licences[0]
    assert cc_by["url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert (cc_by["od_conformance"], cc_by["osd_conformance"]) == ("approved", "not reviewed")
    assert {"title", "status", "domain_data", "is_okd_compliant"} <= set(cc_by)


def test_current_packages_and_recent_activity(ckan, catalogue):
    current = ckan.action.current_package_list_with_resources()
    assert [p["name"] for p in current] == ["jalan", "puskesmas", "desa-per-kecamatan"]
    assert all(len(p["resources"]) == 2 for p in current)
    assert [p["name"] for p in ckan.action.current_package_list_with_resources(limit=1,
                                                                             offset=1)] == [
        "puskesmas"]
    assert [p["name"] for p in ckan.action.current_package_list_with_resources(limit=2,
                                                                             page=2)] == [
        "desa-per-kecamatan"]

    activities = ckan.action.recently_changed_packages_activity_list()
    # Per dataset: created, then its first version; "jalan" has a second; the draft,
    # which is not public, is left out.
    jalan_id = f"balai-{catalogue['jalan'].pk}"
    assert [(a["activity_type"], a["object_id"]) for a in activities[:3]] == [
        ("changed package", jalan_id), ("changed package", jalan_id), ("new package", jalan_id)]
    assert len(activities) == 7
    assert {a["data"]["package"]["name"] for a in activities} == {
        "jalan", "puskesmas", "desa-per-kecamatan"}
    newest = activities[0]
    assert newest["timestamp"] >= activities[-1]["timestamp"]
    assert newest["user_id"] == "sistem:uji" and newest["id"].startswith("balai-ledger-")
    assert [a["id"] for a in ckan.action.recently_changed_packages_activity_list(
        limit=2, offset=1)] == [a["id"] for a in activities[1:3]]


def test_client_errors_come_back_as_ckanapi_exceptions(ckan, catalogue, live_server):
    with pytest.raises(ValidationError):
        ckan.action.package_search(rows="abc")
    with pytest.raises(SearchError):
        ckan.action.package_search(fq="organization:(")
    with pytest.raises(SearchError):
        ckan.action.package_search(fq="warna:merah")
    with pytest.raises(SearchError):
        ckan.action.package_search(sort="ukuran desc")
    with pytest.raises(NotFound):
        ckan.action.package_show(id="draf")
    with pytest.raises(NotFound):
        ckan.action.no_such_action()
    with pytest.raises(NotAuthorized):
        ckan.action.package_create(name="baru", title="Baru")
    # Reading through GET only, as some harvesters do, facet.field as CKAN's JSON string.
    with RemoteCKAN(live_server.url, get_only=True) as get_only:
        result = get_only.action.package_search(fq="tags:desa", **{
            "facet.field": '["organization"]'})
        assert result["count"] == 2 and sum(result["facets"]["organization"].values()) == 2
        assert get_only.action.group_show(id="kesehatan")["package_count"] == 1
