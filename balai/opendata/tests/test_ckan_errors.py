"""Every error of the CKAN Action API is JSON in CKAN's envelope with CKAN's status, and the
list actions run a fixed number of queries."""

import json

import pytest

from balai.opendata import actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def dataset(office_a):
    found = actions.create_dataset(actor="sistem:uji", office=office_a, slug="puskesmas",
                                   title="Daftar puskesmas", keywords="kesehatan")
    actions.publish_version(actor="sistem:uji", dataset=found, columns=["a"], rows=[["1"]])
    return found


def _error(response, status, kind):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert body["success"] is False and "result" not in body
    assert body["help"].startswith("http://testserver/api/3/action/help_show?name=")
    assert body["error"]["__type"] == kind and body["error"]["message"]
    return body["error"]


@pytest.mark.parametrize("path", ["/api/3/action/package_frobnicate", "/api/3/action/",
                                  "/api/3/action/package_show/extra", "/api/action/nope"])
def test_unknown_action_is_a_json_not_found(client, path):
    error = _error(client.get(path), 404, "Not Found Error")
    assert "aksi tidak dikenal" in error["message"]


def test_missing_objects_are_not_found(client, dataset):
    for action, ident in [("package_show", "tidak-ada"), ("resource_show", "balai-0-csv"),
                          ("organization_show", "tidak-ada"), ("group_show", "tidak-ada"),
                          ("package_show", "balai-abc")]:
        _error(client.get(f"/api/3/action/{action}", {"id": ident}), 404, "Not Found Error")
    _error(client.get("/api/3/action/tag_list", {"vocabulary_id": "x"}), 404,
           "Not Found Error")


@pytest.mark.parametrize(("params", "field"), [
    ({"rows": "abc"}, "rows"), ({"start": "-1"}, "start"), ({"rows": "1.5"}, "rows"),
    ({"include_private": "mungkin"}, "include_private"),
    ({"facet.field": "[organization"}, "facet.field"),
    ({"facet.field": '{"a": 1}'}, "facet.field"),
    ({"facet.limit": "x"}, "facet.limit"), ({"q": "desa\x00"}, "q"),
    ({"fq": "tags:\x00"}, "fq"), ({"sort": "name asc\x00"}, "sort"),
    ({"facet.field": '["tags\\u0000"]'}, "facet.field"),
])
def test_malformed_parameters_are_validation_errors(client, dataset, params, field):
    error = _error(client.get("/api/3/action/package_search", params), 409,
                   "Validation Error")
    assert isinstance(error[field], list) and error[field]


def test_missing_id_and_bad_list_parameters_are_validation_errors(client, dataset):
    assert _error(client.get("/api/3/action/package_show"), 409, "Validation Error")["id"]
    _error(client.get("/api/3/action/package_list", {"limit": "banyak"}), 409,
           "Validation Error")
    _error(client.get("/api/3/action/organization_list", {"sort": "warna asc"}), 409,
           "Validation Error")
    _error(client.get("/api/3/action/recently_changed_packages_activity_list",
                      {"offset": "x"}), 409, "Validation Error")
    _error(client.get("/api/3/action/current_package_list_with_resources", {"page": "0"}),
           409, "Validation Error")
    _error(client.post("/api/3/action/package_show", {"id": ["a"]},
                       content_type="application/json"), 409, "Validation Error")
    _error(client.post("/api/3/action/package_show", {"id": "puskesmas\x00"},
                       content_type="application/json"), 409, "Validation Error")
    _error(client.post("/api/3/action/package_search", {"rows": 1.5},
                       content_type="application/json"), 409, "Validation Error")


@pytest.mark.parametrize("fq", ["organization:(", 'tags:"desa', "warna:merah",
                                "metadata_modified:[kemarin TO *]", "name:[a TO b]",
                                "groups:(a AND b)", ")"])
def test_bad_search_syntax_is_a_search_error(client, dataset, fq):
    _error(client.get("/api/3/action/package_search", {"fq": fq}), 409, "Search Error")


