"""The public pages of access points in Chromium, filled with the demo: no axe violations
(WCAG 2.2 AA), and the list, its filters and its pages work with JavaScript switched off."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from balai.core.testing import make_citizen
from balai.portal.tests.test_accessibility_browser import (
    _axe_violations,
    _sign_in,
    _violations_report,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_points(transactional_db: None) -> None:
    from balai.access_points import demo as access_demo
    from balai.accounts import demo as accounts_demo

    call_command("load_regions", stdout=StringIO())
    accounts_demo.load(StringIO())
    access_demo.load(StringIO())


def test_public_pages_have_no_axe_violations(page, demo_points, client, live_server):
    from balai.access_points.models import AccessPoint

    point = AccessPoint.objects.order_by("pk").first()
    urls = ["/akses-internet/", "/akses-internet/?page=2&status=aktif",
            "/akses-internet/peta/", f"/akses-internet/{point.pk}/"]
    report = []
    for url in urls:
        page.goto(url)
        violations = _axe_violations(page)
        if violations:
            report.append(f"{url}:\n{_violations_report(violations)}")
    _sign_in(page, client, make_citizen().user, live_server.url)
    page.goto(f"/akses-internet/{point.pk}/lapor/")
    page.get_by_role("button", name="Kirim laporan").click()  # the error summary
    page.wait_for_selector("#ringkasan-galat")
    violations = _axe_violations(page)
    if violations:
        report.append(f"report form:\n{_violations_report(violations)}")

    assert not report, "\n".join(report)


def test_list_filters_and_pages_work_without_javascript(no_js_page, demo_points):
    no_js_page.goto("/akses-internet/")
    assert no_js_page.locator("tbody tr").count() == 20
    no_js_page.get_by_role("link", name="Berikutnya").click()
    no_js_page.wait_for_url("**/akses-internet/?page=2")
    assert no_js_page.locator("tbody tr").count() >= 1

    no_js_page.get_by_label("Kecamatan").select_option(label="Batu Ampar")
    no_js_page.get_by_label("Jenis tempat").select_option(label="Puskesmas")
    no_js_page.get_by_role("button", name="Terapkan saringan").click()
    no_js_page.wait_for_url("**/akses-internet/?kecamatan=61.12.05&jenis=puskesmas&status=")
    rows = no_js_page.locator("tbody tr")
    assert rows.count() == 1 and "Puskesmas Batu Ampar" in rows.inner_text()

    no_js_page.get_by_role("link", name="Lihat di peta").click()
    assert no_js_page.locator("svg circle").count() == 1
    no_js_page.get_by_role("link", name="Puskesmas Batu Ampar", exact=True).click()
    assert no_js_page.locator("h1").inner_text() == "Puskesmas Batu Ampar"
