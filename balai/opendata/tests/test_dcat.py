"""The DCAT-AP catalogue, read over HTTP in each serialisation and validated with pyshacl
against the official DCAT-AP 3.0.0 and 2.1.1 SHACL shapes (tests/shapes/README.md)."""

from __future__ import annotations

import urllib.request
from functools import cache
from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as ns
from rdflib.compare import isomorphic

from balai.opendata import actions, dcat
from balai.opendata.models import Dataset

SHAPES = Path(__file__).parent / "shapes"
EU = "http://publications.europa.eu/resource/authority/"
RDFLIB_FORMAT = {"application/ld+json": "json-ld", "text/turtle": "turtle",
                 "application/rdf+xml": "xml"}
# Every way to ask for the catalogue: by URL, and by Accept header on /data/catalog.
VARIANTS = [("/data/catalog.jsonld", None), ("/data/catalog.ttl", None),
            ("/data/catalog.rdf", None), ("/data/catalog", "application/ld+json"),
            ("/data/catalog", "text/turtle"), ("/data/catalog", "application/rdf+xml")]


@cache
def shapes(*names: str) -> Graph:
    graph = Graph()
    for name in names:
        graph.parse(SHAPES / name, format="turtle")
    # dcat-ap_2.1.1_shacl_range.ttl gives dct:PeriodOfTime an empty property shape (`[ ]`, no
    # sh:path), which constrains nothing and which pyshacl refuses to evaluate: unlink it.
    for shape, node in list(graph.subject_objects(ns.SH.property)):
        if graph.value(node, ns.SH.path) is None:
            graph.remove((shape, ns.SH.property, node))
    return graph


DCAT_AP_3 = ("dcat-ap-3.0.0-SHACL.ttl",)
DCAT_AP_2 = ("dcat-ap_2.1.1_shacl_shapes.ttl", "dcat-ap_2.1.1_shacl_range.ttl")


def validate(data: Graph, profile: tuple[str, ...]) -> tuple[bool, str]:
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes(*profile), inference="rdfs")
    return conforms, text


def _publish(office, slug, title, *, rows, **metadata):
    dataset = actions.create_dataset(actor="sistem:uji", office=office, slug=slug, title=title,
                                     **metadata)
    actions.publish_version(actor="sistem:uji", dataset=dataset, columns=["nama", "jumlah"],
                            rows=rows)
    return dataset


@pytest.fixture
def catalogue(office_a, office_b):
    """Demo-like open data: datasets of two offices, with every licence and frequency, with and
    without a description or a period that can be read as dates, each as CSV and JSON."""
    _publish(office_a, "desa-per-kecamatan", "Jumlah desa per kecamatan",
             rows=[["Sungai Raya", "20"], ["Rasau Jaya", "6"]],
             description="Jumlah desa dan kelurahan per kecamatan.", period="2026",
             keywords="wilayah, desa, kecamatan", frequency=Dataset.Frequency.YEARLY)
    _publish(office_a, "puskesmas", "Daftar puskesmas", rows=[["Puskesmas Kubu", "1"]],
             period="2020-2025", licence="CC0-1.0", frequency=Dataset.Frequency.MONTHLY)
    _publish(office_b, "pengaduan-per-bulan", "Pengaduan per bulan",
             rows=[["2026-01", "12"]], description="Pengaduan per bulan.",
             frequency=Dataset.Frequency.DAILY, keywords="statistik")
    _publish(office_b, "curah-hujan", "Curah hujan", rows=[["Januari", "310"]],
             period="musim hujan", licence="ODC-BY-1.0", frequency=Dataset.Frequency.IRREGULAR)
    hidden = actions.create_dataset(actor="sistem:uji", office=office_b, slug="draf",
                                    title="Belum ada tabel")
    return hidden


def fetch(url: str, accept: str | None = None) -> tuple[int, str, bytes]:
    # Only ever the live server's http:// URL.
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.status, response.headers["Content-Type"], response.read()


