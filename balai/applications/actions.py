"""Every change to applications: drafts, uploads, submission, workflow actions, claiming and
assigning, escalation, and the consent for assisted service. Each action is atomic, appends
to the ledger, and queues the citizen's notification in the same transaction."""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections import defaultdict
from typing import IO, Any

from django.conf import settings
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts.models import Citizen, User
from balai.accounts.queries import escalation_recipients
from balai.applications import queries
from balai.applications.display import display_values
from balai.applications.models import (
    DRAFT,
    Application,
    ApplicationCounter,
    ApplicationEvent,
    AssistanceConsent,
    Upload,
)
from balai.applications.uploads import CheckedFile
from balai.applications.workflow import (
    WrongState,
    check_transition,
    is_final,
    is_resubmission,
    requests_correction,
)
from balai.catalogue.models import ServiceDefinition
from balai.catalogue.spec import APPLICANT, ServiceSpec
from balai.core import events, pagecache
from balai.core.calendar import working_calendar
from balai.core.errors import ConflictError, DomainError, PermissionDeniedError
from balai.ledger.actions import record_event
from balai.notifications.actions import queue_message


class ApplicationError(DomainError):
    code = "APPLICATION_ERROR"


class MissingRequirements(ApplicationError):
    code = "APPLICATION_MISSING_REQUIREMENTS"


class FeeUnpaid(ApplicationError):
    code = "APPLICATION_FEE_UNPAID"
    message = _("Retribusi layanan ini belum dibayar. Dokumen diterbitkan setelah tagihannya "
                "lunas.")


class StaleApplication(ConflictError):
    code = "APPLICATION_STALE"
    message = _("Permohonan ini baru saja diproses oleh petugas lain. Muat ulang halaman untuk "
                "melihat statusnya sekarang, lalu coba lagi bila masih perlu.")


def status_scope(number: str) -> str:
    """The page-cache scope of an application's public status page (views.status_detail)."""
    return f"application:{number}"


def status_changed(application: Application) -> None:
    """What the public status page shows changed (state, dates, a public timeline entry): its
    cached copy is not served again."""
    if application.number:
        pagecache.invalidate(status_scope(application.number))


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


# --- drafts and uploads -------------------------------------------------------------------

@transaction.atomic
def save_draft(*, applicant: User, definition: ServiceDefinition, data: dict[str, Any],
               step: int, actor: User, draft: Application | None = None) -> Application:
    """Keep what the applicant has entered so far, so a dropped connection loses nothing.

    `actor` is the applicant, or an operator applying on their behalf (assisted channel).
    """
    if draft is not None and not draft.is_draft:
        raise WrongState(_("Permohonan ini sudah diajukan dan tidak dapat diubah lagi."))
    assisted = actor.pk != applicant.pk
    if draft is None:
        draft = Application.objects.create(
            applicant=applicant, definition=definition, office=definition.service.office,
            state=DRAFT, data_json=_dump(data), draft_step=step,
            channel=Application.Channel.ASSISTED if assisted else Application.Channel.ONLINE,
            operator=actor if assisted else None,
        )
        record_event(actor=actor, action="permohonan.draf_dibuat", obj=draft,
                     payload={"service": definition.service.code, "version": definition.version,
                              "channel": draft.channel})
        return draft
    draft.data_json = _dump(data)
    draft.draft_step = max(draft.draft_step, step)
    draft.save(update_fields=["data_json", "draft_step", "updated_at"])
    record_event(actor=actor, action="permohonan.draf_disimpan", obj=draft,
                 payload={"step": draft.draft_step})
    return draft


@transaction.atomic
def set_draft_step(*, draft: Application, step: int, actor: User) -> Application:
    """Remember how far the applicant got (the uploads step done, say)."""
    if step > draft.draft_step:
        draft.draft_step = step
        draft.save(update_fields=["draft_step", "updated_at"])
        record_event(actor=actor, action="permohonan.draf_disimpan", obj=draft,
                     payload={"step": step})
    return draft


def _store_upload(*, application: Application, requirement: str, file: IO[bytes],
                  checked: CheckedFile, actor: User) -> Upload:
    now = timezone.now()
    Upload.objects.filter(application=application, requirement=requirement,
                          superseded=False).update(superseded=True, replaced_at=now)
    upload = Upload(application=application, requirement=requirement,
                    content_type=checked.content_type, size=checked.size,
                    sha256=checked.sha256, original_name=checked.original_name,
                    uploaded_by=actor)
    extension = {"pdf": "pdf", "png": "png", "jpg": "jpg"}[checked.format]
    upload.file.save(f"{secrets.token_hex(16)}.{extension}", File(file), save=False)
    upload.save()
    record_event(actor=actor, action="permohonan.berkas_diunggah", obj=application,
                 payload={"requirement": requirement, "sha256": checked.sha256,
                          "size": checked.size})
    return upload


