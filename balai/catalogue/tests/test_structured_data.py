"""Each public service page describes the service as schema.org GovernmentService JSON-LD."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from balai.catalogue.actions import publish_definition
from balai.catalogue.tests.conftest import service_data
from balai.portal import demo as portal_demo
from balai.portal.tests.html import tags

pytestmark = pytest.mark.django_db


def _json_ld(html: str) -> list[dict]:
    blocks = []
    start = 0
    marker = '<script type="application/ld+json">'
    while (found := html.find(marker, start)) != -1:
        end = html.index("</script>", found)
        blocks.append(json.loads(html[found + len(marker):end]))
        start = end
    return blocks


def test_service_page_describes_the_service_as_a_government_service(client, catalogue,
                                                                     kubu_raya):
    portal_demo.load(StringIO())  # the service locations, with the Disdukcapil's address
    html = client.get(reverse("catalogue:service", args=["akta-kelahiran"])).content.decode()
    (data,) = _json_ld(html)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "GovernmentService"
    assert data["name"] == "Akta Kelahiran"
    assert data["description"].startswith("Pencatatan kelahiran dan penerbitan kutipan akta")
    assert data["serviceType"] == "Kependudukan"
    assert data["url"] == "http://127.0.0.1:8000/layanan/akta-kelahiran/"
    assert data["provider"]["@type"] == "GovernmentOrganization"
    assert data["provider"]["name"] == "Dinas Kependudukan dan Pencatatan Sipil"
    assert data["provider"]["address"] == {
        "@type": "PostalAddress", "addressCountry": "ID", "addressLocality": "Sungai Raya",
        "streetAddress": "Jalan Arteri Supadio, Kompleks Kantor Bupati Kubu Raya, Sungai Raya"}
    assert data["areaServed"] == {"@type": "AdministrativeArea",
                                  "name": "Kabupaten Kubu Raya", "identifier": "61.12"}
    channel = data["availableChannel"]
    assert channel["@type"] == "ServiceChannel"
    assert channel["serviceUrl"] == "http://127.0.0.1:8000/layanan/akta-kelahiran/ajukan/"
    assert data["offers"] == {"@type": "Offer", "price": 0, "priceCurrency": "IDR"}
    assert data["termsOfService"].startswith("UU 23/2006 jo. UU 24/2013")


def test_structured_data_has_no_address_when_the_office_has_no_location(client, catalogue):
    html = client.get(reverse("catalogue:service", args=["izin-reklame"])).content.decode()
    (data,) = _json_ld(html)
    assert "address" not in data["provider"]
    assert data["offers"]["price"] > 0


def test_structured_data_is_in_english_on_the_english_page(client, catalogue):
    html = client.get(reverse("catalogue:service", args=["akta-kelahiran"]),
                      {"lang": "en"}).content.decode()
    (data,) = _json_ld(html)
    assert data["name"] == "Birth certificate"


def test_markup_in_a_definition_cannot_close_the_script(client, catalogue):
    data = service_data("akta-kelahiran", version=2)
    data["description"] = {"id": "Layanan </script><script>alert(1)</script> uji & coba"}
    publish_definition(data=data, actor="sistem:uji")
    html = client.get(reverse("catalogue:service", args=["akta-kelahiran"])).content.decode()
    # Besides the static files every page loads, the one JSON-LD block and no injected script.
    scripts = [attrs for tag, attrs in tags(html) if tag == "script" and "src" not in attrs]
    assert scripts == [{"type": "application/ld+json"}]
    (parsed,) = _json_ld(html)
    assert parsed["description"] == "Layanan </script><script>alert(1)</script> uji & coba"


def test_structured_data_costs_one_query(client, catalogue, settings):
    settings.BALAI_PAGE_CACHE_SECONDS = 0  # the rendering is measured, not the page cache
    url = reverse("catalogue:service", args=["akta-kelahiran"])
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    assert sum("portal_servicelocation" in query["sql"] for query in captured) == 1
