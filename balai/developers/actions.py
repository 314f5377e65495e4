"""Writes of the developer portal. Each is atomic; what a developer or an officer does is
recorded in the ledger; webhook deliveries are queued in the transaction of the change that
causes them and sent by a task after commit.

Sandbox records (what test keys make) are synthetic and owned by the app: they are not
recorded in the ledger, send no message to anybody, and appear on no officer page or
dashboard; only their webhooks go out, to the app's test endpoints.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts.models import User
from balai.catalogue.models import ServiceDefinition
from balai.core.errors import ConflictError, DomainError, PermissionDeniedError
from balai.developers import outgoing, queries, signing
from balai.developers.models import (
    KEY_PREFIX_LENGTH,
    AppKey,
    DeveloperApp,
    KeyUsage,
    ReceivedWebhook,
    SandboxApplication,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
from balai.ledger.actions import record_event
from balai.notifications.actions import queue_message
from balai.notifications.models import Message

# last_used_at is written at most this often per key.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)
# How long the previous key keeps working after a rotation, by the developer's choice.
ROTATION_OVERLAPS = {"1": dt.timedelta(hours=1), "24": dt.timedelta(hours=24),
                     "168": dt.timedelta(days=7)}
# The previous webhook secret keeps signing this long after the secret is rotated.
SECRET_OVERLAP = dt.timedelta(hours=24)
# Waits after each failed attempt: 11 attempts over about 3.5 days, then the delivery fails
# and its endpoint is disabled (the schedule of the Standard Webhooks reference, lengthened).
RETRY_DELAYS = [dt.timedelta(seconds=5), dt.timedelta(minutes=5), dt.timedelta(minutes=30),
                dt.timedelta(hours=2), dt.timedelta(hours=5), dt.timedelta(hours=10),
                dt.timedelta(hours=10), dt.timedelta(hours=14), dt.timedelta(hours=20),
                dt.timedelta(hours=24)]
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
CLAIM_LEASE = dt.timedelta(minutes=2)
# The sandbox test receiver keeps this many of an app's latest webhooks.
RECEIVED_KEPT = 50


class LiveKeyNotAllowed(DomainError):
    code = "DEVELOPER_LIVE_NOT_APPROVED"


class UnsafeEndpoint(DomainError):
    code = "DEVELOPER_WEBHOOK_UNSAFE_URL"


# --- apps --------------------------------------------------------------------------------

@transaction.atomic
def register_app(*, owner: User, name: str, description: str, contact_email: str,
                 callback_urls: list[str]) -> DeveloperApp:
    if not queries.may_register_apps(owner):
        raise PermissionDeniedError(_("Hanya warga yang akunnya sudah dikonfirmasi atau akun "
                                      "instansi yang dapat mendaftarkan aplikasi."))
    app = DeveloperApp.objects.create(
        owner=owner, name=name.strip(), description=description.strip(),
        contact_email=contact_email.strip(), callback_urls="\n".join(callback_urls),
        receiver_token=secrets.token_urlsafe(32))
    record_event(actor=owner, action="pengembang.aplikasi_didaftarkan", obj=app,
                 payload={"name": app.name, "callbacks": len(callback_urls)})
    return app


@transaction.atomic
def request_live_access(*, app: DeveloperApp, actor: User) -> DeveloperApp:
    locked = DeveloperApp.objects.select_for_update().get(pk=app.pk)
    if locked.status in (DeveloperApp.Status.SANDBOX, DeveloperApp.Status.REJECTED):
        locked.status = DeveloperApp.Status.PENDING
        locked.save(update_fields=["status"])
        record_event(actor=actor, action="pengembang.minta_akses_langsung", obj=locked,
                     payload={})
    return locked


@transaction.atomic
def review_app(*, app: DeveloperApp, reviewer: User, approve: bool, note: str) -> DeveloperApp:
    """An officer's decision on an app's request for live access; the developer is emailed."""
    if not queries.may_review_apps(reviewer):
        raise PermissionDeniedError(_("Hanya admin Diskominfo yang dapat menyetujui aplikasi."))
    locked = DeveloperApp.objects.select_for_update().get(pk=app.pk)
    if locked.status != DeveloperApp.Status.PENDING:
        raise ConflictError(_("Aplikasi ini tidak sedang menunggu persetujuan."))
    if not approve and not note.strip():
        raise DomainError(_("Tuliskan alasan penolakan."), code="DEVELOPER_REASON_REQUIRED")
    locked.status = DeveloperApp.Status.APPROVED if approve else DeveloperApp.Status.REJECTED
    locked.review_note = note.strip()
    locked.reviewed_by = reviewer
    locked.reviewed_at = timezone.now()
    locked.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at"])
    record_event(actor=reviewer, action="pengembang.aplikasi_disetujui" if approve
                 else "pengembang.aplikasi_ditolak", obj=locked, payload={"status": locked.status})
    body = (_("Aplikasi %(name)s disetujui: kunci langsung (live) kini dapat dipakai.")
            if approve else _("Permintaan akses langsung aplikasi %(name)s ditolak: %(note)s"))
    queue_message(channel=Message.Channel.EMAIL, recipient=locked.owner,
                  address=locked.contact_email,
                  subject=_("Peninjauan aplikasi %(name)s") % {"name": locked.name},
                  body=body % {"name": locked.name, "note": locked.review_note})
    return locked


# --- keys --------------------------------------------------------------------------------

def _new_secret(kind: str) -> tuple[str, str]:
    for _attempt in range(5):
        prefix = secrets.token_hex(KEY_PREFIX_LENGTH // 2)
        if not AppKey.objects.filter(prefix=prefix).exists():
            break
    return prefix, f"balai_{kind}_{prefix}_{secrets.token_urlsafe(32)}"


@transaction.atomic
def create_key(*, app: DeveloperApp, actor: User, kind: str, name: str, scopes: str,
               rate_per_minute: int) -> tuple[AppKey, str]:
    """A test or live key; returns the key and its secret, shown once (only the digest is
    kept). A live key can be made at any time but answers only once the app is approved."""
    prefix, secret = _new_secret(kind)
    key = AppKey.objects.create(app=app, kind=kind, name=name.strip(), prefix=prefix,
                                secret_hash=queries.key_digest(secret), scopes=scopes,
                                rate_per_minute=rate_per_minute)
    record_event(actor=actor, action="pengembang.kunci_dibuat", obj=key,
                 payload={"app": app.pk, "kind": kind, "prefix": prefix, "scopes": scopes,
                          "rate": rate_per_minute})
    return key, secret


@transaction.atomic
def rotate_key(*, key: AppKey, actor: User, overlap: dt.timedelta) -> tuple[AppKey, str]:
    """A new key with the same settings; the old one keeps working for `overlap`, then stops."""
    locked = AppKey.objects.select_for_update().get(pk=key.pk)
    if not locked.is_usable():
        raise ConflictError(_("Kunci ini sudah tidak berlaku; buat kunci baru."))
    prefix, secret = _new_secret(locked.kind)
    new = AppKey.objects.create(app_id=locked.app_id, kind=locked.kind, name=locked.name,
                                prefix=prefix, secret_hash=queries.key_digest(secret),
                                scopes=locked.scopes, rate_per_minute=locked.rate_per_minute)
    until = timezone.now() + overlap
    locked.expires_at = until if locked.expires_at is None else min(locked.expires_at, until)
    locked.replaced_by = new
    locked.save(update_fields=["expires_at", "replaced_by"])
    record_event(actor=actor, action="pengembang.kunci_diputar", obj=locked,
                 payload={"new_prefix": prefix, "old_until": locked.expires_at.isoformat()})
    return new, secret


@transaction.atomic
def revoke_key(*, key: AppKey, actor: User) -> AppKey:
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        record_event(actor=actor, action="pengembang.kunci_dicabut", obj=key,
                     payload={"prefix": key.prefix})
    return key


def touch_key(*, key: AppKey, now: dt.datetime | None = None) -> None:
    """Bookkeeping, not a person's change: no ledger entry, written at most once a minute."""
    now = now or timezone.now()
    if key.last_used_at is None or now - key.last_used_at >= LAST_USED_RESOLUTION:
        AppKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now