@transaction.atomic
def attach_upload(*, application: Application, requirement: str, file: IO[bytes],
                  checked: CheckedFile, actor: User) -> Upload:
    """Store a checked scan for a draft's requirement; an earlier one for it is superseded."""
    if not application.is_draft:
        raise WrongState(_("Berkas hanya dapat diganti lewat permintaan perbaikan petugas."))
    if application.definition.spec.requirement(requirement) is None:
        raise ApplicationError(_("Persyaratan tidak dikenal."))
    return _store_upload(application=application, requirement=requirement, file=file,
                         checked=checked, actor=actor)


# --- submission ---------------------------------------------------------------------------

def _next_number(year: int) -> str:
    counter = ApplicationCounter.objects.select_for_update().filter(year=year).first()
    if counter is None:
        try:
            with transaction.atomic():
                ApplicationCounter.objects.create(year=year, last=0)
        except IntegrityError:
            pass  # another submission created the year's row a moment earlier
        counter = ApplicationCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{settings.BALAI_APPLICATION_NUMBER_PREFIX}-{year}-{counter.last:06d}"


def missing_requirements(application: Application) -> list[str]:
    uploads = queries.current_uploads(application)
    return [r.code for r in application.definition.spec.requirements
            if r.required and r.code not in uploads]


@transaction.atomic
def submit_application(*, draft: Application, actor: User,
                       idempotency_key: str) -> Application:
    """Submit a draft: it gets its registration number, its deadline and its place in the
    office's queue, and the citizen a receipt notification.

    Retried with the same idempotency key (a bad connection, a double click), it returns the
    application already submitted instead of making a second one.
    """
    existing = queries.find_by_idempotency_key(applicant=draft.applicant, key=idempotency_key)
    if existing is not None:
        return existing
    locked = Application.objects.select_for_update().get(pk=draft.pk)
    if not locked.is_draft:
        return locked  # submitted a moment ago by the same draft's earlier request
    spec = locked.definition.spec
    missing = missing_requirements(locked)
    if missing:
        names = ", ".join(spec.requirement(code).name.get() for code in missing)  # type: ignore[union-attr]
        raise MissingRequirements(_("Unggah dulu berkas wajib: %(names)s.") % {"names": names},
                                  details={"requirements": missing})
    data = locked.data
    empty = [f.label.get() for f in spec.fields
             if f.required and f.type != "file" and data.get(f.name) in (None, "")]
    if empty:
        raise ApplicationError(_("Isian wajib belum lengkap: %(names)s.")
                               % {"names": ", ".join(empty)}, code="APPLICATION_INCOMPLETE")
    now = timezone.now()
    today = timezone.localdate(now)
    locked.number = _next_number(today.year)
    locked.state = spec.workflow.initial
    locked.is_open = not is_final(spec, locked.state)
    locked.submitted_at = now
    locked.due_date = working_calendar().add_working_days(today, spec.deadline_working_days)
    locked.idempotency_key = idempotency_key
    locked.version += 1
    locked.save()
    ApplicationEvent.objects.create(
        application=locked, kind=ApplicationEvent.Kind.SUBMITTED, action="ajukan",
        label=_("Permohonan diajukan"), to_state=locked.state, actor=actor, public=True)
    status_changed(locked)
    record_event(actor=actor, action="permohonan.diajukan", obj=locked,
                 payload={"number": locked.number, "service": spec.code,
                          "version": spec.version, "channel": locked.channel,
                          "operator": locked.operator_id or ""})
    if spec.fee > 0:
        # A service with a fee (retribusi) waits for its bill to be paid (see take_action).
        from balai.payments.actions import issue_service_fee_bill

        issue_service_fee_bill(application=locked, actor=actor)
    events.case_opened.send(sender=Application, kind="application", obj=locked,
                            office_id=locked.office_id, topic=spec.code, kecamatan_code="",
                            opened_at=now)
    _notify_applicant(locked, subject=_("Permohonan %(number)s diterima") % {
        "number": locked.number},
        body=_("Permohonan %(service)s Anda diterima dengan nomor registrasi %(number)s. "
               "Batas waktu penyelesaian: %(due)s. Pantau statusnya di Balai.") % {
            "service": spec.name.get(), "number": locked.number,
            "due": locked.due_date.strftime("%d-%m-%Y")})
    return locked


# --- workflow actions ---------------------------------------------------------------------

