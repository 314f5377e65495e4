"""Live webhooks from the domain events (balai/core/events.py): a status change of an
application, complaint or information request, or a bill paid, is told to the live endpoints
of the approved apps of the person it belongs to (a live key acts as its app's owner, so its
app may see exactly that person's records). Cheap when nobody listens: one query."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from balai.core import events
from balai.developers import actions, queries

KIND_PATHS = {"application": "applications", "complaint": "complaints",
              "information_request": "information/requests"}


def _owner_id(kind: str, obj: Any) -> int | None:
    field = {"application": "applicant_id", "complaint": "reporter_id",
             "information_request": "requester_id"}.get(kind)
    return getattr(obj, field, None) if field else None


def _state(kind: str, obj: Any) -> tuple[str, str]:
    if kind == "application":
        return obj.state, obj.definition.spec.workflow.label(obj.state)
    status = obj.status
    label = getattr(obj, "get_status_display", lambda: status)()
    return status, str(label)


def _emit_case(kind: str, obj: Any, previous_state: str) -> None:
    owner_id = _owner_id(kind, obj)
    if owner_id is None:
        return
    endpoints = list(queries.live_endpoints_for_owner(owner_id))
    if not endpoints:
        return
    state, label = _state(kind, obj)
    actions.emit(endpoints=endpoints, event_type=f"{kind}.status_changed", data={
        "kind": kind, "number": obj.number,
        "service": obj.definition.spec.code if kind == "application" else "",
        "state": state, "state_label": label, "previous_state": previous_state,
        "url": f"/api/v1/{KIND_PATHS[kind]}/{obj.number}"})


@receiver(events.case_opened, dispatch_uid="developers_case_opened")
def on_case_opened(sender: Any, *, kind: str, obj: Any, **kwargs: Any) -> None:
    if kind in KIND_PATHS:
        _emit_case(kind, obj, previous_state="")


@receiver(events.case_status_changed, dispatch_uid="developers_case_status_changed")
def on_case_status_changed(sender: Any, *, kind: str, obj: Any, from_state: str,
                           **kwargs: Any) -> None:
    if kind in KIND_PATHS:
        _emit_case(kind, obj, previous_state=from_state)


@receiver(events.case_closed, dispatch_uid="developers_case_closed")
def on_case_closed(sender: Any, *, kind: str, obj: Any, **kwargs: Any) -> None:
    # Applications tell every move through case_status_changed, their closing included.
    if kind in KIND_PATHS and kind != "application":
        _emit_case(kind, obj, previous_state="")


@receiver(events.payment_credited, dispatch_uid="developers_payment_credited")
def on_payment_credited(sender: Any, *, obj: Any, amount: int, **kwargs: Any) -> None:
    bill = getattr(obj, "bill", None)  # a Payment; other senders of the signal have no bill
    if bill is None or bill.payer_id is None:
        return
    endpoints = list(queries.live_endpoints_for_owner(bill.payer_id))
    if endpoints:
        actions.emit(endpoints=endpoints, event_type="bill.paid", data={
            "kind": "bill", "number": bill.payment_code, "service": "", "state": "paid",
            "state_label": "Lunas", "previous_state": "unpaid",
            "url": f"/api/v1/bills/{bill.payment_code}"})
