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

from django.dispatch import Signal

case_opened = Signal()
case_closed = Signal()
payment_credited = Signal()
payment_reversed = Signal()
citizen_confirmed = Signal()
