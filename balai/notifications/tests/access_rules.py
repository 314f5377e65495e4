"""Access rules of the in-app inbox: a message is its recipient's alone."""

from balai.core.tests.access import LOGIN, REDIRECT, SIGNED_IN, Rule, expect

RULES = [
    Rule("notifications:inbox", read=SIGNED_IN),
    Rule("notifications:mark_read", kwargs=lambda w: {"message_id": w.message_a.pk},
         read=expect(405), act=expect(404, citizen_a=REDIRECT, anonymous=LOGIN)),
]
