"""The catalogue's pages in Chromium, filled with the demo: no axe violations (WCAG 2.2 AA) on
the list, an innovation's page and the officers' forms with their error summaries, and the list's
filters and search work with JavaScript switched off."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from balai.accounts.queries import get_user_by_username
from balai.portal.tests.test_accessibility_browser import (
    _axe_violations,
    _sign_in,
    _violations_report,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db: None) -> None:
    from balai.accounts import demo as accounts_demo
    from balai.innovation import demo as innovation_demo

    call_command("load_regions", stdout=StringIO())
    accounts_demo.load(StringIO())
    innovation_demo.load(StringIO())


def _report(page: Any, label: str, report: list[str]) -> None:
    violations = _axe_violations(page)
    if violations:
        report.append(f"{label}:\n{_violations_report(violations)}")


def test_pages_have_no_axe_violations(page, demo, client, live_server):
    from balai.innovation.models import Innovation

    innovation = Innovation.objects.get(name="Akta Lahir dari Puskesmas")
    report: list[str] = []
    for url in ("/inovasi/", "/inovasi/?tahap=penerapan&q=data", f"/inovasi/{innovation.pk}/"):
        page.goto(url)
        _report(page, url, report)
    _sign_in(page, client, get_user_by_username("petugas.dukcapil"), live_server.url)
    for url in (f"/inovasi/{innovation.pk}/", "/inovasi/baru/",
                f"/inovasi/{innovation.pk}/ubah/", f"/inovasi/{innovation.pk}/tahap/"):
        page.goto(url)
        _report(page, url, report)
    page.goto("/inovasi/baru/")
    page.get_by_role("button", name="Simpan").click()  # the error summary
    page.wait_for_selector("#ringkasan-galat")
    _report(page, "new innovation, errors", report)

    assert not report, "\n".join(report)


def test_filters_and_search_work_without_javascript(no_js_page, demo):
    no_js_page.goto("/inovasi/")
    assert no_js_page.locator("tbody tr").count() == 7

    no_js_page.get_by_label("Tahap").select_option(label="Penerapan")
    no_js_page.get_by_label("Bentuk").select_option(label="Digital")
    no_js_page.get_by_role("button", name="Terapkan saringan").click()
    no_js_page.wait_for_url("**/inovasi/?q=&tahap=penerapan**")
    rows = no_js_page.locator("tbody tr")
    assert rows.count() == 1 and "Satu Data Kubu Raya" in rows.inner_text()

    no_js_page.get_by_role("link", name="Satu Data Kubu Raya").click()
    assert no_js_page.get_by_role("heading", level=1).inner_text() == "Satu Data Kubu Raya"
    assert "Dari Uji coba ke Penerapan" in no_js_page.locator("main").inner_text()