def _lock(application: Application, expected_version: int) -> Application:
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.version != expected_version:
        raise StaleApplication(details={"expected_version": expected_version,
                                        "current_version": locked.version})
    # The definition and office never change: reuse what the caller already loaded.
    locked.definition = application.definition
    return locked


@transaction.atomic
def take_action(*, application: Application, action: str, actor: User, note: str = "",
                corrections: dict[str, str] | None = None, expected_version: int,
                replacements: dict[str, tuple[IO[bytes], CheckedFile]] | None = None,
                ) -> Application:
    """Take a workflow action (verify, ask for corrections, resubmit, approve, reject, sign,
    cancel…) on an application, as the service's definition allows for the actor's roles.

    One transaction: the row is locked and its version compared with the one the actor saw
    (a stale form or a colleague who was faster gets StaleApplication); then the new state,
    a timeline entry, the issued document if the action issues one, the ledger entry and the
    citizen's notification. `replacements` are the corrected files of a resubmission.
    """
    locked = _lock(application, expected_version)
    spec = locked.definition.spec
    roles = queries.roles_for(actor, locked)
    step = check_transition(spec, locked.state, action, roles, note)
    if step.issues and _fee_outstanding(locked):
        # The payment point: the document is issued only once the fee bill is paid.
        raise FeeUnpaid(details={"action": action})
    corrections = {code: reason.strip() for code, reason in (corrections or {}).items()
                   if reason and reason.strip() and spec.requirement(code) is not None}
    if corrections and not requests_correction(spec, step):
        corrections = {}
    now = timezone.now()
    from_state = locked.state
    if is_resubmission(spec, step):
        _replace_corrected_uploads(locked, replacements or {}, actor)
        today = timezone.localdate(now)
        locked.due_date = working_calendar().add_working_days(today, spec.deadline_working_days)
        locked.escalated_at = None
    locked.state = step.to
    locked.is_open = not is_final(spec, step.to)
    locked.closed_at = None if locked.is_open else now
    locked.version += 1
    locked.save()
    ApplicationEvent.objects.create(
        application=locked, kind=ApplicationEvent.Kind.ACTION, action=step.name,
        label=step.label.get(), from_state=from_state, to_state=step.to, actor=actor,
        note=note.strip(), corrections=corrections, public=step.public)
    status_changed(locked)
    if step.issues:
        _issue_document(locked, actor=actor)
    record_event(actor=actor, action=f"permohonan.{step.name}", obj=locked,
                 payload={"number": locked.number, "from": from_state, "to": step.to,
                          "version": locked.version, "corrections": sorted(corrections)})
    events.case_status_changed.send(sender=Application, kind="application", obj=locked,
                                    from_state=from_state, to_state=step.to,
                                    user_id=locked.applicant_id)
    if not locked.is_open:
        _send_case_closed(locked, spec, now)
    body = _("Status permohonan %(service)s nomor %(number)s kini: %(state)s.") % {
        "service": spec.name.get(), "number": locked.number,
        "state": spec.workflow.label(step.to)}
    if corrections:
        body += " " + _("Petugas meminta perbaikan berkas; buka permohonan Anda di Balai.")
    _notify_applicant(locked, subject=_("Permohonan %(number)s: %(state)s") % {
        "number": locked.number, "state": spec.workflow.label(step.to)}, body=body)
    return locked


def application_outcome(spec: ServiceSpec, state: str) -> str:
    """How a final state ended the case, for the public statistics: "completed" when the
    action leading to it issues the output document, "withdrawn" when only the applicant
    leads to it (cancelling), else "rejected"."""
    leading = [a for a in spec.workflow.actions if a.to == state]
    if any(a.issues for a in leading) or state == "selesai":
        return "completed"
    if leading and all(APPLICANT in a.roles for a in leading):
        return "withdrawn"
    return "rejected"


def _send_case_closed(application: Application, spec: ServiceSpec, now: dt.datetime) -> None:
    assert application.submitted_at is not None
    today = timezone.localdate(now)
    opened = timezone.localdate(application.submitted_at)
    events.case_closed.send(
        sender=Application, kind="application", obj=application,
        office_id=application.office_id, topic=spec.code, kecamatan_code="",
        opened_at=application.submitted_at, closed_at=now,
        outcome=application_outcome(spec, application.state),
        on_time=application.due_date is not None and today <= application.due_date,
        working_days=max(0, working_calendar().working_days_between(opened, today)),
        user_id=application.applicant_id)


def _fee_outstanding(application: Application) -> bool:
    from balai.payments.queries import application_fee_outstanding

    return application_fee_outstanding(application.pk) is not None


