"""Access rules of the portal's public pages (docs/howto/access-control.md)."""

from balai.core.tests.access import PUBLIC, Rule

RULES = [
    Rule("portal:home", read=PUBLIC),
    Rule("portal:about", read=PUBLIC),
    Rule("portal:help", read=PUBLIC),
    Rule("portal:contact", read=PUBLIC),
    Rule("portal:search", read=PUBLIC, query="q=akta"),
]
