"""Fetch-with-permission helpers of the developer portal: someone else's app is a 404."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from balai.accounts.models import User
from balai.developers import queries
from balai.developers.models import AppKey, DeveloperApp, WebhookDelivery, WebhookEndpoint


def app_for_owner(user: User, app_id: int) -> DeveloperApp:
    app = queries.app_of(user, app_id)
    if app is None:
        raise Http404
    return app


def key_for_owner(user: User, app_id: int, key_id: int) -> AppKey:
    key = queries.key_of(app_for_owner(user, app_id), key_id)
    if key is None:
        raise Http404
    return key


def endpoint_for_owner(user: User, app_id: int, endpoint_id: int) -> WebhookEndpoint:
    endpoint = queries.endpoint_of(app_for_owner(user, app_id), endpoint_id)
    if endpoint is None:
        raise Http404
    return endpoint


def delivery_for_owner(user: User, app_id: int, endpoint_id: int,
                       delivery_id: int) -> WebhookDelivery:
    delivery = queries.delivery_of(endpoint_for_owner(user, app_id, endpoint_id), delivery_id)
    if delivery is None:
        raise Http404
    return delivery


def app_for_reviewer(user: User, app_id: int) -> DeveloperApp:
    if not queries.may_review_apps(user):
        raise PermissionDenied
    app = queries.app_for_review(app_id)
    if app is None:
        raise Http404
    return app
