"""The sandbox that developer-portal test keys act on (docs/howto/developers.md).

The application endpoints hand a test key's request to the functions here: they validate the
form values with the same form as live, keep the records in balai.developers'
SandboxApplication (never seen by officers, the public pages or the dashboard), and answer
with the live schemas, so that code written against the sandbox works unchanged with a live
key. `POST /sandbox/applications/{ref}/simulate` moves a sandbox application along its
service's workflow as the office would, so that its webhooks can be tried.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from balai.api.auth import AUTHENTICATED, Caller
from balai.api.errors import errors
from balai.api.pagination import paginate
from balai.applications import queries as application_queries
from balai.catalogue.models import ServiceDefinition
from balai.core.calendar import working_calendar
from balai.core.errors import PermissionDeniedError
from balai.developers import actions, queries
from balai.developers.models import DeveloperApp, SandboxApplication

router = Router(tags=["sandbox"], auth=AUTHENTICATED)


def sandbox_app(request: HttpRequest) -> DeveloperApp | None:
    """The app whose sandbox this request acts on: set for test keys only."""
    caller: Caller | None = getattr(request, "auth", None)
    if caller is None or not caller.is_sandbox:
        return None
    assert caller.app_key is not None
    return caller.app_key.app


def _require_write(request: HttpRequest) -> None:
    caller: Caller = request.auth  # type: ignore[attr-defined]
    if not caller.can_write:
        raise PermissionDeniedError(
            _("Kunci API ini hanya boleh membaca. Buat kunci dengan cakupan \"baca dan tulis\" "
              "untuk mengubah data."), details={"required_scope": "write"})


def _ref(application: SandboxApplication) -> str:
    return application.number or str(application.pk)


def _due(application: SandboxApplication) -> dt.date | None:
    if application.submitted_at is None:
        return None
    return working_calendar().add_working_days(timezone.localdate(application.submitted_at),
                                               application.definition.spec.deadline_working_days)


def _service(definition: ServiceDefinition, language: str) -> dict[str, Any]:
    spec = definition.spec
    return {"code": spec.code, "name": spec.name.get(language), "version": spec.version}


def _is_open(application: SandboxApplication) -> bool:
    return application.closed_at is None


def _next_step(application: SandboxApplication) -> str:
    if application.is_draft:
        return _("Lanjutkan pengisian dan ajukan permohonan.")
    if not _is_open(application):
        return _("Selesai. Tidak ada yang perlu Anda lakukan.")
    return _("Menunggu diproses petugas. Tidak ada yang perlu Anda lakukan.")


def application_out(application: SandboxApplication, language: str) -> dict[str, Any]:
    from django.urls import reverse

    spec = application.definition.spec
    office = application.definition.service.office
    ref = _ref(application)
    due = _due(application)
    today = timezone.localdate()
    time_left, overdue = application_queries.time_left(
        working_calendar(), due_date=due, today=today, is_open=_is_open(application))
    return {
        "ref": ref, "id": application.pk, "number": application.number,
        "service": _service(application.definition, language),
        "office": {"code": office.code, "name": office.name},
        "state": application.state,
        "state_label": _("Draf") if application.is_draft
        else spec.workflow.label(application.state, language),
        "is_draft": application.is_draft, "is_open": _is_open(application),
        "version": application.version, "channel": "online",
        "created_at": application.created_at, "submitted_at": application.submitted_at,
        "due_date": due, "closed_at": application.closed_at, "time_left": time_left,
        "overdue": overdue, "next_step": _next_step(application), "data": application.data,
        "uploads": [], "missing_requirements": [], "corrections": {}, "allowed_actions": [],
        "timeline": [{**event, "to_label": spec.workflow.label(event["to_state"], language)
                      if event["to_state"] else "",
                      "created_at": dt.datetime.fromisoformat(event["created_at"])}
                     for event in application.timeline],
        "document": None,
        "url": reverse("api-v1:application_detail", kwargs={"ref": ref}),
    }


def _find(app: DeveloperApp, ref: str) -> SandboxApplication:
    found = queries.sandbox_application(app, ref)
    if found is None:
        raise Http404
    return found


def create(request: HttpRequest, app: DeveloperApp, definition: ServiceDefinition,
           values: dict[str, Any], idempotency_key: str, language: str) -> Status[dict[str, Any]]:
    _require_write(request)
    draft, created = actions.sandbox_create_draft(app=app, definition=definition, data=values,
                                                  idempotency_key=idempotency_key)
    return Status(201 if created else 200, application_out(draft, language))


def submit(request: HttpRequest, app: DeveloperApp, ref: str, idempotency_key: str,
           language: str) -> dict[str, Any]:
    _require_write(request)
    application = actions.sandbox_submit(application=_find(app, ref),
                                         idempotency_key=idempotency_key)
    return application_out(application, language)


def detail(app: DeveloperApp, ref: str, language: str) -> dict[str, Any]:
    return application_out(_find(app, ref), language)


def listing(app: DeveloperApp, page: int, per_page: int, language: str) -> dict[str, Any]:
    rows, paging = paginate(queries.sandbox_applications_of(app), page=page, per_page=per_page)
    items = []
    for application in rows:
        full = application_out(application, language)
        items.append({name: full[name] for name in (
            "ref", "number", "service", "state", "state_label", "is_draft", "is_open",
            "created_at", "submitted_at", "due_date", "next_step", "url")})
    return {"items": items, "page": paging}


class SimulateIn(Schema):
    action: str = Field(max_length=60, description="A workflow action of the service, e.g. "
                                                   "verifikasi, setujui, tolak.")
    note: str = Field("", max_length=2000, description="A note, as an officer would write.")


class SimulateOut(Schema):
    ref: str
    number: str | None
    state: str
    state_label: str
    version: int
    webhooks_queued: int



@router.post("/sandbox/applications/{ref}/simulate", url_name="sandbox_simulate",
             response={200: SimulateOut, **errors(401, 403, 404, 409)},
             summary="Simulate an office's action (sandbox)",
             description="Test keys only: take any action of the service's workflow on a "
                         "submitted sandbox application, as the office would, and send the "
                         "application.status_changed webhook to the app's test endpoints. "
                         "409 when the action is not possible in the current state. "
                         "Added in v1.")
def simulate(request: HttpRequest, ref: str, payload: SimulateIn) -> dict[str, Any]:
    app = sandbox_app(request)
    if app is None:
        raise PermissionDeniedError(_("Hanya kunci uji (sandbox) yang dapat memakai endpoint "
                                      "ini."), code="SANDBOX_ONLY")
    _require_write(request)
    application = _find(app, ref)
    before = queries.test_endpoints_of(app).count()
    moved = actions.sandbox_simulate(application=application, action=payload.action,
                                     note=payload.note)
    return {"ref": _ref(moved), "number": moved.number, "state": moved.state,
            "state_label": moved.definition.spec.workflow.label(moved.state),
            "version": moved.version, "webhooks_queued": before}
