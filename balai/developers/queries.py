"""Reads of the developer portal: keys by their secret, a developer's apps, usage figures,
deliveries that are due, endpoints that should hear of an event, sandbox records."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from balai.accounts.models import Role, User
from balai.accounts.queries import has_role, is_verified_citizen, roles_of
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

KEY_PATTERN = re.compile(
    rf"^balai_(test|live)_([0-9a-f]{{{KEY_PREFIX_LENGTH}}})_([A-Za-z0-9_-]{{20,100}})$")


def looks_like_app_key(token: str) -> bool:
    return token.startswith(("balai_test_", "balai_live_"))


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def find_key(secret: str) -> AppKey | None:
    """The key (usable or not, with its app and owner) this secret belongs to, or None."""
    secret = secret.strip()
    match = KEY_PATTERN.fullmatch(secret)
    if match is None:
        return None
    key = (AppKey.objects.select_related("app", "app__owner")
           .filter(prefix=match.group(2), kind=match.group(1)).first())
    if key is None or not hmac.compare_digest(key.secret_hash, key_digest(secret)):
        return None
    return key


def may_register_apps(user: User) -> bool:
    """A verified citizen, or the account of an organisation (an office's officer)."""
    return is_verified_citizen(user) or roles_of(user).exists()


def may_review_apps(user: User) -> bool:
    """Approving apps for live keys is the regency's admins' (Diskominfo) work."""
    return has_role(user, Role.ADMIN)


def apps_of(user: User) -> QuerySet[DeveloperApp]:
    return DeveloperApp.objects.filter(owner=user).order_by("-created_at", "-id")


def app_of(user: User, app_id: int) -> DeveloperApp | None:
    return DeveloperApp.objects.filter(owner=user, pk=app_id).first()


def apps_to_review() -> QuerySet[DeveloperApp]:
    return (DeveloperApp.objects.select_related("owner")
            .filter(status=DeveloperApp.Status.PENDING).order_by("created_at", "id"))


def app_for_review(app_id: int) -> DeveloperApp | None:
    return DeveloperApp.objects.select_related("owner").filter(pk=app_id).first()


def keys_of(app: DeveloperApp) -> QuerySet[AppKey]:
    return AppKey.objects.filter(app=app).order_by("-created_at", "-id")


def key_of(app: DeveloperApp, key_id: int) -> AppKey | None:
    return AppKey.objects.filter(app=app, pk=key_id).first()


def usage_of(app: DeveloperApp, *, days: int = 30,
             today: dt.date | None = None) -> list[dict[str, object]]:
    """Requests and errors per key and endpoint over the last `days` days, busiest first."""
    since = (today or timezone.localdate()) - dt.timedelta(days=days - 1)
    return list(
        KeyUsage.objects.filter(key__app=app, day__gte=since)
        .values("key__name", "key__kind", "key__prefix", "endpoint")
        .annotate(requests=Sum("requests"), errors=Sum("errors"), days=Count("day"))
        .order_by("-requests", "endpoint")[:100])


def endpoints_of(app: DeveloperApp) -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.filter(app=app).order_by("-created_at", "-id")


def endpoint_of(app: DeveloperApp, endpoint_id: int) -> WebhookEndpoint | None:
    return WebhookEndpoint.objects.filter(app=app, pk=endpoint_id).first()


def deliveries_of(endpoint: WebhookEndpoint) -> QuerySet[WebhookDelivery]:
    return WebhookDelivery.objects.filter(endpoint=endpoint).order_by("-created_at", "-id")


def delivery_of(endpoint: WebhookEndpoint, delivery_id: int) -> WebhookDelivery | None:
    return WebhookDelivery.objects.filter(endpoint=endpoint, pk=delivery_id).first()


def attempts_of(deliveries: list[WebhookDelivery]) -> dict[int, list[WebhookAttempt]]:
    by_delivery: dict[int, list[WebhookAttempt]] = {d.pk: [] for d in deliveries}
    for attempt in WebhookAttempt.objects.filter(delivery__in=deliveries).order_by(
            "-attempted_at", "-id"):
        by_delivery[attempt.delivery_id].append(attempt)
    return by_delivery


def delivery_with_endpoint(delivery_id: int) -> WebhookDelivery | None:
    return (WebhookDelivery.objects.select_related("endpoint", "endpoint__app",
                                                   "endpoint__app__owner")
            .filter(pk=delivery_id).first())


def due_delivery_ids(now: dt.datetime, *, limit: int = 200) -> list[int]:
    return list(WebhookDelivery.objects.filter(
        status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now,
        endpoint__is_active=True).order_by("next_attempt_at").values_list("pk", flat=True)[:limit])


def live_endpoints_for_owner(user_id: int) -> QuerySet[WebhookEndpoint]:
    """Active live endpoints of the approved apps of this user: they may hear of the user's
    own records (a live key acts as its app's owner)."""
    return WebhookEndpoint.objects.filter(
        app__owner_id=user_id, app__status=DeveloperApp.Status.APPROVED,
        mode=WebhookEndpoint.Mode.LIVE, is_active=True)


def test_endpoints_of(app: DeveloperApp) -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.filter(app=app, mode=WebhookEndpoint.Mode.TEST,
                                          is_active=True)


def app_by_receiver_token(token: str) -> DeveloperApp | None:
    return DeveloperApp.objects.filter(receiver_token=token).first() if token else None


def received_of(app: DeveloperApp) -> QuerySet[ReceivedWebhook]:
    return ReceivedWebhook.objects.filter(app=app).order_by("-received_at", "-id")


def sandbox_applications_of(app: DeveloperApp) -> QuerySet[SandboxApplication]:
    return (SandboxApplication.objects.select_related("definition", "definition__service",
                                                      "definition__service__office")
            .filter(app=app).order_by("-created_at", "-id"))


def sandbox_application(app: DeveloperApp, ref: str) -> SandboxApplication | None:
    """A sandbox application of this app by its number, or (a draft) by its id."""
    found = sandbox_applications_of(app)
    if ref.isdigit():
        return found.filter(Q(pk=int(ref)) | Q(number=ref)).first()
    return found.filter(number=ref.strip().upper()).first()


def sandbox_by_key(app: DeveloperApp, idempotency_key: str) -> SandboxApplication | None:
    return sandbox_applications_of(app).filter(idempotency_key=idempotency_key).first()
