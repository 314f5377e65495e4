"""Reads of the public service catalogue: listings, one service, the workflow in plain words,
and Indonesian full-text search on PostgreSQL or SQLite (see search.py)."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from balai.catalogue import search
from balai.catalogue.models import Service, ServiceDefinition
from balai.catalogue.spec import (
    APPLICANT,
    CATEGORIES,
    ServiceSpec,
    Workflow,
    WorkflowAction,
)

if TYPE_CHECKING:
    from balai.portal.queries import SearchResult

MAX_RESULTS = 50


def public_services() -> QuerySet[Service]:
    """Active services that have a version in force, with office and definition (one query)."""
    return (Service.objects.filter(is_active=True, current__isnull=False)
            .select_related("office", "current"))


@dataclass(frozen=True)
class Category:
    code: str
    label: str
    services: list[Service] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.services)


def catalogue_by_category() -> list[Category]:
    """Every category that has public services, in the catalogue's order, with its services by
    name (one query)."""
    by_category: dict[str, list[Service]] = {}
    for service in public_services().order_by("name"):
        by_category.setdefault(service.category, []).append(service)
    return [Category(code, str(label), by_category[code])
            for code, label in CATEGORIES.items() if code in by_category]


def category_services(category: str) -> Category | None:
    """One category with its public services (one query); None for an unknown category."""
    if category not in CATEGORIES:
        return None
    services = list(public_services().filter(category=category).order_by("name"))
    return Category(category, CATEGORIES[category], services)


def get_public_service(code: str) -> Service | None:
    return public_services().filter(code=code).first()


def get_definition(*, code: str, version: int) -> ServiceDefinition | None:
    """One published version of a service (applications keep the version they were made under)."""
    return (ServiceDefinition.objects.select_related("service", "service__office")
            .filter(service__code=code, version=version).first())


def search_services(query: str, *, limit: int = MAX_RESULTS) -> list[Service]:
    """Public services matching every word of the query, best first; Indonesian words match
    their root ("kelahiran" finds "lahir"). One query on PostgreSQL, two on SQLite."""
    if not search.words(query):
        return []
    if connection.vendor == "postgresql":
        return _search_postgresql(query, limit=limit)
    ids = search.fts_matches(query, limit=limit)
    if not ids:
        return []
    services = public_services().in_bulk(ids)
    return [services[pk] for pk in ids if pk in services]


def _search_postgresql(query: str, *, limit: int) -> list[Service]:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = (SearchVector("name", config=search.PG_CONFIG, weight="A")
              + SearchVector("search_text", config=search.PG_CONFIG, weight="B"))
    terms = SearchQuery(" ".join(search.words(query)), config=search.PG_CONFIG,
                        search_type="plain")
    return list(public_services().annotate(document=vector, rank=SearchRank(vector, terms))
                .filter(document=terms).order_by("-rank", "name")[:limit])


# The workflow in plain words ---------------------------------------------------------------

ROLE_LABELS = {
    APPLICANT: _("Anda (pemohon)"),
    "petugas": _("petugas layanan"),
    "verifikator": _("verifikator"),
    "pejabat_penandatangan": _("pejabat penandatangan"),
    "operator_layanan": _("operator layanan"),
    "admin": _("admin kantor"),
}


@dataclass(frozen=True)
class Step:
    """One workflow action as a citizen reads it."""

    label: str
    actors: str
    from_states: list[str]
    to_state: str
    comment_required: bool
    issues_document: bool


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(role, role.replace("_", " ")))


@dataclass(frozen=True)
class Steps:
    """The workflow for the service page: the usual path to the document, then the rest."""

    main: list[Step]
    other: list[Step]


def _step(action: WorkflowAction, workflow: Workflow, language: str) -> Step:
    return Step(label=action.label.get(language),
                actors=", ".join(role_label(role) for role in action.roles),
                from_states=[workflow.label(s, language) for s in action.from_states],
                to_state=workflow.label(action.to, language),
                comment_required=action.comment == "required",
                issues_document=bool(action.issues))


def _usual_path(workflow: Workflow) -> list[WorkflowAction]:
    """The shortest run of actions from the initial state through the action that issues the
    document (or, without one, to the first final state in the definition's order)."""
    came_from: dict[str, tuple[str, WorkflowAction] | None] = {workflow.initial: None}
    queue = deque([workflow.initial])
    while queue:
        state = queue.popleft()
        for action in workflow.actions_from(state):
            if action.to not in came_from:
                came_from[action.to] = (state, action)
                queue.append(action.to)
    targets = [a.to for a in workflow.actions if a.issues] or list(workflow.final_states)
    target = next((state for state in targets if state in came_from), None)
    path: list[WorkflowAction] = []
    while target is not None and (previous := came_from[target]) is not None:
        target, action = previous
        path.append(action)
    return list(reversed(path))


def workflow_steps(spec: ServiceSpec, language: str = "id") -> Steps:
    """The workflow in plain words: who acts, from which state, to which state."""
    workflow = spec.workflow
    main = _usual_path(workflow)
    other = [a for a in workflow.actions if a not in main]
    return Steps(main=[_step(a, workflow, language) for a in main],
                 other=[_step(a, workflow, language) for a in other])


# The portal's site search -------------------------------------------------------------------

class ServiceCatalogueSource:
    """The catalogue as a source of the portal search (registered in CatalogueConfig.ready)."""

    key = "layanan"
    label = _("Layanan")

    def search(self, terms: list[str], *, limit: int) -> list[SearchResult]:
        from balai.portal.queries import SearchResult

        return [SearchResult(title=service.name,
                             url=reverse("catalogue:service", args=[service.code]),
                             summary=Truncator(service.current.spec.description.id).words(30))
                for service in search_services(" ".join(terms), limit=limit)]
