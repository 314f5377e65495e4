"""Access rules of bills and payments (docs/howto/access-control.md): a bill and its proof of
payment are the payer's; the sandbox bank is open (it is a pretend bank counter); the partner
banks' API takes only signed requests."""

from balai.core.tests.access import LOGIN, PUBLIC, REDIRECT, SIGNED_IN, Rule, expect
from balai.taxes.tests.access_rules import build as build_taxes


def build(world):
    build_taxes(world)


BANK_ROUTES = ["bank:access_token", "bank:inquiry", "bank:payment", "bank:status",
               "bank:reversal"]

RULES = [
    Rule("payments:mine", read=SIGNED_IN),
    Rule("payments:bill", kwargs=lambda w: {"code": w.bill_a.payment_code},
         read=expect(404, citizen_a=200, anonymous=LOGIN)),
    # Unpaid: the payer is sent back to the bill with a message; nobody else learns it exists.
    Rule("payments:receipt", kwargs=lambda w: {"code": w.bill_a.payment_code},
         read=expect(404, citizen_a=REDIRECT, anonymous=LOGIN)),
    Rule("payments:sandbox", read=PUBLIC, data={"kode": "123"}, act=PUBLIC),
    Rule("payments:sandbox_done", read=PUBLIC),
    Rule("GET /api/v1/bills", read=expect(200, anonymous=401)),
    Rule("GET /api/v1/bills/{code}", kwargs=lambda w: {"code": w.bill_a.payment_code},
         read=expect(404, citizen_a=200, anonymous=401)),
    # Unsigned requests: 400 "Invalid Mandatory Field" for everyone, whatever the session; a
    # GET is SNAP's 405 (the report takes GET and POST), any other path SNAP's 404.
    *[Rule(route, read=expect(405), data={}, act=expect(400)) for route in BANK_ROUTES],
    Rule("bank:report", read=expect(400), data={}, act=expect(400)),
    Rule("bank:unknown", kwargs={"rest": "v1.0/tidak-ada"}, read=expect(404), data={},
         act=expect(404)),
]
