"""Access rules of the API token page (docs/howto/access-control.md)."""

from balai.core.tests.access import LOGIN, REDIRECT, SIGNED_IN, Rule, expect

RULES = [
    Rule("api_tokens:index", read=SIGNED_IN, act=SIGNED_IN),
    Rule("api_tokens:revoke", kwargs=lambda w: {"token_id": w.token_a.pk},
         read=expect(405, anonymous=LOGIN), act=expect(404, citizen_a=REDIRECT, anonymous=LOGIN)),
]
