"""Listeners of the domain events (balai.core.events) that keep the dashboard's aggregates and
invite citizens to the satisfaction survey. They run in the sender's transaction, so each does
a few small writes and nothing that can fail for reasons of the sender's data."""

from __future__ import annotations

from typing import Any

from balai.core import events
from balai.transparency import aggregates

# Kinds whose closing invites the citizen to the SKM (Permenpan RB 14/2017 surveys the users
# of a public service; information requests have their own objection route under UU KIP).
SURVEYED_KINDS = {"application", "complaint"}


def on_case_opened(sender: Any, *, kind: str, office_id: int, topic: str, opened_at: Any,
                   **kwargs: Any) -> None:
    aggregates.case_opened(office_id=office_id, kind=kind, topic=topic or "", opened_at=opened_at)


def on_case_moved(sender: Any, *, kind: str, from_office_id: int, to_office_id: int, topic: str,
                  opened_at: Any, **kwargs: Any) -> None:
    aggregates.case_moved(from_office_id=from_office_id, to_office_id=to_office_id, kind=kind,
                          topic=topic or "", opened_at=opened_at)


def on_case_closed(sender: Any, *, kind: str, office_id: int, topic: str, closed_at: Any,
                   outcome: str = "", on_time: bool = False, working_days: int = 0,
                   user_id: int | None = None, obj: Any = None, **kwargs: Any) -> None:
    aggregates.case_closed(office_id=office_id, kind=kind, topic=topic or "",
                           closed_at=closed_at, outcome=outcome or "", on_time=on_time,
                           working_days=working_days or 0)
    if user_id and kind in SURVEYED_KINDS and (kind != "application" or outcome == "completed"):
        from balai.transparency.actions import invite_to_survey

        invite_to_survey(case_kind=kind, case_id=obj.pk, case_label=_label(obj),
                         user_id=user_id, office_id=office_id, topic=topic or "",
                         topic_label=_topic_label(obj, topic))


def on_payment_credited(sender: Any, *, office_id: int, revenue_kind: str, amount: int,
                        paid_at: Any, **kwargs: Any) -> None:
    aggregates.payment(office_id=office_id, revenue_kind=revenue_kind, amount=amount,
                       paid_at=paid_at, sign=1)


def on_payment_reversed(sender: Any, *, office_id: int, revenue_kind: str, amount: int,
                        paid_at: Any, **kwargs: Any) -> None:
    aggregates.payment(office_id=office_id, revenue_kind=revenue_kind, amount=amount,
                       paid_at=paid_at, sign=-1)


def _label(obj: Any) -> str:
    return str(getattr(obj, "number", "") or getattr(obj, "pk", ""))[:40]


def _topic_label(obj: Any, topic: str) -> str:
    definition = getattr(obj, "definition", None)
    service = getattr(definition, "service", None)
    if service is not None:
        return str(service.name)[:200]
    return str(getattr(obj, "topic_label", "") or topic)[:200]


def connect() -> None:
    uid = "balai.transparency"
    events.case_opened.connect(on_case_opened, dispatch_uid=f"{uid}.opened")
    events.case_moved.connect(on_case_moved, dispatch_uid=f"{uid}.moved")
    events.case_closed.connect(on_case_closed, dispatch_uid=f"{uid}.closed")
    events.payment_credited.connect(on_payment_credited, dispatch_uid=f"{uid}.credited")
    events.payment_reversed.connect(on_payment_reversed, dispatch_uid=f"{uid}.reversed")
