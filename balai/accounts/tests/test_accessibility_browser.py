"""axe-core (WCAG 2.2 AA) on the account pages in the states the portal's public-page check
does not reach: errors, the region picker after "Tampilkan desa", confirmation, profile."""

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from balai.accounts.models import User
from balai.accounts.tests.helpers import registration_data
from balai.core.testing import PASSWORD, make_citizen
from balai.regions.actions import load_regions
from balai.regions.management.commands.load_regions import DEFAULT_FILE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _assert_accessible(page: Any, what: str) -> None:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations = results.response["violations"]
    report = "\n".join(f"- {v['id']}: {v['help']} -> "
                       + "; ".join(n["html"][:120] for n in v["nodes"][:3]) for v in violations)
    assert not violations, f"{what}:\n{report}"


def test_account_pages_have_no_axe_violations(page):
    load_regions(path=DEFAULT_FILE)
    page.goto("/akun/daftar/")
    with page.expect_navigation():
        page.get_by_role("button", name="Daftar", exact=True).last.click()
    assert page.locator(".error-summary").is_visible()
    _assert_accessible(page, "daftar, dengan galat")

    page.goto("/akun/daftar/")
    page.select_option("select[name=kecamatan]", "61.12.05")
    page.evaluate("document.querySelector('.region-picker-button').hidden = false")
    with page.expect_navigation():
        page.get_by_role("button", name="Tampilkan desa").click()
    _assert_accessible(page, "daftar, setelah Tampilkan desa")

    data = registration_data()
    page.goto("/akun/daftar/")
    for name in ("nik", "full_name", "birth_date", "phone", "email", "password1", "password2"):
        page.fill(f"[name={name}]", data[name])
    page.check("[name=consent_notice]")
    page.get_by_role("button", name="Daftar", exact=True).last.click()
    page.wait_for_url("**/akun/konfirmasi/")
    with page.expect_navigation():
        page.get_by_role("button", name="Konfirmasi").click()
    _assert_accessible(page, "konfirmasi, dengan galat")
    assert User.objects.count() == 1

    for url in ["/akun/lupa-sandi/", "/akun/lupa-sandi/terkirim/"]:
        page.goto(url)
        _assert_accessible(page, url)

    citizen = make_citizen()
    page.goto("/akun/masuk/")
    page.fill("[name=username]", citizen.nik)
    page.fill("[name=password]", PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).last.click()
    page.wait_for_url("**/akun/profil/")
    _assert_accessible(page, "profil")
    page.goto("/akun/profil/kata-sandi/")
    _assert_accessible(page, "ganti kata sandi")