def count_request(*, key_id: int, endpoint: str, error: bool,
                  day: dt.date | None = None) -> None:
    """Add one request (and maybe one error) to the key's counter for the endpoint and day:
    one row per key, endpoint and day, counted up in the database (F()), never read first."""
    day = day or timezone.localdate()
    errors = 1 if error else 0
    updated = KeyUsage.objects.filter(key_id=key_id, endpoint=endpoint, day=day).update(
        requests=F("requests") + 1, errors=F("errors") + errors)
    if updated:
        return
    try:
        with transaction.atomic():
            KeyUsage.objects.create(key_id=key_id, endpoint=endpoint, day=day, requests=1,
                                    errors=errors)
    except IntegrityError:  # another request made the row first
        KeyUsage.objects.filter(key_id=key_id, endpoint=endpoint, day=day).update(
            requests=F("requests") + 1, errors=F("errors") + errors)


# --- webhook endpoints -------------------------------------------------------------------

@transaction.atomic
def add_endpoint(*, app: DeveloperApp, actor: User, url: str, mode: str) -> WebhookEndpoint:
    try:
        outgoing.check_url(url, test=mode == WebhookEndpoint.Mode.TEST)
    except outgoing.UnsafeAddress as exc:
        raise UnsafeEndpoint(str(exc)) from None
    endpoint = WebhookEndpoint.objects.create(app=app, url=url, mode=mode,
                                              secret=signing.new_secret())
    record_event(actor=actor, action="pengembang.webhook_ditambahkan", obj=endpoint,
                 payload={"app": app.pk, "mode": mode})
    return endpoint


