"""Reads from a PostgreSQL streaming replica, when one is configured (DATABASE_REPLICA_URL).

The rule, decided once per request by ReplicaMiddleware and kept in a context variable:

- Only GET and HEAD requests may read from the replica ("replica"); everything else, and
  everything outside a request (management commands, tasks, migrations), uses the primary.
- A request that carries a fresh "recent write" cookie reads from the primary: whoever wrote
  in the last BALAI_REPLICA_STICKY_SECONDS sees their own writes even if the replica lags.
  The middleware sets that signed cookie on every response to a request that wrote.
- Sessions are always read from the primary.
- Once a request has written, or while a transaction is open on the primary, its reads go to
  the primary too. Writes always go to the primary (the replica is read-only anyway).
- When the replica cannot be reached, reads fall back to the primary and the replica is left
  alone for BALAI_REPLICA_RETRY_SECONDS before the next attempt.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

REPLICA_ALIAS = "replica"
WROTE_COOKIE = "balai_wrote"
_COOKIE_SALT = "balai.operations.dbrouter"
READ_METHODS = frozenset({"GET", "HEAD"})
# Sessions are read from the primary always: a session the replica does not have yet would
# otherwise look unknown, and the session middleware would sign its owner out.
PRIMARY_ONLY_APPS = frozenset({"sessions"})


@dataclass
class _RequestState:
    replica_allowed: bool
    wrote: bool = False
    replica_checked: bool = False
    replica_usable: bool = False


_state: ContextVar[_RequestState | None] = ContextVar("balai_db_request_state", default=None)
# monotonic time until which the replica is not tried again after a failed connection
_replica_down_until = 0.0


def sticky_seconds() -> float:
    return float(getattr(settings, "BALAI_REPLICA_STICKY_SECONDS", 5))


def _retry_seconds() -> float:
    return float(getattr(settings, "BALAI_REPLICA_RETRY_SECONDS", 30))


def reset_replica_health() -> None:
    """Forget an earlier failed connection: the next read tries the replica again."""
    global _replica_down_until
    _replica_down_until = 0.0


def _replica_reachable() -> bool:
    global _replica_down_until
    if time.monotonic() < _replica_down_until:
        return False
    conn = connections[REPLICA_ALIAS]
    try:
        if conn.connection is not None and not conn.is_usable():
            conn.close()
        conn.ensure_connection()
    except DatabaseError:
        logger.warning("replica unreachable: reading from the primary for %ss", _retry_seconds(),
                       exc_info=True)
        try:
            conn.close()
        except DatabaseError:
            conn.connection = None
        _replica_down_until = time.monotonic() + _retry_seconds()
        return False
    return True


class ReplicaRouter:
    """DATABASE_ROUTERS entry: public reads to the replica, the rest to the primary."""

    def db_for_read(self, model: type, **hints: object) -> str:
        state = _state.get()
        if state is None or not state.replica_allowed or state.wrote:
            return DEFAULT_DB_ALIAS
        if model._meta.app_label in PRIMARY_ONLY_APPS:  # type: ignore[attr-defined]
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        if not state.replica_checked:
            state.replica_checked = True
            state.replica_usable = _replica_reachable()
        return REPLICA_ALIAS if state.replica_usable else DEFAULT_DB_ALIAS

    def db_for_write(self, model: type, **hints: object) -> str:
        state = _state.get()
        # A session save (its last-seen time) is no write of the visitor's data: sessions are
        # read from the primary anyway.
        app_label = model._meta.app_label  # type: ignore[attr-defined]
        if state is not None and app_label not in PRIMARY_ONLY_APPS:
            state.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: object, obj2: object, **hints: object) -> bool:
        # Both aliases hold the same data: objects read from either may be related.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: object) -> bool:
        return db == DEFAULT_DB_ALIAS


class ReplicaMiddleware:
    """Decides per request whether reads may use the replica; marks writers with a cookie."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        window = sticky_seconds()
        recently_wrote = request.get_signed_cookie(
            WROTE_COOKIE, default=None, salt=_COOKIE_SALT, max_age=window) is not None
        state = _RequestState(replica_allowed=request.method in READ_METHODS
                              and not recently_wrote)
        token = _state.set(state)
        try:
            response = self.get_response(request)
        finally:
            _state.reset(token)
        if state.wrote:
            response.set_signed_cookie(
                WROTE_COOKIE, "1", salt=_COOKIE_SALT, max_age=max(1, round(window)),
                secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax")
        return response