def parse(content_type: str, body: bytes, base: str) -> Graph:
    media_type = content_type.split(";")[0].strip()
    return Graph().parse(data=body, format=RDFLIB_FORMAT[media_type], publicID=base)


@pytest.mark.django_db(transaction=True)
def test_catalogue_conforms_to_dcat_ap_in_every_serialisation(live_server, catalogue):
    # Balai's own statistics too, as the daily task publishes them (daily, no period).
    assert actions.refresh_statistics() == 4
    graphs = []
    for path, accept in VARIANTS:
        status, content_type, body = fetch(live_server.url + path, accept)
        assert status == 200
        if accept:
            assert content_type.startswith(accept)
        data = parse(content_type, body, live_server.url + path)
        for name, profile in (("DCAT-AP 3.0.0", DCAT_AP_3), ("DCAT-AP 2.1.1", DCAT_AP_2)):
            conforms, text = validate(data, profile)
            assert conforms, f"{path} (Accept: {accept}) does not conform to {name}:\n{text}"
        graphs.append(data)
    # One graph, three serialisations: every variant says exactly the same.
    for graph in graphs[1:]:
        assert isomorphic(graph, graphs[0])
    catalog_page = Graph().parse(data=fetch(live_server.url + "/data/catalog.ttl")[2],
                                 format="turtle")
    assert len(set(catalog_page.subjects(ns.RDF.type, ns.DCAT.Dataset))) == 8
    statistics = URIRef(live_server.url + "/data/statistik-permohonan-layanan/#dataset")
    assert (catalog_page.value(statistics, ns.DCTERMS.accrualPeriodicity)
            == URIRef(EU + "frequency/DAILY"))