@transaction.atomic
def record_fee_payment(*, application_id: int, paid: bool, payment_code: str) -> None:
    """The fee bill of an application was paid (or the payment reversed by the bank): a
    timeline entry and the applicant's notification; the document may be issued now."""
    application = Application.objects.select_related("definition").get(pk=application_id)
    label = (_("Retribusi dibayar (kode bayar %(code)s)") if paid
             else _("Pembayaran retribusi dibatalkan bank (kode bayar %(code)s)")) % {
        "code": payment_code}
    ApplicationEvent.objects.create(application=application, kind=ApplicationEvent.Kind.ACTION,
                                    action="retribusi_dibayar" if paid else "retribusi_batal",
                                    label=label, to_state=application.state, public=True)
    status_changed(application)
    record_event(actor=None, action="permohonan.retribusi_dibayar" if paid
                 else "permohonan.retribusi_dibatalkan", obj=application,
                 payload={"number": application.number, "code": payment_code})
    _notify_applicant(application, subject=label, body=label + ". " + (
        _("Dokumen Anda dapat diterbitkan setelah disetujui petugas.") if paid
        else _("Bayar kembali retribusi agar permohonan dapat diproses.")))


def _replace_corrected_uploads(application: Application,
                               replacements: dict[str, tuple[IO[bytes], CheckedFile]],
                               actor: User) -> None:
    asked = queries.latest_corrections(application)
    needed = set(asked.corrections) if asked else set()
    missing = sorted(needed - set(replacements))
    if missing:
        spec = application.definition.spec
        names = ", ".join(spec.requirement(code).name.get() for code in missing)  # type: ignore[union-attr]
        raise MissingRequirements(_("Unggah berkas pengganti untuk: %(names)s.")
                                  % {"names": names}, details={"requirements": missing})
    for code, (file, checked) in replacements.items():
        if code in needed:
            _store_upload(application=application, requirement=code, file=file,
                          checked=checked, actor=actor)


def _issue_document(application: Application, *, actor: User) -> None:
    from balai.documents.actions import issue_document

    spec = application.definition.spec
    assert spec.output is not None  # parse_definition requires an output when an action issues
    document = issue_document(
        source=application, template=spec.output.template,
        context={"application": application, "data": application.data,
                 "applicant": application.applicant, "service": spec.name.get(),
                 "rows": display_values(spec, application.data)},
        title=spec.output.title.get(), number_format=spec.output.number_format,
        office=application.office, subject_name=application.applicant.full_name, signer=actor)
    application.issued_document_ref = str(getattr(document, "code", "") or document.pk)
    application.save(update_fields=["issued_document_ref"])
    ApplicationEvent.objects.create(
        application=application, kind=ApplicationEvent.Kind.DOCUMENT, action="terbit",
        label=_("Dokumen %(title)s terbit") % {"title": spec.output.title.get()},
        to_state=application.state, actor=actor, public=True)
    status_changed(application)


def _notify_applicant(application: Application, *, subject: str, body: str) -> None:
    applicant = application.applicant
    queue_message(channel="in_app", recipient=applicant, subject=subject, body=body)
    citizen = Citizen.objects.filter(user=applicant).only("phone").first()
    if citizen is not None and citizen.phone:
        queue_message(channel="sms", recipient=applicant, address=citizen.phone,
                      body=f"Balai: {body}")


# --- officers' work -----------------------------------------------------------------------

def _require_officer(actor: User, application: Application) -> None:
    if not queries.is_colleague(user=actor, office_id=application.office_id):
        raise PermissionDeniedError()


@transaction.atomic
def claim_application(*, application: Application, actor: User,
                      expected_version: int) -> Application:
    """An officer takes an application of their office to work on ("ambil")."""
    _require_officer(actor, application)
    locked = _lock(application, expected_version)
    if locked.assigned_to_id and locked.assigned_to_id != actor.pk:
        raise StaleApplication(_("Permohonan ini sudah diambil petugas lain."))
    locked.assigned_to = actor
    locked.version += 1
    locked.save(update_fields=["assigned_to", "version", "updated_at"])
    ApplicationEvent.objects.create(application=locked, kind=ApplicationEvent.Kind.CLAIMED,
                                    action="ambil", label=_("Diambil petugas"),
                                    to_state=locked.state, actor=actor, public=False)
    record_event(actor=actor, action="permohonan.diambil", obj=locked,
                 payload={"number": locked.number, "version": locked.version})
    return locked


