"""Access control, proven for every route and every role (see balai/core/tests/access.py).

A route without a rule fails `test_every_route_has_a_rule`; a rule for a route that no longer
exists fails `test_every_rule_names_a_route`; `test_every_role_gets_exactly_the_stated_outcome`
requests every route as every role, each request in a savepoint that is rolled back, so one
world serves the whole table.
"""

from __future__ import annotations

import copy
import datetime as dt
import importlib
import importlib.util
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.cache import cache
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from balai.core.testing import make_citizen, make_office, make_officer, sign_in
from balai.core.tests.access import LOGIN, REDIRECT, ROLES, Rule, World, expect, resolve
from balai.documents.testing import (  # noqa: F401 - dev_pki_fixture is the `dev_pki` fixture
    DevPki,
    dev_pki_fixture,
)

API_PREFIX = "api-v1"


# ---------------------------------------------------------------------------------------------
# The routes


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            full = prefix + str(pattern.pattern)
            if pattern.name:
                yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), full
            else:
                yield full, full


def page_routes() -> dict[str, str]:
    """Every URL pattern of the site except the API's operations: name (or pattern) -> path."""
    routes: dict[str, str] = {}
    for name, full in _walk(get_resolver().url_patterns):
        if name.startswith(f"{API_PREFIX}:") and name not in (
                f"{API_PREFIX}:openapi-json", f"{API_PREFIX}:openapi-view"):
            continue  # operations are checked one by one from the OpenAPI schema below
        routes.setdefault(name, full)
    return routes


def api_routes() -> set[str]:
    """Every operation of the API, as "METHOD /api/v1/path"."""
    from balai.api.v1 import api

    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return {f"{method.upper()} {path}" for path, operations in schema["paths"].items()
            for method in operations}


def rule_modules() -> list[Any]:
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("balai."):
            continue
        name = f"{config.name}.tests.access_rules"
        if importlib.util.find_spec(f"{config.name}.tests") and importlib.util.find_spec(name):
            modules.append(importlib.import_module(name))
    return modules


def all_rules() -> list[Rule]:
    return [rule for module in rule_modules() for rule in module.RULES]


# ---------------------------------------------------------------------------------------------
# The table is complete and names real routes


def test_every_route_has_a_rule() -> None:
    covered = {rule.route for rule in all_rules()}
    missing = sorted(set(page_routes()) - covered) + sorted(api_routes() - covered)

    assert not missing, (
        "These routes have no access rule; add one to balai/<app>/tests/access_rules.py "
        "(docs/howto/access-control.md):\n  " + "\n  ".join(missing))


def test_every_rule_names_a_route() -> None:
    known = set(page_routes()) | api_routes()
    stale = sorted({rule.route for rule in all_rules()} - known)

    assert not stale, "These rules name routes that do not exist:\n  " + "\n  ".join(stale)


def test_no_route_has_two_rules() -> None:
    seen: dict[str, int] = {}
    for rule in all_rules():
        seen[rule.route] = seen.get(rule.route, 0) + 1

    assert not [route for route, n in seen.items() if n > 1]


def test_every_rule_states_every_role() -> None:
    problems = []
    for rule in all_rules():
        if rule.read is None and rule.act is None:
            problems.append(f"{rule.route}: neither read nor act")
        if rule.is_api and (rule.api_method == "GET") != (rule.read is not None):
            problems.append(f"{rule.route}: an API GET states `read`, other methods `act`")
        for outcomes in (rule.read, rule.act):
            if outcomes is not None and set(outcomes) != set(ROLES):
                problems.append(f"{rule.route}: roles {sorted(set(ROLES) - set(outcomes))} "
                                "missing (use expect())")

    assert not problems, "\n".join(problems)


def test_every_api_url_pattern_serves_an_operation_of_the_schema() -> None:
    # API operations are checked through the schema; one hidden from it (include_in_schema=
    # False) would escape the table.
    paths = {re.sub(r"\{(\w+)\}", r"<\1>", op.split(" ", 1)[1]) for op in api_routes()}
    unlisted = {name for name, full in _walk(get_resolver().url_patterns)
                if name.startswith(f"{API_PREFIX}:") and "/" + full not in paths
                and name not in (f"{API_PREFIX}:openapi-json", f"{API_PREFIX}:openapi-view")}

    assert not unlisted, f"API patterns without an operation in the schema: {sorted(unlisted)}"


# ---------------------------------------------------------------------------------------------
# The world the rules speak about