@transaction.atomic
def rotate_endpoint_secret(*, endpoint: WebhookEndpoint, actor: User) -> WebhookEndpoint:
    """A new signing secret; for SECRET_OVERLAP both sign (two signatures in the header)."""
    locked = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    locked.previous_secret = locked.secret
    locked.previous_secret_until = timezone.now() + SECRET_OVERLAP
    locked.secret = signing.new_secret()
    locked.save(update_fields=["previous_secret", "previous_secret_until", "secret"])
    record_event(actor=actor, action="pengembang.rahasia_webhook_diputar", obj=locked,
                 payload={"until": locked.previous_secret_until.isoformat()})
    return locked


@transaction.atomic
def enable_endpoint(*, endpoint: WebhookEndpoint, actor: User) -> WebhookEndpoint:
    if not endpoint.is_active:
        endpoint.is_active = True
        endpoint.disabled_at = None
        endpoint.disabled_reason = ""
        endpoint.save(update_fields=["is_active", "disabled_at", "disabled_reason"])
        record_event(actor=actor, action="pengembang.webhook_diaktifkan", obj=endpoint,
                     payload={})
    return endpoint


def signing_secrets(endpoint: WebhookEndpoint, now: dt.datetime) -> list[str]:
    found = [endpoint.secret]
    if (endpoint.previous_secret and endpoint.previous_secret_until
            and endpoint.previous_secret_until > now):
        found.append(endpoint.previous_secret)
    return found


# --- events and deliveries ---------------------------------------------------------------

def emit(*, endpoints: list[WebhookEndpoint], event_type: str, data: dict[str, Any]) -> int:
    """Queue one delivery of the event per endpoint, inside the caller's transaction; each is
    sent by a task after commit. Returns how many were queued."""
    if not endpoints:
        return 0
    now = timezone.now()
    body = json.dumps({"type": event_type, "timestamp": now.isoformat(), "data": data},
                      ensure_ascii=False, separators=(",", ":"), default=str)
    deliveries = WebhookDelivery.objects.bulk_create([
        WebhookDelivery(endpoint=endpoint, message_id=signing.new_message_id(),
                        event_type=event_type, body=body, next_attempt_at=now)
        for endpoint in endpoints])
    ids = [d.pk for d in deliveries if d.pk is not None]
    if len(ids) != len(deliveries):  # backends that do not return ids (none of ours today)
        ids = list(WebhookDelivery.objects.filter(body=body).values_list("pk", flat=True))
    transaction.on_commit(lambda: [_enqueue(delivery_id=i) for i in ids])
    return len(ids)


def _enqueue(*, delivery_id: int, when: dt.datetime | None = None) -> None:
    from balai.developers.tasks import deliver_webhook

    if when is None:
        deliver_webhook.enqueue(delivery_id=delivery_id)
    elif deliver_webhook.get_backend().supports_defer:
        deliver_webhook.using(run_after=when).enqueue(delivery_id=delivery_id)
    # else: the sweep (deliver_due_webhooks) sends it when it is due.


def _claim(*, delivery_id: int, now: dt.datetime) -> bool:
    return WebhookDelivery.objects.filter(
        pk=delivery_id, status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now,
        endpoint__is_active=True,
    ).update(attempts=F("attempts") + 1, next_attempt_at=now + CLAIM_LEASE) == 1