def test_bad_sort_and_facet_field_are_search_errors(client, dataset):
    for params in [{"sort": "ukuran desc"}, {"sort": "name upward"}, {"sort": "name"},
                   {"facet.field": '["warna"]'}]:
        _error(client.get("/api/3/action/package_search", params), 409, "Search Error")


def test_bad_json_body_is_a_bad_request(client, dataset):
    for body in ["{", "[1, 2]", "null", "\xff"]:
        _error(client.post("/api/3/action/package_show", data=body,
                           content_type="application/json"), 400, "Bad Request")
    ok = client.post("/api/3/action/package_show", data='{"id": "puskesmas"}',
                     content_type="application/json")
    assert ok.status_code == 200 and json.loads(ok.content)["result"]["name"] == "puskesmas"


def test_write_actions_are_refused_and_other_methods_not_allowed(client, dataset):
    for action in ["package_create", "package_update", "resource_delete", "group_patch"]:
        _error(client.post(f"/api/3/action/{action}", data='{"name": "x"}',
                           content_type="application/json"), 403, "Authorization Error")
    for method in (client.put, client.delete, client.patch):
        response = method("/api/3/action/package_list")
        _error(response, 405, "Method Not Allowed")
        assert "GET" in response["Allow"]
    preflight = client.options("/api/3/action/package_search")
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == "*"


def test_license_list_also_names_a_licence_only_an_older_record_uses(client, office_a):
    older = actions.create_dataset(actor="sistem:uji", office=office_a, slug="lama",
                                   title="Data lama", licence="OGL-ID")
    actions.publish_version(actor="sistem:uji", dataset=older, columns=["a"], rows=[["1"]])
    licences = client.get("/api/3/action/license_list").json()["result"]
    assert [licence["id"] for licence in licences] == [
        "CC-BY-4.0", "CC0-1.0", "ODC-BY-1.0", "OGL-ID"]
    assert licences[-1]["title"] == "OGL-ID" and licences[-1]["is_okd_compliant"] is False
    package = client.get("/api/3/action/package_show", {"id": "lama"}).json()["result"]
    assert (package["license_id"], package["isopen"]) == ("OGL-ID", False)


def test_help_show_gives_an_actions_help(client):
    body = json.loads(client.get("/api/3/action/help_show", {"name": "package_search"}).content)
    assert body["success"] is True and "fq" in body["result"]


def _publish_many(office, count, start=0):
    topic = actions.create_topic(actor="sistem:uji", slug=f"topik-{start}", title="Topik")
    for n in range(start, start + count):
        found = actions.create_dataset(actor="sistem:uji", office=office, slug=f"data-{n}",
                                       title=f"Data {n}", keywords=f"desa, k{n}",
                                       topics=[topic])
        actions.publish_version(actor="sistem:uji", dataset=found, columns=["a"],
                                rows=[[str(n)]])


FACETS = json.dumps(["organization", "tags", "groups", "res_format", "license_id"])


@pytest.mark.parametrize(("action", "params", "queries"), [
    # count, page, topics of the page
    ("package_search", {"q": "data", "fq": "tags:desa"}, 3),
    # and one query per facet that needs one (res_format needs none)
    ("package_search", {"fq": "tags:desa", "facet.field": FACETS}, 7),
    ("current_package_list_with_resources", {"limit": 100}, 3),
    # entries, their versions, their datasets, the datasets' topics
    ("recently_changed_packages_activity_list", {}, 4),
    ("organization_list", {"all_fields": "true"}, 1),
    ("group_list", {"all_fields": "true"}, 1),
])
def test_list_actions_do_not_query_per_dataset(client, office_a, office_b,
                                               django_assert_num_queries, action, params,
                                               queries):
    _publish_many(office_a, 2)
    with django_assert_num_queries(queries):
        small = json.loads(client.get(f"/api/3/action/{action}", params).content)
    _publish_many(office_b, 6, start=10)
    with django_assert_num_queries(queries):
        large = json.loads(client.get(f"/api/3/action/{action}", params).content)
    assert small["success"] and large["success"]
    assert len(large["result"] if isinstance(large["result"], list)
               else large["result"]["results"]) > len(
        small["result"] if isinstance(small["result"], list) else small["result"]["results"])
