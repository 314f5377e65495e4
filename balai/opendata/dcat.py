"""The open-data catalogue as DCAT-AP 3.0 (also valid DCAT-AP 2.1.1): one rdflib graph per page
of the catalogue, serialised as JSON-LD, Turtle or RDF/XML.

Harvesters (Satu Data Indonesia runs CKAN with ckanext-dcat) read the catalogue page by page,
following the Hydra paging links as ckanext-dcat itself publishes them. Controlled vocabularies
are the ones DCAT-AP names: the EU Publications Office authority tables (language, file type,
frequency, access right, country), IANA media types and the ADMS publisher types. Their IRIs
are typed in the graph (dct:Frequency, dct:MediaType, dct:LicenseDocument, ...) because the
DCAT-AP shapes check the class of every value and a harvester does not fetch the vocabularies.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max, Min, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, SKOS, XSD

from balai.accounts.models import Office
from balai.opendata import queries
from balai.opendata.models import Dataset

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
DCAT_VERSION = URIRef(str(DCAT) + "version")  # DCAT 3, not yet in rdflib's DCAT namespace
EU = "http://publications.europa.eu/resource/authority/"

PAGE_SIZE = 100
LANGUAGE = "id"
INDONESIAN = URIRef(EU + "language/IND")
INDONESIA = URIRef(EU + "country/IDN")
PUBLIC_ACCESS = URIRef(EU + "access-right/PUBLIC")
LOCAL_AUTHORITY = URIRef("http://purl.org/adms/publishertype/LocalAuthority")
PUBLISHER_TYPES = URIRef("http://purl.org/adms/publishertype/1.0")
FREQUENCIES = URIRef(EU + "frequency")

# English labels of the EU frequency codes queries.FREQUENCY_URIS points to.
FREQUENCY_LABELS = {"DAILY": "daily", "MONTHLY": "monthly", "QUARTERLY": "quarterly",
                    "ANNUAL": "annual", "IRREG": "irregular"}


@dataclass(frozen=True)
class Resource:
    """One rendering of a dataset's current version (a DCAT distribution)."""

    ext: str
    file_type: str  # EU file-type authority code
    media_type: str  # IANA media type


RESOURCES = (Resource("csv", "CSV", "text/csv"), Resource("json", "JSON", "application/json"))

# Serialisations: URL extension -> (rdflib format, media type).
FORMATS = {
    "jsonld": ("json-ld", "application/ld+json"),
    "ttl": ("turtle", "text/turtle"),
    "rdf": ("xml", "application/rdf+xml"),
}
# What content negotiation offers, the default (JSON-LD, the historical format) first.
MEDIA_TYPES = {"application/ld+json": "jsonld", "text/turtle": "ttl",
               "application/rdf+xml": "rdf", "application/json": "jsonld"}

CONTEXT = {"dcat": str(DCAT), "dct": str(DCTERMS), "foaf": str(FOAF), "vcard": str(VCARD),
           "skos": str(SKOS), "xsd": str(XSD), "owl": str(OWL), "hydra": str(HYDRA),
           "dcatap": str(DCATAP)}


class PageNotFound(Exception):
    """The requested page of the catalogue does not exist."""


def _period(text: str) -> tuple[dt.date, dt.date] | None:
    """The dates a dataset's free-text period stands for, when it is a year ("2026"), a range
    of years ("2020-2025") or a month ("2026-03"); None when it says nothing certain."""
    text = text.strip()
    if match := re.fullmatch(r"(\d{4})", text):
        year = int(match[1])
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if match := re.fullmatch(r"(\d{4})\s*[-–/]\s*(\d{4})", text):
        first, last = int(match[1]), int(match[2])
        if first <= last:
            return dt.date(first, 1, 1), dt.date(last, 12, 31)
        return None
    if match := re.fullmatch(r"(\d{4})-(\d{2})", text):
        year, month = int(match[1]), int(match[2])
        if 1 <= month <= 12:
            return (dt.date(year, month, 1),
                    dt.date(year, month, calendar.monthrange(year, month)[1]))
    return None


def _keywords(text: str) -> list[str]:
    return [word.strip() for word in text.split(",") if word.strip()]