def build_world(dev_pki: DevPki) -> World:
    from balai.api.actions import create_token
    from balai.applications.tests.helpers import akta_definition, make_draft, make_submitted
    from balai.documents.tests.helpers import issue
    from balai.notifications.actions import queue_message

    citizen_a = make_citizen(full_name="Siti Aminah")
    citizen_b = make_citizen(full_name="Ahmad Yani", gender="L", birth_date=dt.date(1985, 3, 2))
    office_x = make_office(code="disdukcapil-uji", name="Dinas Kependudukan (uji)",
                           short_name="Disdukcapil")
    office_y = make_office(code="dpmptsp-uji", name="DPMPTSP (uji)", short_name="DPMPTSP")
    from balai.accounts.models import Office

    world = World(
        citizen_a_profile=citizen_a,
        citizen_b_profile=citizen_b,
        citizen_a=citizen_a.user,
        citizen_b=citizen_b.user,
        office_x=office_x,
        office_y=office_y,
        officer_x=make_officer(office=office_x, role="petugas", full_name="Budi Petugas"),
        officer_y=make_officer(office=office_y, role="petugas", full_name="Wati Petugas"),
        operator=make_officer(office=make_office(code="kec-uji", kind=Office.Kind.KECAMATAN),
                              role="operator_layanan", full_name="Operator Uji"),
        admin=make_officer(office=make_office(code="diskominfo-uji"), role="admin",
                           username="admin-uji", full_name="Admin Uji", is_staff=True,
                           is_superuser=True),
        auditor=make_officer(office=make_office(code="inspektorat-uji",
                                                kind=Office.Kind.INSPEKTORAT),
                             role="auditor", full_name="Auditor Uji"),
    )
    world.service_x = akta_definition(office_x)
    world.application_a = make_submitted(world.citizen_a, world.service_x)
    world.upload_a = world.application_a.uploads.order_by("pk").first()
    world.draft_a = make_draft(world.citizen_a, world.service_x)
    world.signer_x = make_officer(office=office_x, role="pejabat_penandatangan",
                                  full_name="Drs. Hendra Gunawan")
    dev_pki.certify(world.signer_x)
    world.document_a = issue(source=world.application_a, office=office_x,
                             signer=world.signer_x)
    world.message_a = queue_message(channel="in_app", recipient=world.citizen_a,
                                    subject="Uji", body="Pesan uji untuk warga A.")
    world.token_a, world.token_a_secret = create_token(user=world.citizen_a, name="uji",
                                                       scopes="read write")
    for module in rule_modules():
        build = getattr(module, "build", None)
        if build is not None:
            build(world)
    return world


# ---------------------------------------------------------------------------------------------
# Requests


def _url(rule: Rule, world: World) -> str:
    if rule.url is not None:
        url = resolve(rule.url, world)
    elif rule.is_api:
        kwargs = resolve(rule.kwargs, world)
        url = re.sub(r"\{(\w+)\}", lambda m: str(kwargs[m.group(1)]), rule.route.split(" ", 1)[1])
    else:
        kwargs = {key: str(value) for key, value in resolve(rule.kwargs, world).items()}
        url = reverse(rule.route, kwargs=kwargs)
    return f"{url}?{rule.query}" if rule.query else url


def _outcome(response: Any) -> str:
    status = response.status_code
    if status in (301, 302, 303):
        location = response["Location"]
        login_pages = (resolve_url("accounts:login"), reverse("admin:login"))
        if any(location.startswith(page) for page in login_pages):
            return LOGIN
        return REDIRECT
    return str(status)


def _normal(outcome: Any) -> str:
    # 301/302/303 in a rule mean "a redirect that is not to the sign-in page".
    return REDIRECT if outcome in (301, 302, 303) else str(outcome)


def _request(client: Client, method: str, url: str, rule: Rule, world: World) -> Any:
    headers = dict(resolve(rule.headers, world))
    data = dict(resolve(rule.data, world)) if method != "GET" else {}
    if method == "GET":
        return client.get(url, headers=headers)
    if not rule.is_api:
        return client.post(url, data, headers=headers)
    call = getattr(client, method.lower())
    if rule.multipart:
        from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

        if method == "POST":
            return client.post(url, data, headers=headers)
        return call(url, encode_multipart(BOUNDARY, data), content_type=MULTIPART_CONTENT,
                    headers=headers)
    return call(url, json.dumps(data), content_type="application/json", headers=headers)


def check_rule(rule: Rule, world: World, clients: dict[str, Client]) -> list[str]:
    failures = []
    url = _url(rule, world)
    checks = []
    if rule.read is not None:
        checks.append(("GET", rule.read))
    if rule.act is not None:
        checks.append((rule.api_method if rule.is_api else "POST", rule.act))
    for method, outcomes in checks:
        for role in ROLES:
            cache.clear()  # throttles and lockouts count per test, not across the whole table
            cookies = copy.deepcopy(clients[role].cookies)  # signing out must not last either
            try:
                with transaction.atomic():
                    response = _request(clients[role], method, url, rule, world)
                    transaction.set_rollback(True)
                got = _outcome(response)
            except Exception as error:  # noqa: BLE001 - reported as a failure of the table
                got = f"exception {type(error).__name__}: {error}"
            clients[role].cookies = cookies
            wanted = outcomes[role]
            allowed = {_normal(w) for w in wanted} if isinstance(wanted, frozenset | set) else {
                _normal(wanted)}
            if got not in allowed:
                failures.append(f"{method} {url} as {role}: expected {wanted}, got {got}")
    return failures


@pytest.mark.django_db
def test_every_role_gets_exactly_the_stated_outcome(dev_pki: DevPki, settings: Any) -> None:
    settings.AXES_ENABLED = False  # the table signs in many people; lockout has its own tests
    world = build_world(dev_pki)
    clients: dict[str, Client] = {}
    for role in ROLES:
        clients[role] = Client()
        if role != "anonymous":
            sign_in(clients[role], world.user(role))

    failures: list[str] = []
    for rule in sorted(all_rules(), key=lambda r: r.route):
        failures.extend(check_rule(rule, world, clients))

    assert not failures, f"{len(failures)} outcomes differ from the table:\n" + "\n".join(failures)
    # The table can fail: a rule that lets citizen B read citizen A's application is caught.
    wrong = Rule("applications:detail", kwargs=lambda w: {"number": w.application_a.number},
                 read=expect(404, citizen_a=200, citizen_b=200, anonymous=LOGIN))
    assert check_rule(wrong, world, clients) == [
        f"GET /permohonan/{world.application_a.number}/ as citizen_b: expected 200, got 404"]


def test_admin_site_models_are_all_in_the_table() -> None:
    # Admin routes are generated per registered model; the core rules cover each one.
    from balai.core.tests.access_rules import admin_model_routes

    registered = {f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
                  for model in admin.site._registry}
    assert registered <= set(admin_model_routes())
