"""Reads for the portal pages, and the site search with its registry of search sources.

The search page asks every registered source in turn and shows their results in groups. A
domain app adds its own content to the search by registering a source once, typically in its
AppConfig.ready():

    from balai.portal.queries import register_search_source
    register_search_source(ServiceCatalogueSource())

A source needs a `key`, a `label` (shown as the group heading) and a
`search(terms, *, limit) -> list[SearchResult]` that runs a bounded number of queries (the
search page's query count stays constant however many results there are).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_
from typing import Any, Protocol

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from balai.portal.models import FaqEntry, FaqTopic, OpeningHours, ServiceLocation

MAX_QUERY_LENGTH = 100
MAX_TERMS = 8


# Pages -------------------------------------------------------------------------------------

def faq_topics() -> list[FaqTopic]:
    """Topics that have published entries, each with `published_entries` in order (2 queries)."""
    entries = FaqEntry.objects.filter(is_published=True).order_by("position", "question")
    topics = (FaqTopic.objects.filter(entries__is_published=True).distinct()
              .order_by("position", "name")
              .prefetch_related(Prefetch("entries", queryset=entries,
                                         to_attr="published_entries")))
    return list(topics)


def service_locations() -> QuerySet[ServiceLocation]:
    """Published service locations with kecamatan and opening hours (2 queries)."""
    return (ServiceLocation.objects.filter(is_published=True)
            .select_related("kecamatan")
            .prefetch_related(Prefetch("opening_hours",
                                       queryset=OpeningHours.objects.order_by("weekday", "opens")))
            .order_by("position", "name"))


@dataclass(frozen=True)
class DaySchedule:
    label: str
    periods: list[OpeningHours]

    @property
    def is_closed(self) -> bool:
        return not self.periods


def weekly_schedule(location: ServiceLocation) -> list[DaySchedule]:
    """Every weekday from Senin to Minggu with its opening periods, from prefetched rows."""
    by_day: dict[int, list[OpeningHours]] = {}
    for period in location.opening_hours.all():
        by_day.setdefault(period.weekday, []).append(period)
    return [DaySchedule(label=str(day.label), periods=by_day.get(day.value, []))
            for day in OpeningHours.Weekday]


# Search ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SearchResult:
    title: str
    url: str
    summary: str = ""


@dataclass(frozen=True)
class SearchGroup:
    key: str
    label: str
    results: list[SearchResult] = field(default_factory=list)


class SearchSource(Protocol):
    key: str
    label: Any  # a (lazy) translatable string

    def search(self, terms: list[str], *, limit: int) -> list[SearchResult]: ...


_sources: dict[str, tuple[int, SearchSource]] = {}


def register_search_source(source: SearchSource, *, position: int = 100) -> None:
    """Add a source to the site search; registering the same key again replaces it.

    Groups are shown by ascending position: the service catalogue, what citizens look for
    most, should take a position below the portal's own sources (50-70).
    """
    _sources[source.key] = (position, source)


def search_sources() -> list[SearchSource]:
    return [source for _, source in sorted(_sources.values(), key=lambda item: item[0])]


def search_terms(query: str) -> list[str]:
    """The distinct words of a query, in order, at most MAX_TERMS of them."""
    terms: list[str] = []
    for word in query[:MAX_QUERY_LENGTH].split():
        word = word.strip(".,;:!?\"'()")
        if word and word.lower() not in (t.lower() for t in terms):
            terms.append(word)
    return terms[:MAX_TERMS]


def search_portal(*, query: str, limit_per_source: int = 20) -> list[SearchGroup]:
    """Results of every registered source for the query; sources without results are left out.

    Every term must occur somewhere in a result (in any of its searchable fields).
    """
    terms = search_terms(query)
    if not terms:
        return []
    groups = []
    for source in search_sources():
        results = source.search(terms, limit=limit_per_source)
        # A result whose title names every term is the likeliest answer: list it first.
        results.sort(key=lambda r: not all(t.casefold() in r.title.casefold() for t in terms))
        if results:
            groups.append(SearchGroup(key=source.key, label=str(source.label), results=results))
    return groups


def all_terms_match(terms: Iterable[str], fields: Iterable[str]) -> Q:
    """A filter that requires each term in at least one of the fields (case-insensitive)."""
    fields = list(fields)
    return reduce(and_, (reduce(or_, (Q(**{f"{name}__icontains": term}) for name in fields))
                         for term in terms))


def _summary(text: str, words: int = 30) -> str:
    return Truncator(" ".join(text.split())).words(words)


class FaqSource:
    key = "faq"
    label = _("Pertanyaan yang sering diajukan")

    def search(self, terms: list[str], *, limit: int) -> list[SearchResult]:
        entries = (FaqEntry.objects.filter(is_published=True)
                   .filter(all_terms_match(terms, ["question", "answer", "topic__name"]))
                   .order_by("topic__position", "position", "question")
                   .only("slug", "question", "answer")[:limit])
        url = reverse("portal:help")
        return [SearchResult(title=e.question, url=f"{url}#{e.slug}", summary=_summary(e.answer))
                for e in entries]


class ServiceLocationSource:
    key = "lokasi"
    label = _("Lokasi dan jam layanan")

    def search(self, terms: list[str], *, limit: int) -> list[SearchResult]:
        fields = ["name", "office_name", "address", "notes", "kecamatan__name"]
        locations = (ServiceLocation.objects.filter(is_published=True)
                     .filter(all_terms_match(terms, fields))
                     .order_by("position", "name")
                     .only("slug", "name", "office_name", "address")[:limit])
        url = reverse("portal:contact")
        return [SearchResult(title=loc.name, url=f"{url}#{loc.slug}",
                             summary=" — ".join(p for p in (loc.office_name, loc.address) if p))
                for loc in locations]


@dataclass(frozen=True)
class HelpPage:
    url_name: str
    title: Any
    summary: Any
    keywords: Any = ""


def _contact_summary_text() -> str:
    return gettext("Alamat, telepon, email, dan jam buka kantor pelayanan di %(regency)s.") % {
        "regency": settings.BALAI_REGENCY_NAME}


_contact_summary = lazy(_contact_summary_text, str)


# The portal's own information pages. Titles, summaries and keywords are matched in the
# language the visitor reads, so "contact" finds the Kontak page in English.
HELP_PAGES = [
    HelpPage("portal:about", _("Tentang Balai"),
             _("Apa itu Balai, siapa pengelolanya, keamanan data pribadi, dan pernyataan "
               "aksesibilitas."),
             _("tentang profil pemerintah kabupaten privasi keamanan aksesibilitas disabilitas")),
    HelpPage("portal:help", _("Bantuan dan pertanyaan yang sering diajukan"),
             _("Jawaban atas pertanyaan tentang akun, NIK, dokumen kependudukan, dan layanan "
               "dibantu di kantor desa."),
             _("bantuan faq tanya jawab panduan cara daftar akun kata sandi lupa")),
    HelpPage("portal:contact", _("Kontak, lokasi layanan, dan jam buka"),
             _contact_summary(),
             _("kontak alamat telepon email jam buka kantor kecamatan lokasi layanan")),
]


class HelpPageSource:
    key = "halaman"
    label = _("Halaman informasi")

    def __init__(self, pages: Iterable[HelpPage] = HELP_PAGES,
                 resolve: Callable[[str], str] = reverse) -> None:
        self.pages = list(pages)
        self.resolve = resolve

    def search(self, terms: list[str], *, limit: int) -> list[SearchResult]:
        found = []
        for page in self.pages:
            text = f"{page.title} {page.summary} {page.keywords}".casefold()
            if all(term.casefold() in text for term in terms):
                found.append(SearchResult(title=str(page.title), url=self.resolve(page.url_name),
                                          summary=str(page.summary)))
        return found[:limit]


register_search_source(FaqSource(), position=50)
register_search_source(ServiceLocationSource(), position=60)
register_search_source(HelpPageSource(), position=70)


def office_location(*, name: str) -> ServiceLocation | None:
    """The published service location of an office, found by the office's name (a location
    may add the regency: "Dinas X Kabupaten Kubu Raya"); None when no location names it."""
    return (ServiceLocation.objects.filter(is_published=True)
            .filter(Q(office_name__iexact=name) | Q(office_name__istartswith=f"{name} "))
            .select_related("kecamatan").order_by("position", "name").first())