class _Builder:
    """Adds the catalogue's resources to one graph, each shared resource once."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        self.graph = Graph()
        for prefix, namespace in CONTEXT.items():
            self.graph.bind(prefix, namespace)
        self.data_page = URIRef(self.url(reverse("opendata:index")))
        self.contact_page = URIRef(self.url(reverse("portal:contact")))
        self._done: set[URIRef] = set()

    def url(self, path: str) -> str:
        return self.request.build_absolute_uri(path)

    def add(self, subject: URIRef | BNode, predicate: URIRef, obj: object) -> None:
        self.graph.add((subject, predicate, obj))  # type: ignore[arg-type]

    def text(self, subject: URIRef | BNode, predicate: URIRef, value: str) -> None:
        self.add(subject, predicate, Literal(value, lang=LANGUAGE))

    def once(self, iri: URIRef) -> bool:
        """True the first time a shared resource (vocabulary term, agent) is described."""
        if iri in self._done:
            return False
        self._done.add(iri)
        return True

    # Vocabulary terms, typed with the classes the DCAT-AP shapes expect of them.

    def concept(self, iri: URIRef, label: str, scheme: URIRef, *classes: URIRef) -> URIRef:
        if self.once(iri):
            for cls in (SKOS.Concept, *classes):
                self.add(iri, RDF.type, cls)
            self.add(iri, SKOS.prefLabel, Literal(label, lang="en"))
            self.add(iri, SKOS.inScheme, scheme)
        return iri

    def typed(self, iri: URIRef, *classes: URIRef) -> URIRef:
        if self.once(iri):
            for cls in classes:
                self.add(iri, RDF.type, cls)
        return iri

    def language(self) -> URIRef:
        return self.typed(INDONESIAN, DCTERMS.LinguisticSystem)

    def country(self) -> URIRef:
        return self.typed(INDONESIA, DCTERMS.Location)

    def frequency(self, value: str) -> URIRef | None:
        iri = queries.FREQUENCY_URIS.get(value)
        if iri is None:
            return None
        label = FREQUENCY_LABELS[iri.rsplit("/", 1)[1]]
        return self.concept(URIRef(iri), label, FREQUENCIES, DCTERMS.Frequency)

    def licence(self, code: str) -> URIRef | None:
        title, url = queries.LICENCES.get(code, ("", ""))
        if not url:
            return None
        iri = URIRef(url)
        if self.once(iri):
            self.add(iri, RDF.type, DCTERMS.LicenseDocument)
            self.add(iri, DCTERMS.title, Literal(title, lang="en"))
        return iri

    def agent(self, iri: URIRef, name: str) -> URIRef:
        if self.once(iri):
            self.add(iri, RDF.type, FOAF.Agent)
            self.add(iri, RDF.type, FOAF.Organization)
            self.add(iri, FOAF.name, Literal(name, lang=LANGUAGE))
            kind = self.concept(LOCAL_AUTHORITY, "Local Authority", PUBLISHER_TYPES)
            self.add(iri, DCTERMS.type, kind)
        return iri

    def office(self, office: Office) -> URIRef:
        # The data page is the public page of every producer: the office's IRI is a fragment
        # of it, so the IRI is stable and resolves to a real page.
        return self.agent(URIRef(f"{self.data_page}#penerbit-{office.code}"), office.name)

    def contact(self, office: Office) -> URIRef:
        iri = URIRef(f"{self.data_page}#kontak-{office.code}")
        if self.once(iri):
            self.add(iri, RDF.type, VCARD.Kind)
            self.add(iri, RDF.type, VCARD.Organization)
            self.add(iri, VCARD.fn, Literal(office.name, lang=LANGUAGE))
            self.add(iri, VCARD.hasURL, self.contact_page)
        return iri

    def document(self, url: str) -> URIRef:
        return self.typed(URIRef(url), FOAF.Document)

    # The catalogue's own resources.

    def dataset(self, catalog: URIRef, dataset: Dataset) -> None:
        page = self.url(reverse("opendata:dataset", args=[dataset.slug]))
        node = URIRef(f"{page}#dataset")
        self.add(catalog, DCAT.dataset, node)
        self.add(node, RDF.type, DCAT.Dataset)
        self.add(node, DCTERMS.identifier, Literal(dataset.slug))
        self.text(node, DCTERMS.title, dataset.title)
        self.text(node, DCTERMS.description, dataset.description or
                  f"{dataset.title}. Data dari {dataset.office.name}.")
        # The distributions are the current version's renderings: they share the dataset's dates.
        issued = Literal(dataset.created_at, datatype=XSD.dateTime)
        modified = Literal(dataset.modified_at, datatype=XSD.dateTime)
        self.add(node, DCTERMS.issued, issued)
        self.add(node, DCTERMS.modified, modified)
        self.add(node, DCTERMS.publisher, self.office(dataset.office))
        self.add(node, DCAT.contactPoint, self.contact(dataset.office))
        self.add(node, DCAT.landingPage, self.document(page))
        self.add(node, DCTERMS.language, self.language())
        self.add(node, DCTERMS.spatial, self.country())
        self.add(node, DCTERMS.accessRights, self.typed(PUBLIC_ACCESS, DCTERMS.RightsStatement))
        for keyword in _keywords(dataset.keywords):
            self.text(node, DCAT.keyword, keyword)
        frequency = self.frequency(dataset.frequency)
        if frequency is not None:
            self.add(node, DCTERMS.accrualPeriodicity, frequency)
        period = _period(dataset.period)
        if period is not None:
            temporal = BNode(f"periode-{dataset.pk}")
            self.add(node, DCTERMS.temporal, temporal)
            self.add(temporal, RDF.type, DCTERMS.PeriodOfTime)
            self.add(temporal, DCAT.startDate, Literal(period[0], datatype=XSD.date))
            self.add(temporal, DCAT.endDate, Literal(period[1], datatype=XSD.date))
        version = dataset.current
        if version is not None:
            # dcat:version is DCAT 3's; owl:versionInfo is what DCAT-AP 2 harvesters read.
            self.add(node, DCAT_VERSION, Literal(str(version.number)))
            self.add(node, OWL.versionInfo, Literal(str(version.number)))
        licence = self.licence(dataset.licence)
        for resource in RESOURCES:
            self.distribution(node, page, dataset, resource, licence, (issued, modified))

    def distribution(self, dataset_node: URIRef, page: str, dataset: Dataset,
                     resource: Resource, licence: URIRef | None,
                     dates: tuple[Literal, Literal]) -> None:
        node = URIRef(f"{page}#distribusi-{resource.ext}")
        download = URIRef(self.url(reverse("opendata:download",
                                           args=[dataset.slug, resource.ext])))
        self.add(dataset_node, DCAT.distribution, node)
        self.add(node, RDF.type, DCAT.Distribution)
        self.text(node, DCTERMS.title, f"{dataset.title} ({resource.file_type})")
        if dataset.current is not None:
            self.text(node, DCTERMS.description, f"Versi {dataset.current.number}")
        self.add(node, DCAT.accessURL, download)
        self.add(node, DCAT.downloadURL, download)
        self.add(node, DCTERMS.format, self.typed(URIRef(f"{EU}file-type/{resource.file_type}"),
                                                  DCTERMS.MediaTypeOrExtent))
        self.add(node, DCAT.mediaType,
                 self.typed(URIRef(f"https://www.iana.org/assignments/media-types/"
                                   f"{resource.media_type}"), DCTERMS.MediaType))
        self.add(node, DCTERMS.issued, dates[0])
        self.add(node, DCTERMS.modified, dates[1])
        if licence is not None:
            self.add(node, DCTERMS.license, licence)


def catalogue_datasets() -> QuerySet[Dataset]:
    """The published datasets for the catalogue, without the versions' tables (only the
    version number is needed, and the tables can be large)."""
    return queries.public_datasets().defer("current__rows", "current__columns")


def catalog_graph(request: HttpRequest, *, page: int = 1) -> Graph:
    """One page of the catalogue (PAGE_SIZE datasets) as a DCAT-AP graph, in two queries."""
    rows = queries.public_datasets()
    totals = rows.aggregate(count=Count("id"), first=Min("created_at"),
                            last=Max("modified_at"))
    count = totals["count"]
    last_page = max(1, -(-count // PAGE_SIZE))
    if page < 1 or page > last_page:
        raise PageNotFound
    start = (page - 1) * PAGE_SIZE
    datasets = list(catalogue_datasets()[start:start + PAGE_SIZE])

    builder = _Builder(request)
    catalog_url = builder.url(reverse("opendata:catalog"))
    catalog = URIRef(catalog_url)
    regency = settings.BALAI_REGENCY_NAME
    builder.add(catalog, RDF.type, DCAT.Catalog)
    builder.text(catalog, DCTERMS.title, f"Data terbuka {regency}")
    builder.text(catalog, DCTERMS.description,
                 f"Katalog dataset terbuka {regency}: data yang dihasilkan perangkat daerah, "
                 "dalam CSV dan JSON, bebas digunakan menurut lisensinya.")
    builder.add(catalog, DCTERMS.publisher,
                builder.agent(URIRef(builder.url("/") + "#pemerintah-daerah"),
                              f"Pemerintah {regency}"))
    builder.add(catalog, FOAF.homepage, builder.document(str(builder.data_page)))
    builder.add(catalog, DCTERMS.language, builder.language())
    builder.add(catalog, DCTERMS.spatial, builder.country())
    if totals["first"] is not None:
        builder.add(catalog, DCTERMS.issued, Literal(totals["first"], datatype=XSD.dateTime))
        builder.add(catalog, DCTERMS.modified, Literal(totals["last"], datatype=XSD.dateTime))
    for dataset in datasets:
        builder.dataset(catalog, dataset)
    _paging(builder, catalog_url, page=page, last_page=last_page, count=count)
    return builder.graph


def _paging(builder: _Builder, catalog_url: str, *, page: int, last_page: int,
            count: int) -> None:
    """Hydra paging, as ckanext-dcat publishes and follows it."""

    def page_url(number: int) -> Literal:
        return Literal(f"{catalog_url}?page={number}")

    node = URIRef(f"{catalog_url}?page={page}")
    builder.add(node, RDF.type, HYDRA.PagedCollection)
    builder.add(node, HYDRA.totalItems, Literal(count))
    builder.add(node, HYDRA.itemsPerPage, Literal(PAGE_SIZE))
    builder.add(node, HYDRA.firstPage, page_url(1))
    builder.add(node, HYDRA.lastPage, page_url(last_page))
    if page > 1:
        builder.add(node, HYDRA.previousPage, page_url(page - 1))
    if page < last_page:
        builder.add(node, HYDRA.nextPage, page_url(page + 1))


def serialise(graph: Graph, fmt: str) -> tuple[bytes, str]:
    """The graph in one of FORMATS, with its media type."""
    rdflib_format, media_type = FORMATS[fmt]
    options = {"context": CONTEXT, "auto_compact": True} if rdflib_format == "json-ld" else {}
    data = graph.serialize(format=rdflib_format, encoding="utf-8", **options)
    return data, media_type
