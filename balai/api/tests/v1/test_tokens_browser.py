"""The Token API page in a real browser, without JavaScript needs: create, see once, revoke;
and axe-core (WCAG 2.2 AA) on it with errors and with a new token."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from balai.api.models import ApiToken
from balai.core.testing import PASSWORD, make_citizen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _assert_accessible(page: Any, what: str) -> None:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations = results.response["violations"]
    report = "\n".join(f"- {v['id']}: {v['help']}" for v in violations)
    assert not violations, f"{what}:\n{report}"


def test_citizen_creates_and_revokes_a_token_in_the_browser(page):
    citizen = make_citizen()
    page.goto("/akun/masuk/")
    page.fill("[name=username]", citizen.nik)
    page.fill("[name=password]", PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).last.click()
    page.wait_for_url("**/akun/profil/")
    with page.expect_navigation():
        page.get_by_role("link", name="Token API untuk aplikasi Anda").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Buat token").click()
    assert page.locator(".error-summary").is_visible()
    _assert_accessible(page, "token API, dengan galat")

    page.get_by_label("Nama token").fill("Aplikasi desa")
    page.get_by_label("Baca dan tulis").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Buat token").click()
    secret = page.get_by_label("Token Anda").input_value()
    token = ApiToken.objects.get(user=citizen.user)
    assert secret.startswith(f"balai_{token.prefix}_") and token.can_write
    _assert_accessible(page, "token API, token baru")

    with page.expect_navigation():
        page.get_by_role("button", name="Cabut Aplikasi desa").click()
    assert page.get_by_text("Token \"Aplikasi desa\" sudah dicabut.").is_visible()
    token.refresh_from_db()
    assert token.revoked_at is not None