@pytest.mark.django_db
def test_catalogue_says_what_dcat_ap_asks_with_vocabulary_iris(client, catalogue):
    response = client.get("/data/catalog.ttl")
    assert response["Content-Type"] == "text/turtle; charset=utf-8"
    g = Graph().parse(data=response.content, format="turtle")
    base = "http://testserver/data/"
    catalog = URIRef(base + "catalog")
    indonesian = URIRef(EU + "language/IND")
    assert (catalog, ns.RDF.type, ns.DCAT.Catalog) in g
    assert g.value(catalog, ns.DCTERMS.description) is not None
    assert g.value(catalog, ns.DCTERMS.language) == indonesian
    assert (indonesian, ns.RDF.type, ns.DCTERMS.LinguisticSystem) in g
    publisher = g.value(catalog, ns.DCTERMS.publisher)
    assert isinstance(publisher, URIRef) and (publisher, ns.RDF.type, ns.FOAF.Agent) in g
    assert g.value(publisher, ns.FOAF.name) == Literal("Pemerintah Kabupaten Kubu Raya", lang="id")
    kind = g.value(publisher, ns.DCTERMS.type)
    assert kind == URIRef("http://purl.org/adms/publishertype/LocalAuthority")
    assert (kind, ns.RDF.type, ns.SKOS.Concept) in g
    assert g.value(kind, ns.SKOS.prefLabel) is not None

    desa = URIRef(base + "desa-per-kecamatan/#dataset")
    assert g.value(desa, ns.DCAT.landingPage) == URIRef(base + "desa-per-kecamatan/")
    assert (URIRef(base + "desa-per-kecamatan/"), ns.RDF.type, ns.FOAF.Document) in g
    office = g.value(desa, ns.DCTERMS.publisher)
    assert isinstance(office, URIRef) and (office, ns.RDF.type, ns.FOAF.Agent) in g
    assert g.value(desa, ns.DCTERMS.issued).datatype == ns.XSD.dateTime
    assert g.value(desa, ns.DCTERMS.modified).datatype == ns.XSD.dateTime
    assert {str(k) for k in g.objects(desa, ns.DCAT.keyword)} == {"wilayah", "desa", "kecamatan"}
    contact = g.value(desa, ns.DCAT.contactPoint)
    assert (contact, ns.RDF.type, URIRef("http://www.w3.org/2006/vcard/ns#Kind")) in g
    annual = URIRef(EU + "frequency/ANNUAL")
    assert g.value(desa, ns.DCTERMS.accrualPeriodicity) == annual
    assert (annual, ns.RDF.type, ns.DCTERMS.Frequency) in g
    period = g.value(desa, ns.DCTERMS.temporal)
    assert (period, ns.RDF.type, ns.DCTERMS.PeriodOfTime) in g
    assert g.value(period, ns.DCAT.startDate) == Literal("2026-01-01", datatype=ns.XSD.date)
    assert g.value(period, ns.DCAT.endDate) == Literal("2026-12-31", datatype=ns.XSD.date)

    puskesmas = URIRef(base + "puskesmas/#dataset")
    assert g.value(g.value(puskesmas, ns.DCTERMS.temporal), ns.DCAT.endDate).toPython().year == 2025
    assert g.value(puskesmas, ns.DCTERMS.description) is not None  # none given: one is composed
    daily = g.value(URIRef(base + "pengaduan-per-bulan/#dataset"), ns.DCTERMS.accrualPeriodicity)
    assert daily == URIRef(EU + "frequency/DAILY")
    # No period that can be read as dates: no temporal coverage at all (not an empty one).
    assert g.value(URIRef(base + "curah-hujan/#dataset"), ns.DCTERMS.temporal) is None
    assert g.value(URIRef(base + "pengaduan-per-bulan/#dataset"), ns.DCTERMS.temporal) is None

    distributions = list(g.objects(desa, ns.DCAT.distribution))
    formats = {g.value(d, ns.DCTERMS.format) for d in distributions}
    assert formats == {URIRef(EU + "file-type/CSV"), URIRef(EU + "file-type/JSON")}
    assert all((f, ns.RDF.type, ns.DCTERMS.MediaTypeOrExtent) in g for f in formats)
    media = {g.value(d, ns.DCAT.mediaType) for d in distributions}
    assert media == {URIRef("https://www.iana.org/assignments/media-types/text/csv"),
                     URIRef("https://www.iana.org/assignments/media-types/application/json")}
    assert all((m, ns.RDF.type, ns.DCTERMS.MediaType) in g for m in media)
    for distribution in distributions:
        licence = g.value(distribution, ns.DCTERMS.license)
        assert licence == URIRef("https://creativecommons.org/licenses/by/4.0/")
        assert (licence, ns.RDF.type, ns.DCTERMS.LicenseDocument) in g
        download = g.value(distribution, ns.DCAT.downloadURL)
        assert isinstance(download, URIRef) and g.value(distribution, ns.DCAT.accessURL) == download
        assert client.get(str(download).removeprefix("http://testserver")).status_code == 200
    # Datasets without a published table are not in the catalogue.
    assert (URIRef(base + "draf/#dataset"), ns.RDF.type, ns.DCAT.Dataset) not in g


@pytest.mark.django_db
def test_the_shapes_catch_what_the_catalogue_used_to_get_wrong(client, catalogue):
    """The validation can fail: the defects the catalogue had are violations of the shapes."""
    g = Graph().parse(data=client.get("/data/catalog.ttl").content, format="turtle")
    catalog = URIRef("http://testserver/data/catalog")
    dataset = URIRef("http://testserver/data/desa-per-kecamatan/#dataset")
    distribution = next(g.objects(dataset, ns.DCAT.distribution))
    broken = Graph() + g
    broken.remove((catalog, ns.DCTERMS.description, None))
    broken.set((dataset, ns.DCTERMS.language, Literal("id")))
    broken.set((distribution, ns.DCTERMS.format, Literal("CSV")))
    broken.set((dataset, ns.DCTERMS.temporal, Literal("")))
    for profile in (DCAT_AP_3, DCAT_AP_2):
        conforms, text = validate(broken, profile)
        assert not conforms
        for defect in ("description", "language", "format", "temporal"):
            assert defect in text, text
    # DCAT-AP 2.1.1 also wants dates typed as dates.
    broken.set((distribution, ns.DCTERMS.issued, Literal("2026-01-01")))
    conforms, text = validate(broken, DCAT_AP_2)
    assert "dct:issued" in text, text


