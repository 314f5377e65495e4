"""Fixtures for the API tests: tokens, the Authorization header, and a fresh rate-limit cache
for every test (throttle counts live in Django's cache)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache

from balai.documents.testing import dev_pki_fixture  # noqa: F401 - the `dev_pki` fixture


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()