def deliver(*, delivery_id: int, replay: bool = False) -> str:
    """Send one due delivery (outside any transaction: the HTTP request must not hold one).
    Returns "sent", "retry", "failed" or "skipped"."""
    now = timezone.now()
    if not _claim(delivery_id=delivery_id, now=now):
        return "skipped"
    delivery = queries.delivery_with_endpoint(delivery_id)
    assert delivery is not None
    endpoint = delivery.endpoint
    timestamp = int(now.timestamp())
    headers = signing.headers(signing_secrets(endpoint, now), message_id=delivery.message_id,
                              timestamp=timestamp, body=delivery.body)
    answer = outgoing.post(endpoint.url, body=delivery.body, headers=headers,
                           test=endpoint.mode == WebhookEndpoint.Mode.TEST)
    return _record_attempt(delivery=delivery, answer=answer, replay=replay)


@transaction.atomic
def _record_attempt(*, delivery: WebhookDelivery, answer: outgoing.Answer,
                    replay: bool) -> str:
    now = timezone.now()
    WebhookAttempt.objects.create(delivery=delivery, status_code=answer.status_code,
                                  error=answer.error[:300], duration_ms=answer.duration_ms,
                                  replay=replay)
    common = {"last_status_code": answer.status_code, "last_error": answer.error[:300]}
    if answer.ok:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=WebhookDelivery.Status.SUCCEEDED, delivered_at=now, next_attempt_at=None,
            **common)
        return "sent"
    if delivery.attempts < MAX_ATTEMPTS and not replay:
        when = now + RETRY_DELAYS[delivery.attempts - 1]
        WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=when, **common)
        transaction.on_commit(lambda: _enqueue(delivery_id=delivery.pk, when=when))
        return "retry"
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=WebhookDelivery.Status.FAILED, next_attempt_at=None, **common)
    if not replay:
        _disable_endpoint(endpoint=delivery.endpoint, now=now)
    return "failed"


def _disable_endpoint(*, endpoint: WebhookEndpoint, now: dt.datetime) -> None:
    """An endpoint that failed one message through every retry (over three days) is switched
    off, and the developer is told by email; they switch it on again in the portal."""
    disabled = WebhookEndpoint.objects.filter(pk=endpoint.pk, is_active=True).update(
        is_active=False, disabled_at=now,
        disabled_reason=_("Gagal menerima webhook selama lebih dari tiga hari."))
    if not disabled:
        return
    app = endpoint.app
    record_event(actor=None, action="pengembang.webhook_dinonaktifkan", obj=endpoint,
                 payload={"app": app.pk, "attempts": MAX_ATTEMPTS})
    queue_message(
        channel=Message.Channel.EMAIL, recipient=app.owner, address=app.contact_email,
        subject=_("Endpoint webhook %(app)s dinonaktifkan") % {"app": app.name},
        body=_("Endpoint webhook %(url)s milik aplikasi %(app)s gagal menerima webhook selama "
               "lebih dari tiga hari, sehingga Balai menonaktifkannya. Perbaiki server Anda, "
               "aktifkan kembali endpoint di portal pengembang, lalu kirim ulang pesan yang "
               "gagal dari log pengiriman.") % {"url": endpoint.url, "app": app.name})


def deliver_due(*, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    count = 0
    for delivery_id in queries.due_delivery_ids(now):
        if deliver(delivery_id=delivery_id) != "skipped":
            count += 1
    return count


@transaction.atomic
def replay_delivery(*, delivery: WebhookDelivery, actor: User) -> WebhookDelivery:
    """Send a past or failed delivery again, now, with the same webhook-id (a receiver that
    already processed it can recognise it). Its outcome goes into the same log."""
    endpoint = delivery.endpoint
    if not endpoint.is_active:
        raise ConflictError(_("Aktifkan endpoint ini dahulu sebelum mengirim ulang."))
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=WebhookDelivery.Status.PENDING, next_attempt_at=timezone.now(),
        # One attempt, no retries: a replay that fails stays failed until replayed again.
        attempts=MAX_ATTEMPTS - 1)
    record_event(actor=actor, action="pengembang.webhook_dikirim_ulang", obj=delivery,
                 payload={"message_id": delivery.message_id})
    transaction.on_commit(lambda: _send_replay(delivery_id=delivery.pk))
    return delivery


