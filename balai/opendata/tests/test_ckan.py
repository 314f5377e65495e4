"""The CKAN Action API read side, read with the ckanapi client as a harvester would."""

import pytest
from ckanapi import NotFound, RemoteCKAN, ValidationError

from balai.opendata import actions


def _dataset(office, slug, title):
    found = actions.create_dataset(actor="sistem:uji", office=office, slug=slug, title=title,
                                   keywords="wilayah, desa")
    actions.publish_version(actor="sistem:uji", dataset=found, columns=["a", "b"],
                            rows=[["1", "2"]])
    return found


@pytest.mark.django_db(transaction=True)
def test_ckanapi_client_reads_packages_and_organizations(live_server, office_a):
    _dataset(office_a, "desa-per-kecamatan", "Jumlah desa per kecamatan")
    _dataset(office_a, "puskesmas", "Daftar puskesmas")
    # Closed at the end: a kept-alive connection would hold the live server's thread, and
    # its database connection, open past the test.
    with RemoteCKAN(live_server.url, user_agent="balai-uji") as ckan:
        assert sorted(ckan.action.package_list()) == ["desa-per-kecamatan", "puskesmas"]
        package = ckan.action.package_show(id="desa-per-kecamatan")
        assert package["title"] == "Jumlah desa per kecamatan"
        assert package["organization"]["name"] == office_a.code
        assert {r["format"] for r in package["resources"]} == {"CSV", "JSON"}
        assert package["resources"][0]["url"].startswith(live_server.url)
        found = ckan.action.package_search(q="puskesmas", rows=5)
        assert found["count"] == 1 and found["results"][0]["name"] == "puskesmas"
        assert ckan.action.package_search(q="*:*")["count"] == 2
        assert ckan.action.organization_list() == [office_a.code]
        assert ckan.action.organization_list(all_fields=True)[0]["title"] == office_a.name
        with pytest.raises(NotFound):
            ckan.action.package_show(id="tidak-ada")
        with pytest.raises(ValidationError):
            ckan.action.package_search(rows="banyak")
    with RemoteCKAN(live_server.url, get_only=True) as get_only:
        assert get_only.action.package_show(id="puskesmas")["name"] == "puskesmas"
