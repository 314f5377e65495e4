"""In a real browser: two citizens go for the last seat; one gets it, the other waits and is
promoted when the first cancels. And the literacy pages have no axe violations (WCAG 2.2 AA)
nor sideways scrolling at 320 px."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from balai.core.testing import make_citizen, make_office, make_officer, signed_in_page
from balai.literacy import actions
from balai.literacy.models import Registration
from balai.literacy.tests.conftest import make_session
from balai.portal.tests.test_accessibility_browser import _axe_violations, _violations_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(transactional_db: None) -> dict[str, Any]:
    call_command("load_regions", stdout=StringIO())
    office = make_office(code="diskominfo-web", name="Diskominfo (uji)")
    organiser = make_officer(office=office, role="petugas", full_name="Rudi Diskominfo")
    programme = actions.create_programme(
        actor=organiser, office=office, title="Aman Bertransaksi Digital untuk UMKM",
        description="Mengenali penipuan daring.", kind="pelatihan", pillar="aman")
    session = make_session(programme, organiser, capacity=1)
    return {"session": session, "organiser": organiser}


def test_two_citizens_for_the_last_seat_one_waits_and_is_promoted(browser, live_server,
                                                                   world):
    session_url = f"/literasi-digital/sesi/{world['session'].pk}/"
    first = signed_in_page(browser, live_server, make_citizen(full_name="Siti Aminah").user)
    second = signed_in_page(browser, live_server, make_citizen(full_name="Ahmad Yani").user)
    pages = (first, second)
    for page in pages:
        page.goto(session_url)
        assert page.get_by_role("button", name="Daftar").is_visible()  # the seat is free

    # Both press "Daftar" for the one seat at the same moment: both requests are in flight
    # before either answer is back.
    with first.expect_navigation(), second.expect_navigation():
        first.get_by_role("button", name="Daftar").click(no_wait_after=True)
        second.get_by_role("button", name="Daftar").click(no_wait_after=True)

    texts = {page: page.locator("main").inner_text() for page in pages}
    confirmed = [page for page in pages if "Status: Terdaftar" in texts[page]]
    waiting = [page for page in pages if "Status: Daftar tunggu" in texts[page]]
    assert len(confirmed) == 1 and len(waiting) == 1, texts
    assert "urutan 1 di daftar tunggu" in texts[waiting[0]]
    statuses = sorted(Registration.objects.filter(session=world["session"])
                      .values_list("status", flat=True))
    assert statuses == [Registration.Status.WAITLISTED, Registration.Status.CONFIRMED]
    holder, waiter = confirmed[0], waiting[0]
    assert holder.get_by_role("img", name="Kode QR tiket untuk pencatatan kehadiran").is_visible()
    ticket = waiter.url

    with holder.expect_navigation():
        holder.get_by_role("button", name="Batalkan pendaftaran").click()
    assert "Status: Dibatalkan" in holder.locator("main").inner_text()

    waiter.goto(ticket)
    assert "Status: Terdaftar" in waiter.locator("main").inner_text()
    assert waiter.get_by_role("img", name="Kode QR tiket untuk pencatatan kehadiran").is_visible()
    waiter.goto("/notifikasi/")
    assert "Anda mendapat kursi" in waiter.locator("main").inner_text()
    first.context.close()
    second.context.close()


def _check(page: Any, url: str) -> None:
    response = page.goto(url)
    assert response.status == 200, url
    violations = _axe_violations(page)
    assert not violations, f"{url}: {len(violations)} axe violations\n" + _violations_report(
        violations)
    page.set_viewport_size({"width": 320, "height": 640})
    page.reload()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{url} scrolls sideways: {width}px wide at 320px"
    page.set_viewport_size({"width": 1280, "height": 800})


def test_literacy_pages_are_accessible(browser, live_server, page, world):
    session = world["session"]
    citizen = make_citizen().user
    registration = actions.register_for_session(session=session, participant=citizen)
    for url in ["/literasi-digital/", "/literasi-digital/?pilar=aman&sasaran=umkm",
                f"/literasi-digital/sesi/{session.pk}/"]:
        _check(page, url)
    own = signed_in_page(browser, live_server, citizen)
    for url in [f"/literasi-digital/pendaftaran/{registration.pk}/", "/literasi-digital/saya/"]:
        _check(own, url)
    officer = signed_in_page(browser, live_server, world["organiser"])
    for url in ["/literasi-digital/kelola/", f"/literasi-digital/kelola/sesi/{session.pk}/",
                "/literasi-digital/kelola/program/baru/",
                f"/literasi-digital/kelola/program/{session.programme_id}/sesi-baru/",
                f"/literasi-digital/hadir/{registration.check_in_token}/"]:
        _check(officer, url)
    own.context.close()
    officer.context.close()
