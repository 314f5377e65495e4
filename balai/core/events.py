"""Domain events that other domains listen to, so no domain imports another's internals.

Each is sent by the domain that owns the record, inside the transaction of the action that
changed it (`events.case_opened.send(sender=Application, ...)`), with keyword arguments only.
Receivers must be cheap and must not fail for reasons of their own data: they run in the
sender's transaction. The public dashboard (transparency) keeps its aggregates from these.

case_opened       a citizen's case entered an office's hands
    kind          "application" | "complaint" | "information_request"
    obj           the model instance
    office_id     the handling office
    topic         service slug, complaint category code or "informasi"
    kecamatan_code  Kemendagri code of the kecamatan the case concerns, or ""
    opened_at     aware datetime

case_closed       the case reached a final state
    kind, obj, office_id, topic, kecamatan_code, opened_at   as above
    closed_at     aware datetime
    outcome       the domain's own: "completed", "rejected", "withdrawn", "resolved", "granted", …
    on_time       bool: closed within the legal/service deadline
    working_days  int: working days from opened to closed (balai.core.calendar)
    user_id       the citizen's user id to invite to the satisfaction survey, or None
                  (anonymous complaints, assisted cases without an account)

case_moved        a case passed to another office before it closed (a forwarded complaint);
                  it counts as received by the office that handles it
    kind, obj, topic, opened_at   as above
    from_office_id, to_office_id

case_status_changed  an open case moved from one state to another in its workflow (each
                  action taken on an application; the developer portal's webhooks listen)
    kind          "application"
    obj           the model instance
    from_state, to_state   the workflow states
    user_id       the citizen's user id, or None

payment_credited  a bill was paid (sent once per bill, never for a duplicate bank callback)
    obj           the payment
    office_id     the office the revenue belongs to
    revenue_kind  "pbb_p2" | "pbjt" | "reklame" | "air_tanah" | "retribusi" | ...
    amount        int, rupiah, penalty included
    paid_at       aware datetime

payment_reversed  a payment was reversed the same day; same arguments as payment_credited

citizen_confirmed  a citizen's identity was confirmed (one-time code or in person)
    obj           the Citizen
    user_id       the citizen's user id
    nik           the NIK in clear, for receivers that keep their own blind index of it
                  (taxes links the taxpayer records registered under it before the account)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.dispatch import Signal

case_opened = Signal()
case_closed = Signal()
payment_credited = Signal()
payment_reversed = Signal()
citizen_confirmed = Signal()
case_moved = Signal()
case_status_changed = Signal()


@dataclass(frozen=True)
class CaseRecord:
    """One case as its case_opened / case_moved / case_closed events told it, read back from
    the owning domain's tables (`<domain>.queries.dashboard_cases()`) to rebuild the
    dashboard. A domain that sends the events keeps the two in step, and a test per domain
    checks that the incremental aggregates equal the rebuilt ones."""

    office_id: int  # the office handling it now
    topic: str
    opened_at: dt.datetime
    closed_at: dt.datetime | None = None
    outcome: str = ""
    on_time: bool = False
    working_days: int = 0


@dataclass(frozen=True)
class PaymentRecord:
    """One credited, unreversed payment as payment_credited told it
    (`payments.queries.dashboard_payments()`)."""

    office_id: int
    revenue_kind: str
    amount: int
    paid_at: dt.datetime
