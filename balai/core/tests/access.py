"""The access-control table: who may read and who may act on every route, for every role.

Each app states the rules for its own routes in `balai/<app>/tests/access_rules.py`:

    RULES = [
        Rule("applications:detail", kwargs=lambda w: {"number": w.application_a.number},
             read=expect(404, citizen_a=200, anonymous=LOGIN)),
        Rule("GET /api/v1/queue", read=expect(403, officer_x=200, anonymous=401)),
    ]

and, if its routes need records of their own, a `build(world)` that adds them to the shared
`World` (owned by citizen A or office X). balai/core/tests/test_access_control.py collects
every app's rules, walks every URL pattern of the resolver and every operation of the API's
OpenAPI schema, fails for any route without a rule, and requests each route as each role.
See docs/howto/access-control.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

# The personas every rule speaks about. Objects in the world belong to citizen A and office X.
ROLES: tuple[str, ...] = (
    "anonymous",   # nobody signed in
    "citizen_a",   # owns the application, uploads, document, messages and token in the world
    "citizen_b",   # another citizen: never reaches anything of citizen A's
    "officer_x",   # petugas of office X, which handles citizen A's application
    "officer_y",   # petugas of office Y: never sees office X's queue or cases
    "operator",    # operator layanan at a kantor kecamatan (assisted service)
    "admin",       # superuser with the admin role at Diskominfo
    "auditor",     # auditor at the Inspektorat (read-only oversight)
)

# Outcomes other than a plain status code.
LOGIN = "login"          # 302 to the sign-in page (the site's or the admin's)
REDIRECT = "redirect"    # 302 elsewhere: the action succeeded (or the page moved on)

Outcome = int | str
Expect = Mapping[str, Outcome]


def expect(default: Outcome, **per_role: Outcome) -> dict[str, Outcome]:
    """An outcome for every role: `default`, except the roles named.

    expect(404, citizen_a=200, anonymous=LOGIN) — only citizen A reads it; anonymous visitors
    are sent to sign in; everyone else gets 404 (the record does not exist for them).
    """
    unknown = set(per_role) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}; the roles are {ROLES}")
    return {role: per_role.get(role, default) for role in ROLES}


PUBLIC = expect(200)
SIGNED_IN = expect(200, anonymous=LOGIN)


@dataclass(frozen=True)
class Rule:
    """Who may reach one route.

    route   "namespace:name" of a URL pattern; for an API operation "METHOD /api/v1/path" as
            written in /api/v1/openapi.json; for an unnamed pattern its full pattern string.
    kwargs  URL arguments, a dict or a function of the world (objects of citizen A/office X).
    url     the full URL instead of reversing (unnamed patterns), a str or function of world.
    read    outcome per role of a GET (None: GET is not part of this rule).
    act     outcome per role of a POST (pages) or of the operation's method (API).
    data    the body sent when acting (form fields, or JSON for the API), dict or function.
    query   a query string added to the URL ("q=akta").
    headers extra request headers (e.g. Idempotency-Key), dict or function of the world.
    multipart  the API body is multipart/form-data (file uploads) rather than JSON.
    """

    route: str
    kwargs: Mapping[str, Any] | Callable[[World], Mapping[str, Any]] = field(default_factory=dict)
    url: str | Callable[[World], str] | None = None
    read: Expect | None = None
    act: Expect | None = None
    data: Mapping[str, Any] | Callable[[World], Mapping[str, Any]] = field(default_factory=dict)
    query: str = ""
    headers: Mapping[str, str] | Callable[[World], Mapping[str, str]] = field(
        default_factory=dict)
    multipart: bool = False
    note: str = ""

    @property
    def is_api(self) -> bool:
        return " " in self.route

    @property
    def api_method(self) -> str:
        return self.route.split(" ", 1)[0].upper()


class World(SimpleNamespace):
    """Everything the rules point at, built once for the whole table.

    Built by the core: users (citizen_a, citizen_b, officer_x, officer_y, operator, admin,
    auditor; citizen_a_profile is citizen A's Citizen row), office_x, office_y, service_x (a
    published service of office X), application_a (submitted by citizen A to office X),
    upload_a (one of its files), draft_a (citizen A's draft of service_x, files attached),
    document_a (a signed document issued for it), message_a
    (an in-app message to citizen A), token_a (citizen A's API token). Apps add their own
    records in `build(world)`.
    """

    def user(self, role: str) -> Any:
        return None if role == "anonymous" else getattr(self, role)


def resolve(value: Any, world: World) -> Any:
    return value(world) if callable(value) else value
