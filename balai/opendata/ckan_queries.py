"""The reads behind the CKAN Action API (balai.opendata.ckan): Balai's datasets, offices,
topics, tags, licences and changes in the shapes of CKAN 2.10's action results, and
package_search's query language (q, fq, sort, facets) over the database.

How Balai maps onto CKAN:
- a published dataset is a package (id "balai-<pk>", name = its slug); its current version's
  table is served as two resources, CSV and JSON (id "balai-<pk>-csv" / "-json");
- the producing office is the package's organization (and its author); the maintainer is
  the dataset's own contact, or the office when none is set;
- a Topic (Satu Data's "topik") is a CKAN group; a dataset may be in several;
- tags are the dataset's comma-separated keywords;
- activities are the ledger's entries about public datasets (created, new version, topics
  changed), newest first.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    IntegerField,
    Min,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from balai.accounts.models import Office
from balai.ledger.models import LedgerEntry
from balai.opendata import queries, resources
from balai.opendata.licences import get_licence
from balai.opendata.models import Dataset, DatasetVersion, Topic

PACKAGE_PREFIX = "balai-"
ORGANIZATION_PREFIX = "balai-office-"
GROUP_PREFIX = "balai-topic-"
FORMAT_NAMES = {fmt.upper(): fmt for fmt in resources.FORMATS}
DEFAULT_SORT = "score desc, metadata_modified desc"
PUBLISHED = Q(is_published=True, current__isnull=False)
# Matches every dataset; unlike an empty Q() it still means "nothing" once negated.
EVERY = Q(pk__isnull=False)


class SearchError(ValueError):
    """A q, fq, sort or facet.field that Balai cannot run (CKAN's "Search Error")."""


def ckan_time(value: datetime | None) -> str | None:
    # CKAN writes its timestamps as naive UTC in ISO 8601.
    if value is None:
        return None
    return value.astimezone(UTC).replace(tzinfo=None).isoformat()


def split_tags(keywords: str) -> list[str]:
    return [tag.strip() for tag in keywords.split(",") if tag.strip()]


def _number(ident: str, prefix: str) -> int | None:
    rest = ident[len(prefix):] if ident.startswith(prefix) else ""
    return int(rest) if rest.isdigit() else None


# --- packages and resources ------------------------------------------------------------------

def packages() -> QuerySet[Dataset]:
    """Public datasets with what a package dict needs, in a fixed number of queries."""
    return queries.public_datasets().prefetch_related(
        Prefetch("topics", queryset=Topic.objects.order_by("slug")))


def find_package(ident: str) -> Dataset | None:
    """A public dataset by name (slug) or id ("balai-<pk>")."""
    rows = packages()
    found = rows.filter(slug=ident).first()
    number = _number(ident, PACKAGE_PREFIX)
    if found is None and number is not None:
        found = rows.filter(pk=number).first()
    return found


def organization_summary(office: Office) -> dict[str, Any]:
    return {"id": f"{ORGANIZATION_PREFIX}{office.pk}", "name": office.code,
            "title": office.name, "type": "organization", "description": office.name,
            "image_url": "", "created": None, "is_organization": True,
            "approval_status": "approved", "state": "active"}


def group_summary(topic: Topic) -> dict[str, Any]:
    return {"id": f"{GROUP_PREFIX}{topic.pk}", "name": topic.slug, "title": topic.title,
            "display_name": topic.title, "description": topic.description,
            "image_display_url": ""}


def resource_dicts(request: HttpRequest, dataset: Dataset) -> list[dict[str, Any]]:
    version = dataset.current
    assert version is not None  # public datasets have a current version
    urls = queries.resource_urls(request, dataset)
    return [{
        "id": f"{PACKAGE_PREFIX}{dataset.pk}-{fmt}", "package_id": f"{PACKAGE_PREFIX}{dataset.pk}",
        "name": f"{dataset.title} ({fmt.upper()})", "description": f"Versi {version.number}",
        "format": fmt.upper(), "mimetype": resources.MIMETYPES[fmt], "mimetype_inner": None,
        "url": urls[fmt],
        # Balai renders the file from the version's table; CKAN's null url_type means the url
        # is followed as it is (no CKAN filestore, no datastore behind it).
        "url_type": None,
        "size": getattr(version, f"{fmt}_size"), "hash": getattr(version, f"{fmt}_sha256"),
        "state": "active", "position": position,
        "created": ckan_time(dataset.created_at), "last_modified": ckan_time(version.created_at),
        "metadata_modified": ckan_time(dataset.modified_at),
        "cache_url": None, "cache_last_updated": None, "datastore_active": False,
    } for position, fmt in enumerate(resources.FORMATS)]


def package_dict(request: HttpRequest, dataset: Dataset) -> dict[str, Any]:
    """A dataset in the shape of CKAN's package_show result."""
    licence = get_licence(dataset.licence)
    version = dataset.current
    tags = split_tags(dataset.keywords)
    office = dataset.office
    return {
        "id": f"{PACKAGE_PREFIX}{dataset.pk}", "name": dataset.slug, "title": dataset.title,
        "notes": dataset.description, "type": "dataset", "state": "active", "private": False,
        "author": office.name, "author_email": None,
        "maintainer": dataset.maintainer or office.name,
        "maintainer_email": dataset.maintainer_email or None,
        "creator_user_id": None, "isopen": licence.od_conformance == "approved",
        "license_id": dataset.licence, "license_title": licence.title,
        "license_url": licence.url, "version": str(version.number if version else ""),
        "metadata_created": ckan_time(dataset.created_at),
        "metadata_modified": ckan_time(dataset.modified_at),
        "owner_org": f"{ORGANIZATION_PREFIX}{office.pk}",
        "organization": organization_summary(office),
        "url": request.build_absolute_uri(reverse("opendata:dataset", args=[dataset.slug])),
        "tags": [{"id": tag, "name": tag, "display_name": tag, "state": "active",
                  "vocabulary_id": None} for tag in tags],
        "num_tags": len(tags),
        "groups": [group_summary(topic) for topic in dataset.topics.all()],
        "extras": [{"key": "frequency", "value": dataset.frequency},
                   {"key": "period", "value": dataset.period},
                   {"key": "downloads", "value": str(dataset.downloads)}],
        "resources": resource_dicts(request, dataset),
        "num_resources": len(resources.FORMATS),
        "relationships_as_object": [], "relationships_as_subject": [],
    }


def find_resource(request: HttpRequest, ident: str) -> dict[str, Any] | None:
    package_id, _, fmt = ident.rpartition("-")
    number = _number(package_id, PACKAGE_PREFIX)
    if number is None or fmt not in resources.FORMATS:
        return None
    dataset = queries.public_datasets().filter(pk=number).first()
    if dataset is None:
        return None
    return resource_dicts(request, dataset)[resources.FORMATS.index(fmt)]


# --- organizations, groups, tags ------------------------------------------------------------

def organizations() -> QuerySet[Office]:
    """Offices that publish at least one dataset, with their package count."""
    published = Q(datasets__is_published=True, datasets__current__isnull=False)
    return (Office.objects.annotate(package_count=Count("datasets", filter=published),
                                    first_created=Min("datasets__created_at", filter=published))
            .filter(package_count__gt=0))


def groups() -> QuerySet[Topic]:
    published = Q(datasets__is_published=True, datasets__current__isnull=False)
    return Topic.objects.annotate(package_count=Count("datasets", filter=published))


def organization_dict(office: Office) -> dict[str, Any]:
    return {**organization_summary(office), "display_name": office.name,
            "image_display_url": "", "created": ckan_time(office.first_created),  # type: ignore[attr-defined]
            "package_count": office.package_count,  # type: ignore[attr-defined]
            "num_followers": 0}


def group_dict(topic: Topic) -> dict[str, Any]:
    return {**group_summary(topic), "type": "group", "is_organization": False,
            "image_url": "", "created": ckan_time(topic.created_at), "state": "active",
            "approval_status": "approved",
            "package_count": topic.package_count,  # type: ignore[attr-defined]
            "num_followers": 0}


def find_organization(ident: str) -> Office | None:
    number = _number(ident, ORGANIZATION_PREFIX)
    return organizations().filter(Q(code=ident) | Q(pk=number if number is not None else -1)
                                  ).first()


def find_group(ident: str) -> Topic | None:
    number = _number(ident, GROUP_PREFIX)
    return groups().filter(Q(slug=ident) | Q(pk=number if number is not None else -1)).first()


def tag_names(query: str = "") -> list[str]:
    """Every tag of a public dataset, sorted; those containing `query` when given."""
    names = {tag for keywords in queries.public_datasets().values_list("keywords", flat=True)
             for tag in split_tags(keywords)}
    if query:
        names = {name for name in names if query.lower() in name.lower()}
    return sorted(names)


# --- activities -----------------------------------------------------------------------------

ACTIVITY_TYPES = {"data.dataset_dibuat": "new package", "data.versi_terbit": "changed package",
                  "data.topik_diubah": "changed package"}


def recent_activities(request: HttpRequest, *, offset: int, limit: int) -> list[dict[str, Any]]:
    """CKAN activity dicts from the ledger's entries about public datasets, newest first.
    The ledger keeps no copy of the dataset, so `data.package` is the dataset as it is now."""
    public = Dataset.objects.filter(PUBLISHED)
    dataset_keys = public.annotate(key=Cast("pk", CharField())).values("key")
    version_keys = (DatasetVersion.objects.filter(dataset__in=public.values("pk"))
                    .annotate(key=Cast("pk", CharField())).values("key"))
    entries = list(LedgerEntry.objects.filter(
        Q(object_type="opendata.dataset", object_id__in=dataset_keys,
          action__in=["data.dataset_dibuat", "data.topik_diubah"])
        | Q(object_type="opendata.datasetversion", object_id__in=version_keys,
            action="data.versi_terbit"),
    ).order_by("-id")[offset:offset + limit])
    version_ids = [int(e.object_id) for e in entries
                   if e.object_type == "opendata.datasetversion"]
    of_version = dict(DatasetVersion.objects.filter(pk__in=version_ids)
                      .values_list("pk", "dataset_id"))

    def dataset_id(entry: LedgerEntry) -> int | None:
        if entry.object_type == "opendata.datasetversion":
            return of_version.get(int(entry.object_id))
        return int(entry.object_id)

    datasets = {d.pk: d for d in packages().filter(pk__in={dataset_id(e) for e in entries})}
    activities = []
    for entry in entries:
        dataset = datasets.get(dataset_id(entry))  # type: ignore[arg-type]
        if dataset is None:  # unpublished between the two reads
            continue
        # An officer is named by an opaque id, never by name: the feed is public.
        actor = (f"balai-user-{entry.actor_id}" if entry.actor_id is not None
                 else entry.actor_label)
        activities.append({
            "id": f"balai-ledger-{entry.pk}", "timestamp": ckan_time(entry.created_at),
            "user_id": actor, "object_id": f"{PACKAGE_PREFIX}{dataset.pk}",
            "activity_type": ACTIVITY_TYPES[entry.action], "permission_labels": ["public"],
            "data": {"package": package_dict(request, dataset), "actor": actor}})
    return activities


# --- package_search -------------------------------------------------------------------------

# One clause of Solr's query syntax as CKAN clients write it: [+|-]field:value, where the
# value is a bare word, a "quoted phrase", a (list OR of values) or a [from TO to] range.
_CLAUSE = re.compile(r"""(?P<sign>[+-]?)(?P<field>[A-Za-z_]+):
    (?:"(?P<quoted>(?:[^"\\]|\\.)*)"|\((?P<group>[^()]*)\)|\[(?P<range>[^\]]*)\]
      |(?P<bare>(?:[^\s()"\[\]\\]|\\.)+))""", re.X)
_WORD = re.compile(r'"(?P<phrase>(?:[^"\\]|\\.)*)"|(?P<word>[^\s"()\[\]]+)')
_UNESCAPE = re.compile(r"\\(.)")


def _unescape(text: str) -> str:
    return _UNESCAPE.sub(r"\1", text)


def _tag_q(tag: str) -> Q:
    # Keywords are stored comma-separated; a tag matches one whole item.
    return Q(keywords__regex=rf"(^|,)\s*{re.escape(tag)}\s*(,|$)")


def _ids(values: list[str], prefix: str) -> list[int]:
    return [n for n in (_number(v, prefix) for v in values) if n is not None]


def _when(match: bool) -> Q:
    return EVERY if match else Q(pk__in=[])


def _solr_time(text: str) -> datetime | None:
    if text == "*":
        return None
    if text.upper() == "NOW":
        return timezone.now()
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise SearchError(f"tanggal tidak sah: {text}") from None
    return value if timezone.is_aware(value) else value.replace(tzinfo=UTC)


def _range_q(column: str, text: str) -> Q:
    parts = text.split()
    if len(parts) != 3 or parts[1] != "TO":
        raise SearchError(f"rentang tidak sah: [{text}]")
    low, high = _solr_time(parts[0]), _solr_time(parts[2])
    condition = EVERY
    if low is not None:
        condition &= Q(**{f"{column}__gte": low})
    if high is not None:
        condition &= Q(**{f"{column}__lte": high})
    return condition


def _field_q(name: str, values: list[str], range_text: str | None) -> Q:
    dates = {"metadata_modified": "modified_at", "metadata_created": "created_at"}
    if name in dates:
        if range_text is None:
            raise SearchError(f"{name}: gunakan rentang [dari TO sampai]")
        return _range_q(dates[name], range_text)
    if range_text is not None:
        raise SearchError(f"{name}: rentang tidak didukung")
    if "*" in values:
        return ~Q(keywords="") if name == "tags" else EVERY
    if name == "organization":
        return Q(office__code__in=values)
    if name == "owner_org":
        return Q(office__code__in=values) | Q(office__pk__in=_ids(values, ORGANIZATION_PREFIX))
    if name == "groups":
        through = Topic.datasets.through.objects.filter(topic__slug__in=values)
        return Q(pk__in=through.values("dataset_id"))
    if name == "tags":
        condition = Q(pk__in=[])
        for tag in values:
            condition |= _tag_q(tag)
        return condition
    if name == "res_format":
        return _when(any(v.upper() in FORMAT_NAMES for v in values))
    if name == "name":
        return Q(slug__in=values)
    if name == "id":
        return Q(pk__in=_ids(values, PACKAGE_PREFIX))
    if name == "license_id":
        return Q(licence__in=values)
    if name in ("title", "notes", "text"):
        column = {"title": "title", "notes": "description"}.get(name)
        condition = Q(pk__in=[])
        for value in values:
            condition |= _text_q(value) if column is None else Q(**{f"{column}__icontains":
                                                                    value})
        return condition
    if name in ("dataset_type", "type"):
        return _when("dataset" in values)
    if name == "capacity":
        return _when("public" in values)
    if name == "state":
        return _when("active" in values)
    raise SearchError(f"bidang tidak dikenal: {name}")


def _text_q(word: str) -> Q:
    return (Q(title__icontains=word) | Q(description__icontains=word)
            | Q(keywords__icontains=word))


def _group_values(text: str) -> list[str]:
    values = []
    for match in _WORD.finditer(text):
        if match["word"] == "OR":
            continue
        if match["word"] in ("AND", "NOT"):
            raise SearchError("hanya OR yang didukung di dalam tanda kurung")
        values.append(_unescape(match["phrase"] if match["phrase"] is not None
                                else match["word"]))
    if not values:
        raise SearchError("daftar nilai kosong")
    return values


def parse_query(text: str) -> tuple[Q, list[str]]:
    """The filter and the free-text words of a q or fq (clauses are ANDed, as CKAN's
    default operator is)."""
    condition, words, position = Q(), [], 0
    while position < len(text):
        if text[position].isspace():
            position += 1
            continue
        rest = text[position:]
        if rest.startswith("*:*"):
            position += 3
            continue
        clause = _CLAUSE.match(text, position)
        if clause is not None:
            if clause["quoted"] is not None:
                values = [_unescape(clause["quoted"])]
            elif clause["group"] is not None:
                values = _group_values(clause["group"])
            elif clause["range"] is not None:
                values = []
            else:
                values = [_unescape(clause["bare"])]
            found = _field_q(clause["field"], values, clause["range"])
            condition &= ~found if clause["sign"] == "-" else found
            position = clause.end()
            continue
        word = _WORD.match(text, position)
        if word is None:
            raise SearchError(f"tidak dapat dibaca: {rest[:40]}")
        term = word["phrase"] if word["phrase"] is not None else word["word"]
        if term not in ("AND", "+") and term.strip("+"):
            words.append(_unescape(term.lstrip("+")))
        position = word.end()
    return condition, words


SORT_COLUMNS = {"score": "score", "metadata_modified": "modified_at",
                "metadata_created": "created_at", "name": "slug", "title_string": "title",
                "title": "title", "id": "pk"}


def parse_sort(text: str) -> list[str]:
    order = []
    for part in text.split(","):
        bits = part.split()
        if len(bits) != 2 or bits[0] not in SORT_COLUMNS or bits[1] not in ("asc", "desc"):
            raise SearchError(f"urutan tidak sah: {part.strip()}")
        order.append(("-" if bits[1] == "desc" else "") + SORT_COLUMNS[bits[0]])
    return [*order, "pk"]


FACET_FIELDS = ("organization", "tags", "groups", "res_format", "license_id")


@dataclass
class Search:
    q: str = ""
    fq: str = ""
    sort: str = DEFAULT_SORT
    rows: int = 10
    start: int = 0
    facet_fields: list[str] = field(default_factory=list)
    facet_limit: int = 50
    facet_mincount: int = 1


def _score(words: list[str]) -> Any:
    # Relevance: a word in the title weighs most, then in the tags, then in the description.
    if not words:
        return Value(1, output_field=IntegerField())
    total: Any = Value(0, output_field=IntegerField())
    for word in words:
        for column, weight in (("title", 3), ("keywords", 2), ("description", 1)):
            total = total + Case(When(**{f"{column}__icontains": word}, then=Value(weight)),
                                 default=Value(0), output_field=IntegerField())
    return total


def _facet(found: QuerySet[Dataset], name: str, count: int) -> list[tuple[str, str, int]]:
    """(name, display name, count) of one facet over the matching datasets."""
    if name == "organization":
        rows = (found.order_by().values_list("office__code", "office__name")
                .annotate(n=Count("pk")))
        return [(code, title, n) for code, title, n in rows]
    if name == "license_id":
        rows = found.order_by().values_list("licence").annotate(n=Count("pk"))
        return [(licence, get_licence(licence).title, n) for licence, n in rows]
    if name == "groups":
        through = (Topic.datasets.through.objects
                   .filter(dataset_id__in=found.order_by().values("pk"))
                   .values_list("topic__slug", "topic__title").annotate(n=Count("dataset_id")))
        return [(slug, title, n) for slug, title, n in through]
    if name == "tags":
        counter = Counter(tag for keywords in found.order_by().values_list("keywords", flat=True)
                          for tag in set(split_tags(keywords)))
        return [(tag, tag, n) for tag, n in counter.items()]
    if name == "res_format":
        return [(label, label, count) for label in FORMAT_NAMES]
    raise SearchError(f"facet tidak dikenal: {name}")


def search_packages(request: HttpRequest, search: Search) -> dict[str, Any]:
    """package_search's result: count, the page of packages, facets."""
    q_filter, words = parse_query(search.q)
    fq_filter, fq_words = parse_query(search.fq)
    order = parse_sort(search.sort)
    for name in search.facet_fields:
        if name not in FACET_FIELDS:
            raise SearchError(f"facet tidak dikenal: {name}")
    found = Dataset.objects.filter(PUBLISHED).filter(q_filter & fq_filter)
    for word in [*words, *fq_words]:
        found = found.filter(_text_q(word))
    count = found.count()
    page = (packages().filter(pk__in=found.values("pk")).annotate(score=_score(words))
            .order_by(*order)[search.start:search.start + search.rows]) if count else []
    facets: dict[str, dict[str, int]] = {}
    search_facets: dict[str, Any] = {}
    for name in search.facet_fields:
        items = [item for item in _facet(found, name, count) if item[2] >= search.facet_mincount]
        items.sort(key=lambda item: (-item[2], item[0]))
        if search.facet_limit >= 0:
            items = items[:search.facet_limit]
        facets[name] = {key: n for key, _, n in items}
        search_facets[name] = {"title": name, "items": [
            {"name": key, "display_name": display or key, "count": n}
            for key, display, n in items]}
    return {"count": count, "sort": search.sort, "facets": facets,
            "search_facets": search_facets,
            "results": [package_dict(request, dataset) for dataset in page]}
