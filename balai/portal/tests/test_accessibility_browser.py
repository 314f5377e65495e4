"""Accessibility (axe-core, WCAG 2.2 AA), small screens and no-JavaScript use of public pages."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core.management import call_command

from balai.core.testing import sign_in
from balai.portal import demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Every public page (no sign-in needed). Add new public pages here.
PUBLIC_PAGES = [
    "/",
    "/tentang/",
    "/aksesibilitas/",
    "/bantuan/",
    "/kontak/",
    "/cari/",
    "/cari/?q=ktp",
    "/cari/?q=zzz",
    "/cari/?q=" + "k" * 101,  # the error summary
    "/halaman-yang-tidak-ada/",  # the 404 page
    "/akun/masuk/",
    "/akun/daftar/",
    "/wilayah/",
    "/layanan/",
    "/layanan/kategori/kependudukan/",
    "/layanan/akta-kelahiran/",
    "/layanan/cari/?q=lahir",
    "/status/",
    "/status/{number}/",  # a registration number, made by the `tracked_application` fixture
    "/verifikasi/",
    "/verifikasi/{code}/",  # an issued document's verification code, likewise
    "/pajak/cek/",
    "/pajak/cek/?nop=12345",  # the error summary
    "/informasi/",
    "/informasi/minta/",
    "/informasi/laporan/",
    "/transparansi/dasbor/",
    "/data/",
    "/buku-besar/",
    "/buku-besar/bukti/",
    "/buku-besar/bukti/?hash=zz",  # the error summary
    "/data-saya/pemberitahuan/",
    "/pengaduan/",
    "/partisipasi/aspirasi/",
    "/partisipasi/konsultasi/",
    "/partisipasi/jajak-pendapat/",
    "/partisipasi/pedoman-komunitas/",
    "/akses-internet/",
    "/akses-internet/?status=meledak",  # the filter's error message
    "/akses-internet/peta/",
    "/inovasi/",
    "/inovasi/?tahap=meledak",  # the filter's error summary
    "/literasi-digital/",
    "/kesehatan/",
    "/luring/",  # the offline page the service worker shows
]
# Public pages that need the catalogue, an application and an issued document.
SERVICE_PAGE_PREFIXES = ("/layanan/", "/status/", "/verifikasi/")

# Pages of the signed-in demo citizen, who has one finished application and one draft.
SIGNED_IN_PAGES = [
    "/permohonan/",
    "/permohonan/{number}/",
    "/layanan/akta-kelahiran/ajukan/?ubah=1",  # step 1
    "/layanan/akta-kelahiran/ajukan/berkas/",  # step 2
    "/layanan/akta-kelahiran/ajukan/periksa/",  # step 3
    "/permohonan/{number}/tanda-terima/",
    "/notifikasi/",
    "/akun/profil/",
    "/akun/kalender/",
    "/tagihan/",
    "/pajak/saya/",
    "/buku-besar/jejak-saya/",
    "/data-saya/",
]


@pytest.fixture
def content(transactional_db: None) -> None:
    call_command("load_regions", stdout=StringIO())
    demo.load(StringIO())


def _violations_report(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:160]}")
            lines.append(f"      {node.get('failureSummary', '').replace(chr(10), ' ')}")
    return "\n".join(lines)


def _address(request: pytest.FixtureRequest, url: str) -> str:
    if url.startswith(SERVICE_PAGE_PREFIXES):
        return url.format(**request.getfixturevalue("tracked_application"))
    return url


def _sign_in(page: Any, client: Any, user: Any, base_url: str) -> None:
    sign_in(client, user)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                               "url": base_url}])


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_page_has_no_axe_violations(page, content, request, url):
    url = _address(request, url)
    page.goto(url)
    violations = _axe_violations(page)
    assert not violations, f"{url}: {len(violations)} axe violations\n" + _violations_report(
        violations)


@pytest.mark.parametrize("url", SIGNED_IN_PAGES)
def test_signed_in_citizen_page_has_no_axe_violations(page, content, tracked_application,
                                                      client, live_server, url):
    url = url.format(**tracked_application)
    _sign_in(page, client, tracked_application["user"], live_server.url)
    response = page.goto(url)
    assert response.status == 200 and page.url.endswith(url), page.url
    violations = _axe_violations(page)
    assert not violations, f"{url}: {len(violations)} axe violations\n" + _violations_report(
        violations)


def _axe_violations(page: Any) -> list[dict[str, Any]]:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS},
                                       "resultTypes": ["violations"]})
    return results.response["violations"]


def test_axe_check_catches_a_real_violation(page, content):
    # Guards the check above: axe runs under the page's Content-Security-Policy and reports.
    page.goto("/")
    page.evaluate("document.querySelector('main').append(document.createElement('img'))")
    assert "image-alt" in [v["id"] for v in _axe_violations(page)]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_page_fits_a_320_px_screen(page, content, request, url):
    url = _address(request, url)
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(url)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 320, f"{url} scrolls sideways: {scroll_width}px wide at 320px"


@pytest.mark.parametrize("url", SIGNED_IN_PAGES)
def test_signed_in_citizen_page_fits_a_320_px_screen(page, content, tracked_application, client,
                                                     live_server, url):
    url = url.format(**tracked_application)
    _sign_in(page, client, tracked_application["user"], live_server.url)
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(url)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 320, f"{url} scrolls sideways: {scroll_width}px wide at 320px"


def test_first_tab_reaches_a_visible_skip_link_to_main(page, content):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    assert skip.evaluate("element => element === document.activeElement")
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "konten"


def test_focused_link_shows_a_focus_indicator(page, content):
    page.goto("/")
    page.keyboard.press("Tab")
    shadow = page.locator("a.skip-link").evaluate(
        "element => getComputedStyle(element).boxShadow + getComputedStyle(element).outlineStyle")
    assert shadow != "nonenone"


@pytest.mark.parametrize("url, heading", [
    ("/", "Layanan publik Kabupaten Kubu Raya"),
    ("/tentang/", "Tentang Balai"),
    ("/bantuan/", "Bantuan"),
    ("/kontak/", "Kontak dan lokasi layanan"),
    ("/cari/?q=ktp", "Cari layanan dan informasi"),
    ("/halaman-yang-tidak-ada/", "Halaman tidak ditemukan"),
    ("/akun/masuk/", None),
    ("/akun/daftar/", None),
    ("/wilayah/", None),
])
def test_public_page_renders_without_javascript(no_js_page, content, url, heading):
    response = no_js_page.goto(url)
    assert response.status in (200, 404)
    assert no_js_page.locator("h1").count() == 1
    if heading:
        assert no_js_page.locator("h1").inner_text() == heading
    assert no_js_page.locator("main#konten").is_visible()
    assert no_js_page.locator("nav[aria-label='Menu utama'] a").count() >= 4


def test_search_works_without_javascript(no_js_page, content):
    no_js_page.goto("/")
    no_js_page.get_by_label("Cari layanan atau informasi").fill("jam buka")
    no_js_page.get_by_role("button", name="Cari", exact=True).click()
    no_js_page.wait_for_url("**/cari/?q=jam+buka")
    assert no_js_page.get_by_role("link", name="Kapan kantor pelayanan buka?").is_visible()
    no_js_page.get_by_role("link", name="Kapan kantor pelayanan buka?").click()
    no_js_page.wait_for_url("**/bantuan/#jam-layanan")
    assert no_js_page.locator("h3#jam-layanan").is_visible()


def test_search_not_found_without_javascript(no_js_page, content):
    no_js_page.goto("/cari/")
    no_js_page.get_by_label("Cari layanan atau informasi").fill("zzz")
    no_js_page.keyboard.press("Enter")
    no_js_page.wait_for_url("**/cari/?q=zzz")
    assert no_js_page.get_by_text("Tidak ditemukan hasil untuk “zzz”").is_visible()


def test_language_switch_works_without_javascript(no_js_page, content):
    no_js_page.goto("/kontak/")
    with no_js_page.expect_navigation():
        no_js_page.get_by_role("button", name="English").click()
    assert no_js_page.url.endswith("/kontak/")
    assert no_js_page.locator("html").get_attribute("lang") == "en"
    assert no_js_page.locator("h1").inner_text() == "Contact and service locations"
    with no_js_page.expect_navigation():
        no_js_page.get_by_role("button", name="Bahasa Indonesia").click()
    assert no_js_page.locator("h1").inner_text() == "Kontak dan lokasi layanan"
