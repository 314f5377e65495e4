"""Access rules of the ledger: checkpoints are public; browsing the whole ledger and running
the verification are for auditors and admins (docs/howto/access-control.md)."""

from balai.core.tests.access import LOGIN, PUBLIC, REDIRECT, SIGNED_IN, Rule, expect

AUDITORS = expect(404, auditor=200, admin=200, anonymous=LOGIN)

RULES = [
    Rule("ledger:public", read=PUBLIC),
    Rule("ledger:proof", read=PUBLIC),
    Rule("ledger:mine", read=SIGNED_IN),
    Rule("ledger:audit", read=AUDITORS),
    Rule("ledger:verify", read=expect(405, anonymous=LOGIN),
         act=expect(404, auditor=REDIRECT, admin=REDIRECT, anonymous=LOGIN)),
    Rule("GET /api/v1/ledger/checkpoints", read=PUBLIC),
    Rule("GET /api/v1/ledger/consistency", query="sequence=1&hash=" + "0" * 64, read=PUBLIC),
    Rule("GET /api/v1/ledger/links", read=PUBLIC),
    Rule("GET /api/v1/ledger/proof", query="hash=" + "0" * 64, read=expect(404)),
]
