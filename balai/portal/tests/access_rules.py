"""Access rules of the portal's public pages (docs/howto/access-control.md)."""

from balai.core.tests.access import PUBLIC, REDIRECT, Rule, expect

RULES = [
    Rule("portal:home", read=PUBLIC),
    Rule("portal:about", read=PUBLIC),
    Rule("portal:help", read=PUBLIC),
    Rule("portal:contact", read=PUBLIC),
    Rule("portal:search", read=PUBLIC, query="q=akta"),
    Rule("portal:accessibility", read=PUBLIC),
    Rule("portal:feed", read=PUBLIC),
    Rule("portal:robots_txt", read=PUBLIC),
    Rule("portal:favicon", read=PUBLIC),
    Rule("portal:security_txt", read=PUBLIC),
    Rule("portal:manifest", read=PUBLIC),
    Rule("portal:service_worker", read=PUBLIC),
    Rule("portal:offline", read=PUBLIC),
    # To the change-password page, which then asks an anonymous visitor to sign in.
    Rule("portal:change_password", read=expect(REDIRECT)),
    Rule("portal:sitemap_index", read=PUBLIC),
    Rule("portal:sitemap_section", kwargs={"section": "layanan"}, read=PUBLIC),
]
