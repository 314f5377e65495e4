"""Access rules of the operations endpoints (docs/howto/access-control.md): health and
readiness are public and reveal nothing; metrics only for configured addresses or the token,
and the test client's address is not one of them."""

from balai.core.tests.access import PUBLIC, Rule, expect

RULES = [
    Rule("operations:healthz", read=PUBLIC, act=expect(405)),
    Rule("operations:readyz", read=PUBLIC, act=expect(405)),
    Rule("operations:metrics", read=expect(403), act=expect(405)),
]
