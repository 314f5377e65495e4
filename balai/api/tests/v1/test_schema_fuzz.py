"""Schemathesis against /api/v1/openapi.json: every operation, with generated (valid and
invalid) input, never answers 500 and always answers as its schema says (status code, content
type, body). Bounded: a few examples per operation, so the suite stays quick.

Requests are made as a signed-up citizen with a read-write token (most operations need one);
an anonymous pass is covered by the same checks on the public operations' 401s. A second pass
sends a developer-portal test key to the operations that have a sandbox (and the sandbox's own),
so that the sandbox answers as documented too.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from balai.api.tests.helpers import token_for
from balai.core.testing import make_citizen

MAX_EXAMPLES = int(os.environ.get("BALAI_FUZZ_EXAMPLES", "4"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def token(db: None) -> str:
    return token_for(make_citizen().user)


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    # Django's test client does this too: the WSGI handler would otherwise close the database
    # connection at the end of each request, and with it the test's transaction (PostgreSQL).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
          phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_api_never_fails_and_always_answers_as_documented(case, token):
    cache.clear()  # rate limits would turn later examples into 429s
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)


@pytest.fixture
def test_key(db: None) -> str:
    from balai.developers.tests.helpers import make_app, make_key

    return make_key(make_app(make_citizen().user))[1]


SANDBOX_OPERATIONS = schema.include(path_regex=r"^/api/v1/(applications|sandbox)")


@pytest.mark.django_db
@SANDBOX_OPERATIONS.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
          phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_the_sandbox_never_fails_and_always_answers_as_documented(case, test_key):
    cache.clear()
    case.call_and_validate(headers={"Authorization": f"Bearer {test_key}"}, checks=CHECKS)
