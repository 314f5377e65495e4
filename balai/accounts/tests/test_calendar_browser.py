"""Kalender tenggat in a real browser without JavaScript: a citizen makes the secret calendar
address, a calendar app reads it, the citizen makes a new one; axe-core on every state."""

from __future__ import annotations

from typing import Any

import icalendar
import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client

from balai.core.testing import PASSWORD, make_citizen
from balai.information import actions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _assert_accessible(page: Any, what: str) -> None:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations = results.response["violations"]
    assert not violations, f"{what}: " + "; ".join(v["id"] for v in violations)


def _address(page: Any) -> str:
    return page.get_by_label("Salin alamat ini ke aplikasi kalender Anda", exact=False) \
        .input_value()


def test_citizen_makes_and_replaces_the_calendar_address(page, no_js_page, office_a):
    citizen = make_citizen()
    info, _code = actions.submit_request(
        actor=citizen.user, office=office_a, information="Laporan keuangan 2025",
        purpose="Kajian", format="softcopy", delivery="daring")
    for current in (no_js_page, page):
        current.goto("/akun/masuk/")
        current.fill("[name=username]", citizen.nik)
        current.fill("[name=password]", PASSWORD)
        with current.expect_navigation():
            current.get_by_role("button", name="Masuk", exact=True).last.click()

    no_js_page.goto("/akun/profil/")
    with no_js_page.expect_navigation():
        no_js_page.get_by_role("link", name="Kalender tenggat saya").click()
    assert no_js_page.get_by_text("Anda belum punya alamat kalender.").is_visible()
    page.goto("/akun/kalender/")
    _assert_accessible(page, "kalender, belum ada alamat")

    with no_js_page.expect_navigation():
        no_js_page.get_by_role("button", name="Buat alamat kalender").click()
    assert no_js_page.get_by_text("Alamat kalender Anda sudah dibuat.").is_visible()
    first = _address(no_js_page)
    path = first.split("127.0.0.1:8000", 1)[1]
    calendar = icalendar.Calendar.from_ical(Client().get(path).content)
    assert [str(event["UID"]) for event in calendar.walk("VEVENT")] == [
        f"informasi-jawaban-{info.number}@127.0.0.1"]
    page.goto("/akun/kalender/")
    _assert_accessible(page, "kalender, dengan alamat")

    with no_js_page.expect_navigation():
        no_js_page.get_by_role("button", name="Buat alamat baru").click()
    assert no_js_page.get_by_text("Alamat lama tidak berlaku lagi.", exact=False).is_visible()
    assert _address(no_js_page) != first
    assert Client().get(path).status_code == 404