@transaction.atomic
def assign_application(*, application: Application, actor: User, assignee: User,
                       expected_version: int) -> Application:
    """Give an application to a colleague of the same office."""
    _require_officer(actor, application)
    if not queries.is_colleague(user=assignee, office_id=application.office_id):
        raise PermissionDeniedError(_("Petugas yang dipilih tidak bertugas di kantor ini."))
    locked = _lock(application, expected_version)
    locked.assigned_to = assignee
    locked.version += 1
    locked.save(update_fields=["assigned_to", "version", "updated_at"])
    ApplicationEvent.objects.create(
        application=locked, kind=ApplicationEvent.Kind.ASSIGNED, action="tugaskan",
        label=_("Ditugaskan kepada %(name)s") % {"name": assignee.full_name},
        to_state=locked.state, actor=actor, public=False)
    record_event(actor=actor, action="permohonan.ditugaskan", obj=locked,
                 payload={"number": locked.number, "assignee": assignee.pk,
                          "version": locked.version})
    queue_message(channel="in_app", recipient=assignee,
                  subject=_("Permohonan %(number)s ditugaskan kepada Anda") % {
                      "number": locked.number},
                  body=_("%(name)s menugaskan permohonan %(number)s kepada Anda.") % {
                      "name": actor.full_name, "number": locked.number})
    return locked


@transaction.atomic
def escalate_overdue_applications(*, today: dt.date, batch_size: int = 500) -> int:
    """Mark open applications past their deadline as escalated and tell each office head
    once, with the list. Idempotent: an application is escalated only once per deadline
    (a resubmission starts a new deadline). Returns how many were escalated."""
    now = timezone.now()
    escalated = 0
    per_office: dict[int, list[str]] = defaultdict(list)
    while True:
        batch = list(queries.overdue_for_escalation(today=today).select_for_update()
                     .order_by("id").values_list("id", "office_id", "number", "state")
                     [:batch_size])
        if not batch:
            break
        ids = [row[0] for row in batch]
        Application.objects.filter(pk__in=ids, escalated_at__isnull=True).update(
            escalated_at=now)
        ApplicationEvent.objects.bulk_create([
            ApplicationEvent(application_id=pk, kind=ApplicationEvent.Kind.ESCALATED,
                             action="eskalasi", label=_("Melewati batas waktu; dieskalasi ke "
                                                        "kepala kantor"),
                             to_state=state, public=False)
            for pk, _office, _number, state in batch])
        for _pk, office_id, number, _state in batch:
            per_office[office_id].append(number)
        escalated += len(batch)
    offices = queries.offices_by_id(set(per_office))
    recipients = escalation_recipients(set(per_office))
    for office_id, numbers in sorted(per_office.items()):
        office = offices[office_id]
        record_event(actor=None, action="permohonan.eskalasi", obj=office,
                     payload={"date": today.isoformat(), "applications": numbers,
                              "recipients": [user.pk for user in recipients[office_id]]})
        for recipient in recipients[office_id]:
            queue_message(
                channel="in_app", recipient=recipient,
                subject=_("%(n)d permohonan melewati batas waktu") % {"n": len(numbers)},
                body=_("Permohonan berikut di %(office)s melewati batas waktu layanan: "
                       "%(numbers)s.") % {"office": office.name, "numbers": ", ".join(numbers)})
    return escalated


# --- assisted service ---------------------------------------------------------------------

CONSENT_STATEMENT = (
    "Warga menyetujui operator layanan mengajukan permohonan atas namanya dan mengolah data "
    "pribadinya untuk keperluan permohonan tersebut.")


@transaction.atomic
def record_assistance_consent(*, citizen_user: User, operator: User,
                              statement: str = CONSENT_STATEMENT) -> AssistanceConsent:
    """Record, with time and operator, that a citizen present at the counter agreed to be
    served on their behalf."""
    if not queries.is_operator(operator):
        raise PermissionDeniedError()
    consent = AssistanceConsent.objects.create(citizen=citizen_user, operator=operator,
                                               statement=statement)
    record_event(actor=operator, action="permohonan.persetujuan_bantuan", obj=consent,
                 payload={"citizen": citizen_user.pk})
    return consent


@transaction.atomic
def register_assisted_citizen(*, operator: User, nik: str, full_name: str,
                              birth_date: dt.date, phone: str = "") -> Citizen:
    """Register a citizen at the counter (their KTP-el seen by the operator), with consent."""
    from balai.accounts.actions import register_citizen_in_person

    if not queries.is_operator(operator):
        raise PermissionDeniedError()
    citizen = register_citizen_in_person(actor=operator, nik=nik, full_name=full_name,
                                         birth_date=birth_date, password=None, phone=phone)
    record_assistance_consent(citizen_user=citizen.user, operator=operator)
    return citizen