@pytest.mark.django_db
def test_content_negotiation_defaults_to_json_ld_and_refuses_what_it_cannot_give(client,
                                                                                catalogue):
    default = client.get("/data/catalog")
    assert default.status_code == 200
    assert default["Content-Type"] == "application/ld+json; charset=utf-8"
    assert "Accept" in default["Vary"] and default["Access-Control-Allow-Origin"] == "*"
    browser = client.get("/data/catalog", HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    assert browser["Content-Type"].startswith("application/ld+json")
    preferred = client.get("/data/catalog",
                           HTTP_ACCEPT="application/ld+json;q=0.5, text/turtle;q=0.9")
    assert preferred["Content-Type"].startswith("text/turtle")
    refused = client.get("/data/catalog", HTTP_ACCEPT="text/csv")
    assert refused.status_code == 406
    assert refused.json()["error"]["code"] == "CATALOG_NOT_ACCEPTABLE"
    assert "text/turtle" in refused.json()["error"]["formats"]
    assert client.get("/data/catalog.xml").status_code == 404
    # The historical URL still answers with JSON-LD.
    old = client.get("/data/catalog.jsonld")
    assert old["Content-Type"] == "application/ld+json; charset=utf-8"
    assert len(set(Graph().parse(data=old.content, format="json-ld")
                   .subjects(ns.RDF.type, ns.DCAT.Dataset))) == 4


@pytest.mark.django_db
def test_catalogue_pages_link_to_each_other_and_end(client, catalogue, monkeypatch):
    monkeypatch.setattr(dcat, "PAGE_SIZE", 3)
    hydra = "http://www.w3.org/ns/hydra/core#"
    first = Graph().parse(data=client.get("/data/catalog.ttl").content, format="turtle")
    second = Graph().parse(data=client.get("/data/catalog.ttl?page=2").content, format="turtle")
    slugs = [{str(s) for s in g.objects(None, ns.DCTERMS.identifier)} for g in (first, second)]
    assert len(slugs[0]) == 3 and len(slugs[1]) == 1 and not slugs[0] & slugs[1]
    paging = URIRef("http://testserver/data/catalog?page=1")
    assert first.value(paging, URIRef(hydra + "totalItems")).toPython() == 4
    assert str(first.value(paging, URIRef(hydra + "nextPage"))).endswith("/data/catalog?page=2")
    last = URIRef("http://testserver/data/catalog?page=2")
    assert second.value(last, URIRef(hydra + "nextPage")) is None
    for bad in ("3", "0", "dua"):
        response = client.get(f"/data/catalog.ttl?page={bad}")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "CATALOG_PAGE_NOT_FOUND"


@pytest.mark.django_db
def test_catalogue_costs_the_same_queries_for_four_datasets_as_for_twelve(
        client, catalogue, office_a, django_assert_num_queries):
    with django_assert_num_queries(2):
        small = client.get("/data/catalog.ttl")
    for n in range(8):
        _publish(office_a, f"tambahan-{n}", f"Tambahan {n}", rows=[["a", str(n)]])
    with django_assert_num_queries(2):
        large = client.get("/data/catalog.ttl")
    datasets = [set(Graph().parse(data=r.content, format="turtle")
                    .subjects(ns.RDF.type, ns.DCAT.Dataset)) for r in (small, large)]
    assert (len(datasets[0]), len(datasets[1])) == (4, 12)


@pytest.mark.django_db
def test_an_empty_catalogue_still_conforms(client):
    g = Graph().parse(data=client.get("/data/catalog.ttl").content, format="turtle")
    assert not list(g.subjects(ns.RDF.type, ns.DCAT.Dataset))
    for profile in (DCAT_AP_3, DCAT_AP_2):
        conforms, text = validate(g, profile)
        assert conforms, text
    assert client.get("/data/catalog.ttl?page=2").status_code == 404
