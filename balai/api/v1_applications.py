"""Applying and tracking: /api/v1/applications, /api/v1/status, /api/v1/queue.

Endpoints parse, fetch with permission (balai.api.access), and call the actions and queries of
balai.applications; the form values are validated by the same form the HTML pages use.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.uploadedfile import UploadedFile as DjangoUploadedFile
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import File, Header, Query, Router, Schema, Status, UploadedFile
from pydantic import Field
from pydantic import ValidationError as PydanticValidationError

from balai.accounts.models import User
from balai.accounts.queries import is_verified_citizen
from balai.accounts.twofactor import verify_signing_code
from balai.api import actions as api_actions
from balai.api import queries as api_queries
from balai.api import v1_sandbox
from balai.api.access import application_for_caller, application_of_applicant
from balai.api.auth import AUTHENTICATED, OPTIONAL, OPTIONAL_OPENAPI, caller_user, require_write
from balai.api.errors import FieldErrors, errors, field_messages
from balai.api.pagination import DEFAULT_PER_PAGE, MAX_PER_PAGE, PageOut, paginate
from balai.api.v1_services import OfficeOut
from balai.applications import actions, forms, queries
from balai.applications.models import Application, Upload
from balai.applications.uploads import CheckedFile, check_upload
from balai.applications.workflow import allowed_actions, requests_correction
from balai.catalogue.spec import APPLICANT, ServiceSpec
from balai.core.calendar import working_calendar
from balai.core.errors import PermissionDeniedError
from balai.documents import queries as document_queries
from balai.documents.actions import verification_url
from balai.payments.queries import applications_with_unpaid_fee

router = Router(tags=["permohonan"], auth=AUTHENTICATED)

IDEMPOTENCY_KEY_PATTERN = r"^[A-Za-z0-9_-]{16,64}$"
IDEMPOTENCY_KEY_HELP = ("A key you make for this request (16-64 letters, digits, - or _), e.g. "
                        "a UUID: the same request retried with the same key has no second effect.")


# --- schemas ------------------------------------------------------------------------------

class ApplicationCreateIn(Schema):
    service: str = Field(max_length=60, description="The service code, e.g. izin-reklame.")
    data: dict[str, Any] = Field(default_factory=dict,
                                 description="The form values by field name (see the service's "
                                             "`fields`); dates as YYYY-MM-DD.")


class ActionIn(Schema):
    expected_version: int = Field(ge=1, description="The `version` of the application you saw: "
                                                    "if it changed since, the answer is 409.")
    note: str = Field("", max_length=2000, description="A note or the reason (some actions "
                                                       "require one).")
    corrections: dict[str, str] = Field(
        default_factory=dict,
        description="For an officer asking for corrections: {requirement code: reason}.")
    signing_code: str = Field(
        "", max_length=6,
        description="For an action that signs and issues a document: a fresh 6-digit code "
                    "from the signing official's authenticator app (two-factor).")


class ServiceRefOut(Schema):
    code: str
    name: str
    version: int


class UploadOut(Schema):
    requirement: str
    requirement_name: str
    content_type: str
    size: int
    sha256: str
    original_name: str
    uploaded_at: dt.datetime


class EventOut(Schema):
    kind: str
    action: str
    label: str
    from_state: str
    to_state: str
    to_label: str
    note: str
    corrections: dict[str, str]
    public: bool
    created_at: dt.datetime


class ActionRefOut(Schema):
    name: str
    label: str
    comment: str
    url: str


class DocumentLinkOut(Schema):
    code: str
    number: str
    title: str
    valid: bool
    url: str
    pdf_url: str
    verification_url: str


class ApplicationOut(Schema):
    ref: str
    id: int
    number: str | None
    service: ServiceRefOut
    office: OfficeOut
    state: str
    state_label: str
    is_draft: bool
    is_open: bool
    version: int
    channel: str
    created_at: dt.datetime
    submitted_at: dt.datetime | None
    due_date: dt.date | None
    closed_at: dt.datetime | None
    time_left: str
    overdue: bool
    next_step: str
    data: dict[str, Any]
    uploads: list[UploadOut]
    missing_requirements: list[str]
    corrections: dict[str, str]
    allowed_actions: list[ActionRefOut]
    timeline: list[EventOut]
    document: DocumentLinkOut | None
    url: str


class ApplicationRowOut(Schema):
    ref: str
    number: str | None
    service: ServiceRefOut
    state: str
    state_label: str
    is_draft: bool
    is_open: bool
    created_at: dt.datetime
    submitted_at: dt.datetime | None
    due_date: dt.date | None
    next_step: str
    url: str


class ApplicationListOut(Schema):
    items: list[ApplicationRowOut]
    page: PageOut


class PageIn(Schema):
    page: int = Field(1, ge=1)
    per_page: int = Field(DEFAULT_PER_PAGE, ge=1, le=MAX_PER_PAGE)


class StatusEventOut(Schema):
    label: str
    state: str
    state_label: str
    created_at: dt.datetime


class StatusOut(Schema):
    number: str
    service: ServiceRefOut
    office: OfficeOut
    state: str
    state_label: str
    is_open: bool
    submitted_at: dt.datetime
    due_date: dt.date | None
    closed_at: dt.datetime | None
    timeline: list[StatusEventOut]


class QueueFilterIn(PageIn):
    state: str = ""
    service: str = ""
    overdue: bool = False
    mine: bool = False
    closed: bool = False


class QueueRowOut(Schema):
    number: str
    service: ServiceRefOut
    office: OfficeOut
    state: str
    state_label: str
    applicant_name: str
    assigned_to: str | None
    channel: str
    submitted_at: dt.datetime
    due_date: dt.date | None
    time_left: str
    overdue: bool
    version: int
    url: str


class QueueOut(Schema):
    items: list[QueueRowOut]
    page: PageOut


# --- representations ----------------------------------------------------------------------

def _language() -> str:
    return get_language() or "id"


def _ref(application: Application) -> str:
    return application.number or str(application.pk)


def _service_ref(application: Application, language: str) -> dict[str, Any]:
    spec = application.definition.spec
    return {"code": spec.code, "name": spec.name.get(language), "version": spec.version}


def _upload_out(upload: Upload, spec: ServiceSpec, language: str) -> dict[str, Any]:
    requirement = spec.requirement(upload.requirement)
    return {"requirement": upload.requirement,
            "requirement_name": requirement.name.get(language) if requirement else "",
            "content_type": upload.content_type, "size": upload.size, "sha256": upload.sha256,
            "original_name": upload.original_name, "uploaded_at": upload.uploaded_at}


def _document_out(code: str) -> dict[str, Any] | None:
    document = document_queries.get_document_by_code(code) if code else None
    if document is None:
        return None
    return {"code": document.code, "number": document.number, "title": document.title,
            "valid": not document.is_revoked,
            "url": reverse("api-v1:document_detail", kwargs={"code": document.code}),
            "pdf_url": reverse("api-v1:document_pdf", kwargs={"code": document.code}),
            "verification_url": verification_url(document.code)}


def _awaits_correction(spec: ServiceSpec, state: str) -> bool:
    return any(APPLICANT in a.roles and a.to == spec.workflow.initial
               for a in spec.workflow.actions_from(state))


def application_out(user: User, application: Application, *, officer: bool) -> dict[str, Any]:
    """The application as its applicant (public timeline) or an officer (full) sees it."""
    full = queries.with_uploads_and_events(application.pk, public_only=not officer)
    spec = full.definition.spec
    language = _language()
    ref = _ref(full)
    roles = queries.roles_for(user, full)
    if officer:
        roles.discard(APPLICANT)
    else:
        roles &= {APPLICANT}
    steps = [] if full.is_draft else allowed_actions(spec, full.state, roles)
    asked = (queries.latest_corrections(full)
             if not full.is_draft and _awaits_correction(spec, full.state) else None)
    time_left, overdue = queries.time_left(working_calendar(), due_date=full.due_date,
                                           today=timezone.localdate(), is_open=full.is_open)
    return {
        "ref": ref, "id": full.pk, "number": full.number,
        "service": _service_ref(full, language),
        "office": {"code": full.office.code, "name": full.office.name},
        "state": full.state,
        "state_label": _("Draf") if full.is_draft else spec.workflow.label(full.state, language),
        "is_draft": full.is_draft, "is_open": full.is_open, "version": full.version,
        "channel": full.channel, "created_at": full.created_at,
        "submitted_at": full.submitted_at, "due_date": full.due_date,
        "closed_at": full.closed_at, "time_left": time_left, "overdue": overdue,
        "next_step": queries.next_step_for(
            full, language=language,
            fee_unpaid=not officer and full.pk in applications_with_unpaid_fee([full.pk])),
        "data": full.data,
        "uploads": [_upload_out(u, spec, language) for u in full.uploads.all()
                    if not u.superseded],
        "missing_requirements": actions.missing_requirements(full) if full.is_draft else [],
        "corrections": dict(asked.corrections) if asked else {},
        "allowed_actions": [
            {"name": step.name, "label": step.label.get(language), "comment": step.comment,
             "url": reverse("api-v1:application_action",
                            kwargs={"ref": ref, "action": step.name})} for step in steps],
        "timeline": [
            {"kind": e.kind, "action": e.action, "label": e.label, "from_state": e.from_state,
             "to_state": e.to_state,
             "to_label": spec.workflow.label(e.to_state, language) if e.to_state else "",
             "note": e.note, "corrections": e.corrections, "public": e.public,
             "created_at": e.created_at} for e in full.events.all()],
        "document": _document_out(full.issued_document_ref),
        "url": reverse("api-v1:application_detail", kwargs={"ref": ref}),
    }


# --- applying -----------------------------------------------------------------------------

def _validated_data(spec: ServiceSpec, data: dict[str, Any]) -> dict[str, Any]:
    """The form values, cleaned by the form the HTML pages use; 422 with its messages."""
    form_class = forms.data_form_for(spec, language=_language())
    form = form_class(data={name: "" if value is None else value for name, value in data.items()})
    problems: dict[str, list[str]] = {}
    known = set(form.fields)
    for name in sorted(set(data) - known):
        problems[f"data.{name}"] = [_("Kolom ini tidak ada pada formulir layanan.")]
    if not form.is_valid():
        for name, messages in form.errors.items():
            key = f"data.{name}" if name != "__all__" else "data"
            problems.setdefault(key, []).extend(str(m) for m in messages)
    if problems:
        raise FieldErrors(problems)
    return form.values()


def _require_citizen(user: User) -> None:
    if not is_verified_citizen(user):
        raise PermissionDeniedError(_("Hanya warga yang akunnya sudah dikonfirmasi yang dapat "
                                      "mengajukan permohonan."))


@router.post("/applications", url_name="application_create",
             response={201: ApplicationOut, 200: ApplicationOut, **errors(401, 403, 422)},
             summary="Start an application",
             description="Create a draft application for a service with its form values, "
                         "validated as on the website; retried with the same Idempotency-Key "
                         "it returns the same draft (200). Needs the write scope. Added in v1.")
def application_create(
    request: HttpRequest, payload: ApplicationCreateIn,
    idempotency_key: str = Header(..., alias="Idempotency-Key",
                                  pattern=IDEMPOTENCY_KEY_PATTERN,
                                  description=IDEMPOTENCY_KEY_HELP),
) -> Status[dict[str, Any]]:
    app = v1_sandbox.sandbox_app(request)
    if app is None:
        user = require_write(request)
        _require_citizen(user)
    service = queries.get_open_service(payload.service)
    if service is None or service.current is None:
        raise FieldErrors({"service": [_("Layanan tidak dikenal atau tidak sedang dibuka.")]})
    if app is not None:
        return v1_sandbox.create(request, app, service.current,
                                 _validated_data(service.current.spec, payload.data),
                                 idempotency_key, _language())
    existing = api_queries.draft_for_key(user=user, key=idempotency_key)
    if existing is not None:
        return Status(200, application_out(user, existing, officer=False))
    values = _validated_data(service.current.spec, payload.data)
    draft, created = api_actions.create_draft_once(
        applicant=user, definition=service.current, data=values,
        idempotency_key=idempotency_key, actor=user)
    return Status(201 if created else 200, application_out(user, draft, officer=False))


def _checked(file: DjangoUploadedFile, spec: ServiceSpec, code: str) -> CheckedFile:
    requirement = spec.requirement(code)
    if requirement is None:
        raise Http404
    try:
        return check_upload(file, name=file.name or "", size=file.size or 0,
                            requirement=requirement)
    except DjangoValidationError as exc:
        raise FieldErrors({code: [str(m) for m in exc.messages]}) from None


def _upload(request: HttpRequest, ref: str, requirement: str,
            file: DjangoUploadedFile) -> Status[dict[str, Any]]:
    user = require_write(request)
    application = application_of_applicant(user, ref)
    spec = application.definition.spec
    checked = _checked(file, spec, requirement)
    upload = actions.attach_upload(application=application, requirement=requirement, file=file,
                                   checked=checked, actor=user)
    return Status(201, _upload_out(upload, spec, _language()))


UPLOAD_DESCRIPTION = ("Upload (or replace) the file for one requirement of a draft, as "
                      "multipart/form-data field `file`; its format is checked by content, "
                      "not by name, and its size against the requirement. Needs the write "
                      "scope. Added in v1.")


@router.put("/applications/{ref}/uploads/{requirement}", url_name="application_upload",
            response={201: UploadOut, **errors(400, 401, 403, 404, 422, 503)},
            summary="Upload a requirement's file", description=UPLOAD_DESCRIPTION)
def application_upload_put(request: HttpRequest, ref: str, requirement: str,
                           file: File[UploadedFile]) -> Status[dict[str, Any]]:
    return _upload(request, ref, requirement, file)


@router.post("/applications/{ref}/uploads/{requirement}", url_name="application_upload_post",
             response={201: UploadOut, **errors(400, 401, 403, 404, 422, 503)},
             summary="Upload a requirement's file (POST)", description=UPLOAD_DESCRIPTION)
def application_upload_post(request: HttpRequest, ref: str, requirement: str,
                            file: File[UploadedFile]) -> Status[dict[str, Any]]:
    return _upload(request, ref, requirement, file)


@router.post("/applications/{ref}/submit", url_name="application_submit",
             response={200: ApplicationOut, **errors(400, 401, 403, 404, 422)},
             summary="Submit an application",
             description="Submit a draft: it gets its registration number, its deadline and its "
                         "place in the office's queue; retried with the same Idempotency-Key it "
                         "returns the same application. Needs the write scope. Added in v1.")
def application_submit(
    request: HttpRequest, ref: str,
    idempotency_key: str = Header(..., alias="Idempotency-Key",
                                  pattern=IDEMPOTENCY_KEY_PATTERN,
                                  description=IDEMPOTENCY_KEY_HELP),
) -> dict[str, Any]:
    app = v1_sandbox.sandbox_app(request)
    if app is not None:
        return v1_sandbox.submit(request, app, ref, idempotency_key, _language())
    user = require_write(request)
    draft = application_of_applicant(user, ref)
    application = actions.submit_application(draft=draft, actor=user,
                                             idempotency_key=idempotency_key)
    return application_out(user, application, officer=False)


# --- tracking -----------------------------------------------------------------------------

@router.get("/applications", url_name="application_list",
            response={200: ApplicationListOut, **errors(401, 422)},
            summary="My applications",
            description="The caller's applications and drafts, newest first, with their state "
                        "and what is needed next. Added in v1.")
def application_list(request: HttpRequest, paging: Query[PageIn]) -> dict[str, Any]:
    app = v1_sandbox.sandbox_app(request)
    if app is not None:
        return v1_sandbox.listing(app, paging.page, paging.per_page, _language())
    user = caller_user(request)
    rows, page = paginate(queries.applications_of(user), page=paging.page,
                          per_page=paging.per_page)
    language = _language()
    unpaid = applications_with_unpaid_fee([application.pk for application in rows])
    items = []
    for application in rows:
        spec = application.definition.spec
        ref = _ref(application)
        items.append({
            "ref": ref, "number": application.number,
            "service": _service_ref(application, language), "state": application.state,
            "state_label": (_("Draf") if application.is_draft
                            else spec.workflow.label(application.state, language)),
            "is_draft": application.is_draft, "is_open": application.is_open,
            "created_at": application.created_at, "submitted_at": application.submitted_at,
            "due_date": application.due_date,
            "next_step": queries.next_step_for(application, language=language,
                                               fee_unpaid=application.pk in unpaid),
            "url": reverse("api-v1:application_detail", kwargs={"ref": ref})})
    return {"items": items, "page": page}


@router.get("/applications/{ref}", url_name="application_detail",
            response={200: ApplicationOut, **errors(401, 404)},
            summary="One application",
            description="State, timeline, the actions the caller may take, what is needed next "
                        "and the issued document; for the applicant, or an officer of its "
                        "office (who also sees internal timeline entries). Added in v1.")
def application_detail(request: HttpRequest, ref: str) -> dict[str, Any]:
    app = v1_sandbox.sandbox_app(request)
    if app is not None:
        return v1_sandbox.detail(app, ref, _language())
    user = caller_user(request)
    application, officer = application_for_caller(user, ref)
    return application_out(user, application, officer=officer)


# --- workflow actions ---------------------------------------------------------------------

def _action_input(request: HttpRequest,
                  spec: ServiceSpec) -> tuple[ActionIn, dict[str, tuple[Any, CheckedFile]]]:
    """The action's fields from a JSON body, or from multipart/form-data with the corrected
    files as parts named by their requirement code (a resubmission)."""
    files: dict[str, tuple[Any, CheckedFile]] = {}
    if request.content_type == "multipart/form-data":
        raw: Any = {key: request.POST.get(key)
                    for key in ("expected_version", "note", "signing_code")
                    if key in request.POST}
        if request.POST.get("corrections"):
            try:
                raw["corrections"] = json.loads(request.POST["corrections"])
            except ValueError:
                raise FieldErrors({"corrections": [_("Harus objek JSON.")]}) from None
        for code, file in request.FILES.items():
            files[code] = (file, _checked(file, spec, code))
    else:
        try:
            raw = json.loads(request.body or b"{}")
        except ValueError:
            raise FieldErrors({"body": [_("Isi permintaan bukan JSON yang sah.")]}) from None
    try:
        return ActionIn.model_validate(raw), files
    except PydanticValidationError as exc:
        raise FieldErrors(field_messages(exc.errors(), skip=0)) from None


ACTION_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": ActionIn.model_json_schema()},
        "multipart/form-data": {"schema": {
            "type": "object",
            "properties": {
                "expected_version": {"type": "integer"},
                "note": {"type": "string"},
                "corrections": {"type": "string", "description": "JSON object"},
                "signing_code": {"type": "string", "maxLength": 6},
            },
            "additionalProperties": {"type": "string", "format": "binary",
                                     "description": "A corrected file, named by its "
                                                    "requirement code."},
            "required": ["expected_version"]}},
    },
}


@router.post("/applications/{ref}/actions/{action}", url_name="application_action",
             response={200: ApplicationOut, **errors(400, 401, 403, 404, 409, 422)},
             summary="Take a workflow action", openapi_extra={"requestBody": ACTION_BODY},
             description="Take an action the service's workflow allows the caller in the "
                         "current state: the applicant's ajukan_ulang (with the corrected files "
                         "as multipart parts) or batalkan, an officer's verifikasi, "
                         "minta_perbaikan, setujui, tolak or tandatangani; 409 when "
                         "expected_version is stale. Needs the write scope. Added in v1.")
def application_action(request: HttpRequest, ref: str, action: str) -> dict[str, Any]:
    user = require_write(request)
    application, officer = application_for_caller(user, ref)
    spec = application.definition.spec
    payload, files = _action_input(request, spec)
    step = spec.workflow.action(action)
    if officer and step is not None and requests_correction(spec, step):
        unknown = [code for code in payload.corrections if spec.requirement(code) is None]
        if unknown:
            raise FieldErrors({f"corrections.{code}": [_("Persyaratan tidak dikenal.")]
                               for code in unknown})
        if not any(reason.strip() for reason in payload.corrections.values()):
            raise FieldErrors({"corrections": [_("Sebutkan paling sedikit satu berkas yang "
                                                 "perlu diperbaiki dan alasannya.")]})
    if officer and step is not None and step.issues and not verify_signing_code(
            user=user, code=payload.signing_code):
        raise FieldErrors({"signing_code": [_(
            "Menandatangani dokumen meminta kode baru dari aplikasi autentikator: kode salah, "
            "kedaluwarsa, atau sudah pernah dipakai.")]})
    updated = actions.take_action(application=application, action=action, actor=user,
                                  note=payload.note, corrections=payload.corrections,
                                  expected_version=payload.expected_version,
                                  replacements=files or None)
    return application_out(user, updated, officer=officer)


# --- public status ------------------------------------------------------------------------

@router.get("/status/{number}", url_name="status", auth=OPTIONAL,
            response={200: StatusOut, **errors(401, 404)}, openapi_extra=OPTIONAL_OPENAPI,
            summary="Public status of an application",
            description="Service, office, state and public timeline of an application by its "
                        "registration number, without any personal data; no sign-in needed. "
                        "Added in v1.")
def status(request: HttpRequest, number: str) -> dict[str, Any]:
    application = queries.get_by_number(number.strip().upper())
    if application is None:
        raise Http404
    spec = application.definition.spec
    language = _language()
    return {
        "number": application.number, "service": _service_ref(application, language),
        "office": {"code": application.office.code, "name": application.office.name},
        "state": application.state,
        "state_label": spec.workflow.label(application.state, language),
        "is_open": application.is_open, "submitted_at": application.submitted_at,
        "due_date": application.due_date, "closed_at": application.closed_at,
        "timeline": [{"label": e.label, "state": e.to_state,
                      "state_label": spec.workflow.label(e.to_state, language)
                      if e.to_state else "", "created_at": e.created_at}
                     for e in queries.public_timeline(application)],
    }


# --- officers' queue ----------------------------------------------------------------------

@router.get("/queue", url_name="queue", tags=["petugas"],
            response={200: QueueOut, **errors(401, 403, 422)},
            summary="My office's queue",
            description="Submitted applications of the offices where the caller is an officer, "
                        "most urgent first, with the working days left; filters by state, "
                        "service, overdue, assigned to me, and closed ones. Added in v1.")
def queue(request: HttpRequest, filters: Query[QueueFilterIn]) -> dict[str, Any]:
    user = caller_user(request)
    office_ids = queries.officer_office_ids(user)
    if not office_ids:
        raise PermissionDeniedError(_("Antrean hanya untuk petugas kantor layanan."))
    today = timezone.localdate()
    rows, page = paginate(
        queries.queue(office_ids=office_ids, user=user, today=today,
                      filters=queries.QueueFilter(state=filters.state, service=filters.service,
                                                  overdue=filters.overdue, mine=filters.mine,
                                                  show_closed=filters.closed)),
        page=filters.page, per_page=filters.per_page)
    calendar = working_calendar()
    language = _language()
    items = []
    for application in rows:
        spec = application.definition.spec
        left, overdue = queries.time_left(calendar, due_date=application.due_date, today=today,
                                          is_open=application.is_open)
        items.append({
            "number": application.number, "service": _service_ref(application, language),
            "office": {"code": application.office.code, "name": application.office.name},
            "state": application.state,
            "state_label": spec.workflow.label(application.state, language),
            "applicant_name": application.applicant.full_name,
            "assigned_to": application.assigned_to.full_name if application.assigned_to
            else None,
            "channel": application.channel, "submitted_at": application.submitted_at,
            "due_date": application.due_date, "time_left": left, "overdue": overdue,
            "version": application.version,
            "url": reverse("api-v1:application_detail", kwargs={"ref": application.number})})
    return {"items": items, "page": page}
