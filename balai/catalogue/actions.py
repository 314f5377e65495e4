"""Writes to the service catalogue: publishing definition versions, switching services on and off.

A definition version is immutable once published: applications keep the version they were
submitted under, so a change is always a new version (docs/howto/services.md).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template

from balai.accounts.models import Office
from balai.catalogue import search
from balai.catalogue.models import Service, ServiceDefinition
from balai.catalogue.spec import CATEGORIES, DefinitionError, ServiceSpec, parse_definition
from balai.core import pagecache
from balai.core.errors import DomainError
from balai.ledger.actions import record_event


class ServiceDefinitionError(DomainError):
    """A definition that cannot be published; `problems` lists every reason, in Indonesian."""

    code = "CATALOGUE_DEFINITION_INVALID"
    message = "Definisi layanan tidak dapat diterbitkan."

    def __init__(self, problems: list[str], *, code: str | None = None) -> None:
        self.problems = problems
        super().__init__("; ".join(problems), code=code, details={"problems": problems})


def normalize_definition(data: Any) -> Any:
    """The definition as plain JSON values (YAML dates become ISO strings), as it is stored."""
    return json.loads(json.dumps(data, default=str))


def _same_content(a: Any, b: Any) -> bool:
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def check_definition(*, data: Any) -> tuple[ServiceSpec, ServiceDefinition | None]:
    """Validate a definition against the schema and the catalogue without writing anything.

    Returns the spec and, when this exact version is already published with the same content,
    that version. Raises ServiceDefinitionError listing every problem: schema problems, an
    unknown office, a version that exists with other content, or a version older than the one
    in force.
    """
    data = normalize_definition(data)
    try:
        spec = parse_definition(data)
    except DefinitionError as error:
        raise ServiceDefinitionError(error.problems) from error
    problems: list[str] = []
    code = ServiceDefinitionError.code
    if spec.output is not None:
        try:
            get_template(spec.output.template)
        except TemplateDoesNotExist:
            problems.append(f"output.template: templat {spec.output.template!r} tidak ada; buat "
                            f"templates/{spec.output.template} terlebih dahulu")
        except TemplateSyntaxError as error:
            problems.append(f"output.template: templat {spec.output.template!r} rusak: {error}")
    if not Office.objects.filter(code=spec.office).exists():
        problems.append(f"office: kantor dengan kode {spec.office!r} tidak dikenal; gunakan kode "
                        "kantor yang terdaftar (mis. disdukcapil, dpmptsp, dinkes, disdik)")
        code = "CATALOGUE_UNKNOWN_OFFICE"
    service = Service.objects.select_related("current").filter(code=spec.code).first()
    existing = None
    if service is not None:
        existing = service.definitions.filter(version=spec.version).first()
        if existing is not None and not _same_content(existing.definition, data):
            problems.append(
                f"version: versi {spec.version} layanan {spec.code!r} sudah diterbitkan dengan isi "
                f"yang berbeda. Versi yang sudah terbit tidak dapat diubah: naikkan nilai "
                f"version (misalnya menjadi {_next_version(service)}) untuk menerbitkan "
                "perubahan.")
            code = "CATALOGUE_VERSION_EXISTS"
        elif (existing is None and service.current is not None
              and spec.version < service.current.version):
            problems.append(
                f"version: versi {spec.version} lebih rendah dari versi yang berlaku "
                f"({service.current.version}); gunakan versi {_next_version(service)}.")
            code = "CATALOGUE_VERSION_TOO_OLD"
    if problems:
        raise ServiceDefinitionError(problems, code=code)
    return spec, existing


def _next_version(service: Service) -> int:
    latest = service.definitions.order_by("-version").values_list("version", flat=True).first()
    return (latest or 0) + 1


def search_text(spec: ServiceSpec, office: Office) -> str:
    """Everything a citizen may type to find the service, in one text."""
    parts = [spec.name.id, spec.name.en, spec.code.replace("-", " "), spec.description.id,
             " ".join(spec.keywords), CATEGORIES.get(spec.category, ""), office.name,
             office.short_name, spec.legal_basis]
    parts += [requirement.name.id for requirement in spec.requirements]
    if spec.output is not None:
        parts.append(spec.output.title.id)
    return "\n".join(part for part in parts if part)


@transaction.atomic
def publish_definition(*, data: Any, actor: Any) -> ServiceDefinition:
    """Publish a version of a service definition; it becomes the service's version in force.

    Publishing the same version with the same content again changes nothing (the loader is
    idempotent). Raises ServiceDefinitionError when the definition is invalid, names an unknown
    office, or reuses a published version number with different content.
    """
    data = normalize_definition(data)
    spec, existing = check_definition(data=data)
    if existing is not None:
        return existing
    office = Office.objects.get(code=spec.office)
    service = Service.objects.select_for_update().filter(code=spec.code).first()
    text = search_text(spec, office)
    if service is None:
        service = Service.objects.create(code=spec.code, name=spec.name.id,
                                         category=spec.category, office=office,
                                         search_text=text)
    definition = ServiceDefinition.objects.create(
        service=service, version=spec.version, definition=data,
        deadline_working_days=spec.deadline_working_days, fee=spec.fee)
    previous = service.current  # check_definition refused versions older than this one
    service.current = definition
    service.name = spec.name.id
    service.category = spec.category
    service.office = office
    service.search_text = text
    service.save(update_fields=["current", "name", "category", "office", "search_text"])
    search.index_service(service_id=service.pk, name=service.name, text=text)
    pagecache.invalidate("catalogue")
    record_event(actor=actor, action="layanan.versi_diterbitkan", obj=definition, payload={
        "code": spec.code, "version": spec.version, "office": spec.office,
        "previous_version": previous.version if previous else None,
        "definition": data,
    })
    return definition


@transaction.atomic
def set_service_active(*, service: Service, active: bool, actor: Any) -> Service:
    """Show a service in the public catalogue again, or withdraw it (applications already made
    are not affected)."""
    service = Service.objects.select_for_update().get(pk=service.pk)
    if service.is_active == active:
        return service
    service.is_active = active
    service.save(update_fields=["is_active"])
    pagecache.invalidate("catalogue")
    record_event(actor=actor, action="layanan.diaktifkan" if active else "layanan.dinonaktifkan",
                 obj=service, payload={"code": service.code})
    return service


@dataclass(frozen=True)
class Published:
    source: str
    definition: ServiceDefinition
    created: bool


@transaction.atomic
def publish_definitions(*, sources: list[tuple[str, Any]], actor: Any) -> list[Published]:
    """Publish several definitions (e.g. the catalogue's YAML files) all or nothing.

    `sources` pairs a name (the file name) with its definition data. Every problem of every
    source is collected first, prefixed with the source's name, and raised together as one
    ServiceDefinitionError before anything is written.
    """
    problems: list[str] = []
    checked: list[tuple[str, Any, ServiceSpec, bool]] = []
    seen: dict[tuple[str, int], str] = {}
    for name, data in sources:
        try:
            spec, existing = check_definition(data=data)
        except ServiceDefinitionError as error:
            problems += [f"{name}: {problem}" for problem in error.problems]
            continue
        key = (spec.code, spec.version)
        if key in seen:
            problems.append(f"{name}: layanan {spec.code!r} versi {spec.version} juga ada di "
                            f"{seen[key]}")
            continue
        seen[key] = name
        checked.append((name, data, spec, existing is None))
    if problems:
        raise ServiceDefinitionError(problems)
    checked.sort(key=lambda item: (item[2].code, item[2].version))
    return [Published(source=name, definition=publish_definition(data=data, actor=actor),
                      created=created)
            for name, data, spec, created in checked]