def _send_replay(*, delivery_id: int) -> None:
    from balai.developers.tasks import replay_webhook

    replay_webhook.enqueue(delivery_id=delivery_id)


@transaction.atomic
def receive_test_webhook(*, app: DeveloperApp, headers: dict[str, str],
                         body: str) -> ReceivedWebhook:
    """The sandbox test receiver: keeps what arrived, for the developer to inspect; only the
    latest RECEIVED_KEPT per app, so that a leaked receiver address cannot fill the disk."""
    received = ReceivedWebhook.objects.create(app=app, headers=headers, body=body[:65536])
    stale = list(ReceivedWebhook.objects.filter(app=app).order_by("-received_at", "-id")
                 .values_list("pk", flat=True)[RECEIVED_KEPT:])
    if stale:
        ReceivedWebhook.objects.filter(pk__in=stale).delete()
    return received


# --- the sandbox -------------------------------------------------------------------------

def sandbox_event_data(application: SandboxApplication, *, previous_state: str) -> dict[str, Any]:
    spec = application.definition.spec
    return {"kind": "application", "number": application.number, "service": spec.code,
            "state": application.state, "state_label": spec.workflow.label(application.state),
            "previous_state": previous_state,
            "url": f"/api/v1/applications/{application.number}"}


def _emit_sandbox(application: SandboxApplication, previous_state: str) -> None:
    emit(endpoints=list(queries.test_endpoints_of(application.app)),
         event_type="application.status_changed",
         data=sandbox_event_data(application, previous_state=previous_state))


@transaction.atomic
def sandbox_create_draft(*, app: DeveloperApp, definition: ServiceDefinition,
                         data: dict[str, Any], idempotency_key: str,
                         ) -> tuple[SandboxApplication, bool]:
    existing = queries.sandbox_by_key(app, idempotency_key)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            draft = SandboxApplication.objects.create(
                app=app, definition=definition, data=json.loads(json.dumps(data, default=str)),
                idempotency_key=idempotency_key)
    except IntegrityError:
        existing = queries.sandbox_by_key(app, idempotency_key)
        if existing is None:
            raise
        return existing, False
    return draft, True


@transaction.atomic
def sandbox_submit(*, application: SandboxApplication, idempotency_key: str,
                   ) -> SandboxApplication:
    locked = SandboxApplication.objects.select_for_update().get(pk=application.pk)
    if not locked.is_draft:
        if locked.submit_key == idempotency_key:
            return locked
        raise ConflictError(_("Permohonan ini sudah diajukan."))
    spec = locked.definition.spec
    now = timezone.now()
    locked.state = spec.workflow.initial
    locked.submitted_at = now
    locked.submit_key = idempotency_key
    locked.number = f"UJI-{now:%Y}-{locked.pk:06d}"
    locked.version += 1
    locked.timeline = [*locked.timeline, {
        "kind": "submitted", "action": "", "label": _("Permohonan diajukan"), "from_state": "",
        "to_state": locked.state, "note": "", "corrections": {}, "public": True,
        "created_at": now.isoformat()}]
    locked.save()
    _emit_sandbox(locked, previous_state="")
    return locked


@transaction.atomic
def sandbox_simulate(*, application: SandboxApplication, action: str,
                     note: str = "") -> SandboxApplication:
    """Take any action of the service's workflow on a sandbox application, as the office
    would: how a developer sees their app follow an application through its states."""
    locked = SandboxApplication.objects.select_for_update().get(pk=application.pk)
    spec = locked.definition.spec
    if locked.is_draft:
        raise ConflictError(_("Ajukan permohonan sandbox ini dahulu."))
    step = spec.workflow.action(action)
    if step is None or locked.state not in step.from_states:
        raise ConflictError(
            _("Tindakan ini tidak tersedia pada status sekarang."),
            details={"allowed": [a.name for a in spec.workflow.actions_from(locked.state)]})
    now = timezone.now()
    previous = locked.state
    locked.state = step.to
    locked.version += 1
    if step.to in spec.workflow.final_states:
        locked.closed_at = now
    locked.timeline = [*locked.timeline, {
        "kind": "action", "action": step.name, "label": step.label.get(), "from_state": previous,
        "to_state": step.to, "note": note.strip(), "corrections": {}, "public": step.public,
        "created_at": now.isoformat()}]
    locked.save()
    _emit_sandbox(locked, previous_state=previous)
    return locked

