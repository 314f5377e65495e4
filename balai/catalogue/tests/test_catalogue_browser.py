"""The public catalogue in a real browser: accessibility (axe-core, WCAG 2.2 AA), small screens,
and finding a service with JavaScript off."""

from __future__ import annotations

from io import StringIO

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from balai.accounts.demo import OPD
from balai.core.testing import make_office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PAGES = [
    "/layanan/",
    "/layanan/kategori/kependudukan/",
    "/layanan/akta-kelahiran/",
    "/layanan/izin-reklame/",
    "/layanan/cari/?q=lahir",
    "/layanan/cari/?q=zzkq",
    "/layanan/cari/?q=",  # the error summary
]


@pytest.fixture
def catalogue_db(transactional_db: None) -> None:
    for code, name, short, kind in OPD:
        make_office(code=code, name=name, short_name=short, kind=kind)
    call_command("load_services", stdout=StringIO())


def test_catalogue_pages_have_no_axe_violations_and_fit_a_small_screen(page, catalogue_db):
    page.set_viewport_size({"width": 320, "height": 640})
    for url in PAGES:
        page.goto(url)
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS},
                                           "resultTypes": ["violations"]})
        violations = [f"{v['id']}: {v['help']} ({v['nodes'][0]['html'][:120]})"
                      for v in results.response["violations"]]
        assert not violations, f"{url}: {violations}"
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{url} scrolls sideways: {width}px"


def test_citizen_finds_a_service_and_its_requirements_without_javascript(no_js_page,
                                                                         catalogue_db):
    page = no_js_page
    page.goto("/layanan/")
    page.get_by_label("Cari layanan").fill("kelahiran")
    page.get_by_role("button", name="Cari", exact=True).click()
    page.wait_for_url("**/layanan/cari/?q=kelahiran")
    page.get_by_role("link", name="Akta Kelahiran").click()
    page.wait_for_url("**/layanan/akta-kelahiran/")
    assert page.locator("h1").inner_text() == "Akta Kelahiran"
    assert page.get_by_role("heading", name="Persyaratan").is_visible()
    assert page.get_by_text("Kartu Keluarga tempat anak akan dicatat").is_visible()


def test_structured_data_passes_the_content_security_policy(page, catalogue_db):
    # JSON-LD is a data block, not a script the browser runs: script-src 'self' must not
    # refuse it, and the browser reads it as the page's structured data.
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    response = page.goto("/layanan/akta-kelahiran/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    data = page.evaluate(
        "JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)")
    assert data["@type"] == "GovernmentService" and data["name"] == "Akta Kelahiran"
    page.reload()
    assert not [text for text in messages if "Content Security Policy" in text], messages
    # Guards the check: an inline script that would run is refused, and the refusal is seen.
    page.evaluate("document.body.append(Object.assign(document.createElement('script'), "
                  "{textContent: 'window.ran = true'}))")
    page.wait_for_timeout(200)
    assert page.evaluate("window.ran === undefined")
    assert [text for text in messages if "Content Security Policy" in text], messages
