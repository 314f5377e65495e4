"""Access rules of the SMS channel (docs/howto/access-control.md).

The gateway's webhook is reached by nobody signed in or not: it answers only a delivery signed
with the shared secret (401 otherwise, whoever asks; its signed behaviour is in
test_inbound.py). The bulk SMS page is for office admins only: it spends the regency's money.
"""

from balai.core.tests.access import LOGIN, Rule, expect

RULES = [
    Rule("sms:inbound", data={"id": "1", "from": "081234567890", "text": "INFO"},
         read=expect(405), act=expect(401)),
    Rule("sms:bulk", data={"kecamatan": "", "body": "Uji"},
         read=expect(404, admin=200, anonymous=LOGIN),
         act=expect(404, admin=200, anonymous=LOGIN)),
]
