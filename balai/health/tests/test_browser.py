"""In a real browser: a citizen books a puskesmas slot for today, the desk officer checks the
patient in and calls them, and the waiting-room board shows the number without a reload
(its script polls the JSON). And the health pages have no axe violations (WCAG 2.2 AA) nor
sideways scrolling at 320 px."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from balai.core.testing import make_citizen, make_office, make_officer, signed_in_page
from balai.health import actions
from balai.health.models import Visit
from balai.health.testing import make_polyclinic
from balai.portal.tests.test_accessibility_browser import _axe_violations, _violations_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(transactional_db: None) -> dict[str, Any]:
    call_command("load_regions", stdout=StringIO())
    office = make_office(code="upt-pkm-web", name="UPT Puskesmas (uji)")
    officer = make_officer(office=office, role="petugas", full_name="Dewi Loket")
    polyclinic = make_polyclinic(office=office, code="WEB-UMUM", quota=20)
    return {"polyclinic": polyclinic, "officer": officer,
            "citizen": make_citizen(full_name="Siti Aminah").user}


def test_a_citizen_books_and_the_officer_checks_in_and_calls(browser, live_server, page,
                                                               world):
    polyclinic = world["polyclinic"]
    citizen = signed_in_page(browser, live_server, world["citizen"])
    citizen.goto("/kesehatan/")
    citizen.get_by_role("link", name=polyclinic.facility.name).click()
    citizen.get_by_role("link", name="Ambil antrean Poli Umum").click()
    today = timezone.localdate().strftime("%d-%m-%Y")
    citizen.get_by_label("Tanggal berobat").select_option(label=f"{today} — sisa 14")
    citizen.get_by_label("Nomor kartu BPJS Kesehatan").fill("0001234567890")
    with citizen.expect_navigation():
        citizen.get_by_role("button", name="Ambil nomor antrean").click()
    assert citizen.get_by_role("heading", level=1).inner_text() == "Nomor antrean UMUM-001"
    assert "Status\nTerdaftar" in citizen.locator("main").inner_text()
    visit = Visit.objects.get()
    assert visit.date == timezone.localdate() and visit.bpjs_number == "0001234567890"

    # The waiting-room screen, open before the call: its script updates it in place.
    page.goto(f"/kesehatan/{polyclinic.facility.code}/antrean/")
    assert page.locator("[data-called]").inner_text() == "–"

    officer = signed_in_page(browser, live_server, world["officer"])
    officer.goto("/kesehatan/loket/")
    officer.get_by_role("link", name="Poli Umum (WEB-UMUM)").click()
    for button in ("Catat kedatangan", "Mulai pendaftaran", "Selesai pendaftaran"):
        with officer.expect_navigation():
            officer.get_by_role("button", name=f"{button}: UMUM-001").click()
    assert "Menunggu dipanggil" in officer.locator("tbody").inner_text()
    with officer.expect_navigation():
        officer.get_by_role("button", name="Panggil berikutnya").click()
    assert "Memanggil nomor UMUM-001." in officer.locator("main").inner_text()
    assert "Dipanggil ke poli" in officer.locator("tbody").inner_text()

    expect(page.locator("[data-called]")).to_have_text("UMUM-001", timeout=12_000)
    assert page.locator('meta[http-equiv="refresh"]').count() == 0  # only in <noscript>
    citizen.reload()
    assert "Status\nDipanggil ke poli" in citizen.locator("main").inner_text()
    visit.refresh_from_db()
    assert visit.status == Visit.Status.CALLED
    assert list(visit.tasks.order_by("task").values_list("task", flat=True)) == [1, 2, 3, 4]
    citizen.context.close()
    officer.context.close()


def test_the_board_refreshes_itself_without_javascript(no_js_page, world):
    polyclinic = world["polyclinic"]
    no_js_page.goto(f"/kesehatan/{polyclinic.facility.code}/antrean/")
    refresh = no_js_page.locator('meta[http-equiv="refresh"]')
    assert refresh.count() == 1 and refresh.get_attribute("content") == "30"


def _check(page: Any, url: str) -> None:
    response = page.goto(url)
    assert response.status in (200, 400), url
    violations = _axe_violations(page)
    assert not violations, f"{url}: {len(violations)} axe violations\n" + _violations_report(
        violations)
    page.set_viewport_size({"width": 320, "height": 640})
    page.reload()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{url} scrolls sideways: {width}px wide at 320px"
    page.set_viewport_size({"width": 1280, "height": 800})


def test_health_pages_are_accessible(browser, live_server, page, world):
    polyclinic, officer = world["polyclinic"], world["officer"]
    code = polyclinic.facility.code
    visit = actions.book_visit(polyclinic=polyclinic, date=timezone.localdate(),
                               channel="daring", actor=world["citizen"],
                               patient=world["citizen"])
    actions.book_visit(polyclinic=polyclinic, date=timezone.localdate(), channel="loket",
                       actor=officer, patient_name="Budi", walk_in=True)
    for url in ["/kesehatan/", "/kesehatan/?kecamatan=61.12.01", f"/kesehatan/{code}/",
                f"/kesehatan/{code}/antrean/", f"/kesehatan/{code}/statistik/"]:
        _check(page, url)
    own = signed_in_page(browser, live_server, world["citizen"])
    for url in [f"/kesehatan/poli/{polyclinic.pk}/ambil/", f"/kesehatan/kunjungan/{visit.pk}/",
                "/kesehatan/saya/"]:
        _check(own, url)
    own.goto(f"/kesehatan/poli/{polyclinic.pk}/ambil/")
    own.get_by_label("Nomor kartu BPJS Kesehatan").fill("123")
    own.get_by_role("button", name="Ambil nomor antrean").click()
    own.wait_for_selector("#ringkasan-galat")
    violations = _axe_violations(own)
    assert not violations, _violations_report(violations)
    desk = signed_in_page(browser, live_server, officer)
    for url in ["/kesehatan/loket/", f"/kesehatan/loket/poli/{polyclinic.pk}/",
                f"/kesehatan/loket/poli/{polyclinic.pk}/daftar/"]:
        _check(desk, url)
    own.context.close()
    desk.context.close()
