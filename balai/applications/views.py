"""Pages for applying, tracking, officers' work and assisted service: parse, authorize, call an
action or a query, render. Everything works without JavaScript."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balai.accounts.models import Citizen, User
from balai.accounts.queries import find_citizen_by_nik, is_verified_citizen
from balai.accounts.twofactor import verify_signing_code
from balai.applications import actions, forms, queries
from balai.applications.access import application_for_applicant, application_for_officer
from balai.applications.display import display_values
from balai.applications.models import Application
from balai.applications.workflow import allowed_actions, requests_correction
from balai.catalogue.models import Service
from balai.catalogue.spec import APPLICANT, ServiceSpec
from balai.core import pagecache
from balai.core.calendar import working_calendar
from balai.core.errors import DomainError
from balai.core.ratelimit import client_ip, hit, throttle
from balai.core.storage import StorageError, StorageFull
from balai.operations.metrics import count_unavailable
from balai.operations.outage import STORAGE_RETRY_AFTER_SECONDS
from balai.payments.queries import (
    applications_with_unpaid_fee,
    bill_for_application,
    fee_bill_shown,
)
from balai.privacy.actions import record_access

ASSISTED_SESSION_KEY = "bantuan_warga"
FOUND_SESSION_KEY = "bantuan_cari"

logger = logging.getLogger(__name__)


def _language() -> str:
    return get_language() or "id"


# --- applying -----------------------------------------------------------------------------

@dataclass
class Flow:
    """Who applies for what: the applicant, and the operator when the service is assisted."""

    service: Service
    spec: ServiceSpec
    applicant: User
    operator: User | None
    url_prefix: str  # "applications:apply" or "applications:assisted_apply"

    def url(self, step: str = "") -> str:
        name = self.url_prefix + (f"_{step}" if step else "")
        return reverse(name, kwargs={"code": self.service.code})

    @property
    def actor(self) -> User:
        return self.operator or self.applicant

    def draft(self) -> Application | None:
        return queries.current_draft(applicant=self.applicant, service=self.service,
                                     operator=self.operator)


def _flow(request: HttpRequest, code: str, *, assisted: bool) -> Flow | HttpResponse:
    service = queries.get_open_service(code)
    if service is None:
        raise Http404
    spec = service.current.spec  # type: ignore[union-attr]
    user: User = request.user  # type: ignore[assignment]
    if assisted:
        if not queries.is_operator(user):
            raise Http404
        applicant = queries.citizen_user(request.session.get(ASSISTED_SESSION_KEY))
        if applicant is None:
            messages.info(request, _("Cari atau daftarkan warga lebih dulu."))
            return redirect("applications:assisted")
        return Flow(service, spec, applicant, user, "applications:assisted_apply")
    if not is_verified_citizen(user):
        return render(request, "applications/not_citizen.html", {"service": service},
                      status=403)
    return Flow(service, spec, user, None, "applications:apply")


def _data_step(request: HttpRequest, code: str, *, assisted: bool) -> HttpResponse:
    flow = _flow(request, code, assisted=assisted)
    if isinstance(flow, HttpResponse):
        return flow
    draft = flow.draft()
    if request.method == "GET" and draft and draft.draft_step > 1 and "ubah" not in request.GET:
        # A returning applicant continues where they left off.
        return redirect(flow.url("uploads" if draft.draft_step == 2 else "review"))
    spec = draft.definition.spec if draft else flow.spec
    form_class = forms.data_form_for(spec, language=_language())
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            definition = draft.definition if draft else flow.service.current
            actions.save_draft(applicant=flow.applicant, definition=definition,  # type: ignore[arg-type]
                               data=form.values(), step=2, actor=flow.actor, draft=draft)
            return redirect(flow.url("uploads"))
    else:
        form = form_class(initial=draft.data if draft else None)
    return render(request, "applications/apply_data.html",
                  {"form": form, "flow": flow, "spec": spec, "step": 1, "draft": draft})


def _uploads_step(request: HttpRequest, code: str, *, assisted: bool) -> HttpResponse:
    flow = _flow(request, code, assisted=assisted)
    if isinstance(flow, HttpResponse):
        return flow
    draft = flow.draft()
    if draft is None:
        return redirect(flow.url())
    spec = draft.definition.spec
    uploaded = queries.current_uploads(draft)
    status = 200
    if request.method == "POST":
        form = forms.UploadsForm(request.POST, request.FILES, spec=spec,
                                 uploaded=set(uploaded), language=_language())
        valid = form.is_valid()
        # Files that passed are kept, so a second try needs only the ones that failed.
        to_store = (form.files_to_store() if valid else
                    {code_: value for code_, value in
                     (getattr(form, "cleaned_data", {}) or {}).items() if value})
        try:
            for code_, (file, checked) in to_store.items():
                actions.attach_upload(application=draft, requirement=code_, file=file,
                                      checked=checked, actor=flow.actor)
        except StorageError as exc:
            # Each file is stored in a transaction of its own: the draft and the files stored
            # before stay; the one that failed left nothing behind.
            status = 503
            logger.error("upload not stored: %s (%s)", type(exc).__name__, exc)
            count_unavailable("storage")
            form.add_error(None, _storage_message(exc))
        else:
            if valid:
                actions.set_draft_step(draft=draft, step=3, actor=flow.actor)
                return redirect(flow.url("review"))
        uploaded = queries.current_uploads(draft)
    else:
        form = forms.UploadsForm(spec=spec, uploaded=set(uploaded), language=_language())
    response = render(request, "applications/apply_uploads.html",
                      {"form": form, "flow": flow, "spec": spec, "step": 2, "draft": draft,
                       "uploaded": uploaded}, status=status)
    if status == 503:
        response["Retry-After"] = str(STORAGE_RETRY_AFTER_SECONDS)
    return response


def _storage_message(exc: StorageError) -> str:
    if isinstance(exc, StorageFull):
        problem = _("Penyimpanan berkas sedang penuh, sehingga berkas Anda belum tersimpan.")
    else:
        problem = _("Penyimpanan berkas sedang tidak dapat dihubungi, sehingga berkas Anda "
                    "belum tersimpan.")
    return problem + " " + _("Data permohonan Anda tetap tersimpan sebagai draf: unggah "
                             "berkasnya lagi beberapa saat lagi.")


def _review_step(request: HttpRequest, code: str, *, assisted: bool) -> HttpResponse:
    flow = _flow(request, code, assisted=assisted)
    if isinstance(flow, HttpResponse):
        return flow
    if request.method == "POST":
        form = forms.SubmitForm(request.POST)
        if form.is_valid():
            key = form.cleaned_data["idempotency_key"]
            done = queries.find_by_idempotency_key(applicant=flow.applicant, key=key)
            if done is not None:
                return redirect("applications:receipt", number=done.number)
            draft = flow.draft()
            if draft is None:
                return redirect(flow.url())
            try:
                application = actions.submit_application(draft=draft, actor=flow.actor,
                                                         idempotency_key=key)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Permohonan Anda sudah diajukan."))
                return redirect("applications:receipt", number=application.number)
        draft = flow.draft()
        if draft is None:
            return redirect(flow.url())
    else:
        draft = flow.draft()
        if draft is None:
            return redirect(flow.url())
        # The key is made when the page is shown: a resent POST carries the same key.
        form = forms.SubmitForm(initial={"idempotency_key": secrets.token_urlsafe(24)})
    spec = draft.definition.spec
    return render(request, "applications/apply_review.html", {
        "form": form, "flow": flow, "spec": spec, "step": 3, "draft": draft,
        "values": display_values(spec, draft.data, _language()),
        "uploads": _upload_rows(spec, queries.current_uploads(draft)),
        "missing": actions.missing_requirements(draft),
    })


def _upload_rows(spec: ServiceSpec, uploads: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"requirement": r, "name": r.name.get(_language()), "upload": uploads.get(r.code)}
            for r in spec.requirements]


@login_required
def apply(request: HttpRequest, code: str) -> HttpResponse:
    return _data_step(request, code, assisted=False)


@login_required
def apply_uploads(request: HttpRequest, code: str) -> HttpResponse:
    return _uploads_step(request, code, assisted=False)


@login_required
def apply_review(request: HttpRequest, code: str) -> HttpResponse:
    return _review_step(request, code, assisted=False)


@login_required
def assisted_apply(request: HttpRequest, code: str) -> HttpResponse:
    return _data_step(request, code, assisted=True)


@login_required
def assisted_apply_uploads(request: HttpRequest, code: str) -> HttpResponse:
    return _uploads_step(request, code, assisted=True)


@login_required
def assisted_apply_review(request: HttpRequest, code: str) -> HttpResponse:
    return _review_step(request, code, assisted=True)


# --- receipt ------------------------------------------------------------------------------

def _status_url(number: str) -> str:
    base = getattr(settings, "BALAI_PUBLIC_URL", "")
    return base + reverse("applications:status_detail", kwargs={"number": number})


@login_required
def receipt(request: HttpRequest, number: str) -> HttpResponse:
    application = application_for_applicant(request.user, number)  # type: ignore[arg-type]
    spec = application.definition.spec
    return render(request, "applications/receipt.html", {
        "application": application, "spec": spec,
        "state_label": spec.workflow.label(application.state, _language()),
        "status_url": _status_url(number)})


@login_required
def receipt_pdf(request: HttpRequest, number: str) -> HttpResponse:
    from balai.applications.receipts import receipt_pdf as render_receipt

    application = application_for_applicant(request.user, number)  # type: ignore[arg-type]
    pdf = render_receipt(application, status_url=_status_url(number))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="tanda-terima-{number}.pdf"'
    return response


# --- the citizen's applications -----------------------------------------------------------

@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.applications_of(request.user), queries.DASHBOARD_PAGE_SIZE  # type: ignore[arg-type]
                     ).get_page(request.GET.get("page"))
    language = _language()
    unpaid = applications_with_unpaid_fee([application.pk for application in page])
    rows = []
    for application in page:
        spec = application.definition.spec
        rows.append({"application": application, "service": spec.name.get(language),
                     "state_label": (_("Draf") if application.is_draft
                                     else spec.workflow.label(application.state, language)),
                     "next_step": queries.next_step_for(
                         application, language=language,
                         fee_unpaid=application.pk in unpaid)})
    return render(request, "applications/dashboard.html",
                  {"page_obj": page, "rows": rows})


@login_required
def detail(request: HttpRequest, number: str) -> HttpResponse:
    application = application_for_applicant(request.user, number)  # type: ignore[arg-type]
    return _detail(request, application, officer=False)


def _detail(request: HttpRequest, application: Application, *, officer: bool,
            action_forms: dict[str, Any] | None = None) -> HttpResponse:
    full = queries.with_uploads_and_events(application.pk, public_only=not officer)
    spec = full.definition.spec
    language = _language()
    roles = queries.roles_for(request.user, full)  # type: ignore[arg-type]
    if officer:
        roles.discard(APPLICANT)
    else:
        roles &= {APPLICANT}
    forms_by_action = dict(action_forms or {})
    corrections = queries.latest_corrections(full) if full.state != spec.workflow.initial \
        else None
    for step in allowed_actions(spec, full.state, roles):
        if step.name in forms_by_action:
            continue
        if APPLICANT in step.roles and not officer and corrections and \
                step.to == spec.workflow.initial:
            forms_by_action[step.name] = forms.ResubmitForm(
                spec=spec, codes=list(corrections.corrections), language=language,
                initial={"version": full.version}, prefix=step.name)
        else:
            forms_by_action[step.name] = forms.ActionForm(
                spec=spec, action=step, correction=officer and requests_correction(spec, step),
                language=language, initial={"version": full.version})
    action_list = [(spec.workflow.action(name), form) for name, form in forms_by_action.items()]
    today = timezone.localdate()
    time_left, overdue = queries.time_left(working_calendar(), due_date=full.due_date,
                                           today=today, is_open=full.is_open)
    fee_bill = bill_for_application(full.pk) if not officer and spec.fee > 0 else None
    context = {
        "application": full, "spec": spec, "officer": officer,
        "state_label": spec.workflow.label(full.state, language),
        "service_name": spec.name.get(language),
        "values": display_values(spec, full.data, language),
        "uploads": [u for u in full.uploads.all() if not u.superseded],
        "old_uploads": [u for u in full.uploads.all() if u.superseded],
        "requirement_names": {r.code: r.name.get(language) for r in spec.requirements},
        "events": [{"event": e, "from_label": spec.workflow.label(e.from_state, language)
                    if e.from_state else "",
                    "to_label": spec.workflow.label(e.to_state, language) if e.to_state else ""}
                   for e in full.events.all()],
        "action_forms": action_list,
        "corrections": corrections,
        "time_left": time_left, "overdue": overdue,
        "next_step": queries.next_step_for(full, language=language,
                                           fee_unpaid=bool(fee_bill and not fee_bill.is_paid)),
        "fee_bill": fee_bill_shown(fee_bill, application=full, user=request.user),  # type: ignore[arg-type]
    }
    if officer:
        context["assign_form"] = forms.AssignForm(
            colleagues=queries.colleagues(office_id=full.office_id),
            initial={"version": full.version})
        context["claim_form"] = forms.VersionForm(initial={"version": full.version})
    status = 400 if action_forms else 200
    return render(request, "applications/detail.html", context, status=status)


@login_required
@require_POST
def applicant_action(request: HttpRequest, number: str, action: str) -> HttpResponse:
    application = application_for_applicant(request.user, number)  # type: ignore[arg-type]
    spec = application.definition.spec
    step = spec.workflow.action(action)
    if step is None or APPLICANT not in step.roles:
        raise Http404
    corrections = queries.latest_corrections(application)
    if step.to == spec.workflow.initial and corrections is not None:
        form: Any = forms.ResubmitForm(request.POST, request.FILES, spec=spec,
                                       codes=list(corrections.corrections),
                                       language=_language(), prefix=step.name)
    else:
        form = forms.ActionForm(request.POST, spec=spec, action=step, language=_language())
    if not form.is_valid():
        return _detail(request, application, officer=False, action_forms={step.name: form})
    try:
        actions.take_action(application=application, action=step.name, actor=request.user,  # type: ignore[arg-type]
                            note=form.cleaned_data["note"],
                            expected_version=form.cleaned_data["version"],
                            replacements=form.replacements()
                            if isinstance(form, forms.ResubmitForm) else None)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Tindakan \"%(action)s\" berhasil.") % {
            "action": step.label.get(_language())})
    return redirect("applications:detail", number=number)


@login_required
def download_upload(request: HttpRequest, upload_id: int) -> HttpResponse:
    upload = queries.upload_visible_to(request.user, upload_id)  # type: ignore[arg-type]
    if upload is None:
        raise Http404
    extension = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}.get(
        upload.content_type, "bin")
    filename = f"{upload.application.number or 'draf'}-{upload.requirement}.{extension}"
    response = FileResponse(upload.file.open("rb"), as_attachment=True, filename=filename,
                            content_type=upload.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- officers -----------------------------------------------------------------------------

@login_required
def queue(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    office_ids = queries.officer_office_ids(user)
    if not office_ids:
        raise Http404
    language = _language()
    services = list(queries.services_of_offices(office_ids).select_related("current"))
    states: dict[str, str] = {}
    for service in services:
        if service.current_id:
            workflow = service.current.spec.workflow  # type: ignore[union-attr]
            for state in workflow.states:
                states.setdefault(state, workflow.label(state, language))
    form = forms.QueueFilterForm(request.GET or None, states=list(states.items()),
                                 services=[(s.code, s.name) for s in services])
    filters = queries.QueueFilter()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = queries.QueueFilter(state=data["state"], service=data["service"],
                                      overdue=data["overdue"], mine=data["mine"],
                                      show_closed=data["closed"])
    today = timezone.localdate()
    page = Paginator(queries.queue(office_ids=office_ids, user=user, filters=filters,
                                   today=today), queries.QUEUE_PAGE_SIZE
                     ).get_page(request.GET.get("page"))
    calendar = working_calendar()  # one per request: one query for the extra days off
    rows = []
    for application in page:
        spec = application.definition.spec
        left, overdue = queries.time_left(calendar, due_date=application.due_date, today=today,
                                          is_open=application.is_open)
        rows.append({"application": application, "service": spec.name.get(language),
                     "state_label": spec.workflow.label(application.state, language),
                     "time_left": left, "overdue": overdue})
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "applications/queue.html", {
        "form": form, "page_obj": page, "rows": rows, "query_string": query.urlencode()})


@login_required
def officer_detail(request: HttpRequest, number: str) -> HttpResponse:
    application = application_for_officer(request.user, number)  # type: ignore[arg-type]
    return _detail(request, application, officer=True)


@login_required
@require_POST
def officer_action(request: HttpRequest, number: str, action: str) -> HttpResponse:
    application = application_for_officer(request.user, number)  # type: ignore[arg-type]
    spec = application.definition.spec
    step = spec.workflow.action(action)
    if step is None:
        raise Http404
    form = forms.ActionForm(request.POST, spec=spec, action=step,
                            correction=requests_correction(spec, step), language=_language())
    if step.issues and form.is_valid() and not verify_signing_code(
            user=request.user, code=form.cleaned_data["signing_code"]):  # type: ignore[arg-type]
        form.add_error("signing_code", _("Kode salah, kedaluwarsa, atau sudah pernah dipakai. "
                                         "Tunggu kode berikutnya di aplikasi, lalu coba lagi."))
    if not form.is_valid():
        return _detail(request, application, officer=True, action_forms={step.name: form})
    try:
        actions.take_action(application=application, action=step.name, actor=request.user,  # type: ignore[arg-type]
                            note=form.cleaned_data["note"], corrections=form.corrections(),
                            expected_version=form.cleaned_data["version"])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Tindakan \"%(action)s\" berhasil untuk %(number)s.") % {
            "action": step.label.get(_language()), "number": number})
    return redirect("applications:officer_detail", number=number)


@login_required
@require_POST
def claim(request: HttpRequest, number: str) -> HttpResponse:
    application = application_for_officer(request.user, number)  # type: ignore[arg-type]
    form = forms.VersionForm(request.POST)
    if form.is_valid():
        try:
            actions.claim_application(application=application, actor=request.user,  # type: ignore[arg-type]
                                      expected_version=form.cleaned_data["version"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Permohonan %(number)s kini Anda tangani.") % {
                "number": number})
    return redirect("applications:officer_detail", number=number)


@login_required
@require_POST
def assign(request: HttpRequest, number: str) -> HttpResponse:
    application = application_for_officer(request.user, number)  # type: ignore[arg-type]
    form = forms.AssignForm(request.POST,
                            colleagues=queries.colleagues(office_id=application.office_id))
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("applications:officer_detail", number=number)
    try:
        actions.assign_application(application=application, actor=request.user,  # type: ignore[arg-type]
                                   assignee=form.cleaned_data["assignee"],
                                   expected_version=form.cleaned_data["version"])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Permohonan %(number)s ditugaskan kepada %(name)s.") % {
            "number": number, "name": form.cleaned_data["assignee"].full_name})
    return redirect("applications:officer_detail", number=number)


# --- public status ------------------------------------------------------------------------

@throttle("status_lookup", methods=("GET", "HEAD"))
def status_lookup(request: HttpRequest) -> HttpResponse:
    form = forms.StatusLookupForm(request.GET or None)
    status = 200
    if form.is_bound and form.is_valid():
        number = form.cleaned_data["number"]
        if queries.get_by_number(number) is not None:
            return redirect("applications:status_detail", number=number)
        form.add_error("number", _("Permohonan dengan nomor ini tidak ditemukan. Periksa "
                                   "kembali nomor di tanda terima."))
        status = 404
    return render(request, "applications/status_lookup.html", {"form": form}, status=status)


def status_allowed(request: HttpRequest) -> bool:
    """The page cache's guard of a cached status page: the look-up's rate limit counts a page
    served from the cache as it counts one rendered (a refused request then takes the normal
    way, which answers 429)."""
    return hit("status_lookup", ip=client_ip(request)) is None


@throttle("status_lookup", methods=("GET", "HEAD"))
def status_detail(request: HttpRequest, number: str) -> HttpResponse:
    # Cached per application for anonymous visitors, renewed by every action that changes
    # what this page shows (actions.status_changed).
    pagecache.mark(request, actions.status_scope(number),
                   guard="balai.applications.views.status_allowed")
    application = queries.get_by_number(number)
    if application is None:
        raise Http404
    spec = application.definition.spec
    language = _language()
    events = [{"label": e.label, "state": spec.workflow.label(e.to_state, language)
               if e.to_state else "", "created_at": e.created_at}
              for e in queries.public_timeline(application)]
    return render(request, "applications/status_detail.html", {
        "application": application, "service_name": spec.name.get(language),
        "state_label": spec.workflow.label(application.state, language),
        "office": application.office, "events": events})


# --- assisted service ---------------------------------------------------------------------

def _require_operator(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    if not queries.is_operator(user):
        raise Http404
    return user


def _service_choices() -> list[tuple[str, str]]:
    return [(s.code, s.name) for s in queries.open_services()]


@login_required
def assisted_home(request: HttpRequest) -> HttpResponse:
    operator = _require_operator(request)
    search = forms.NikSearchForm(request.POST or None)
    context: dict[str, Any] = {"search": search}
    if request.method == "POST" and search.is_valid():
        nik = search.cleaned_data["nik"]
        citizen = find_citizen_by_nik(nik)
        if citizen is not None and citizen.verified_at is not None:
            record_access(officer=operator, citizen=citizen.user,
                          what=_("Data diri, dicari dengan NIK di layanan bantuan"))
            request.session[FOUND_SESSION_KEY] = citizen.pk
            context.update(found=citizen, form=forms.AssistedStartForm(
                services=_service_choices()))
        else:
            request.session.pop(FOUND_SESSION_KEY, None)
            context.update(register=forms.AssistedRegisterForm(
                services=_service_choices(), initial={"nik": nik}))
    page = Paginator(queries.assisted_by(operator), 25).get_page(request.GET.get("page"))
    context["page_obj"] = page
    return render(request, "applications/assisted.html", context)


@login_required
@require_POST
def assisted_start(request: HttpRequest) -> HttpResponse:
    operator = _require_operator(request)
    citizen_user = queries.citizen_user(request.session.get(FOUND_SESSION_KEY))
    if citizen_user is None:
        return redirect("applications:assisted")
    form = forms.AssistedStartForm(request.POST, services=_service_choices())
    if not form.is_valid():
        citizen = Citizen.objects.select_related("user").get(user=citizen_user)
        return render(request, "applications/assisted.html", {
            "search": forms.NikSearchForm(), "found": citizen, "form": form,
            "page_obj": Paginator(queries.assisted_by(operator), 25).get_page(1)}, status=400)
    actions.record_assistance_consent(citizen_user=citizen_user, operator=operator)
    request.session[ASSISTED_SESSION_KEY] = citizen_user.pk
    return redirect("applications:assisted_apply", code=form.cleaned_data["service"])


@login_required
@require_POST
def assisted_register(request: HttpRequest) -> HttpResponse:
    operator = _require_operator(request)
    form = forms.AssistedRegisterForm(request.POST, services=_service_choices())
    if form.is_valid():
        data = form.cleaned_data
        try:
            citizen = actions.register_assisted_citizen(
                operator=operator, nik=data["nik"], full_name=data["full_name"],
                birth_date=data["birth_date"], phone=data["phone"])
        except DomainError as exc:
            form.add_error("nik", exc.message)
        else:
            request.session[ASSISTED_SESSION_KEY] = citizen.pk
            messages.success(request, _("Warga terdaftar. Lanjutkan mengisi permohonan."))
            return redirect("applications:assisted_apply", code=data["service"])
    return render(request, "applications/assisted.html", {
        "search": forms.NikSearchForm(), "register": form,
        "page_obj": Paginator(queries.assisted_by(operator), 25).get_page(1)}, status=400)
