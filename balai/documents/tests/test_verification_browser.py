"""The public verification pages in a real browser: accessibility (axe-core, WCAG 2.2 AA) and
the journey without JavaScript."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from balai.documents.tests.helpers import issue, stored_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def document(office, official, citizen) -> Any:
    return issue(source=citizen, office=office, signer=official)


def _violations(page: Any) -> list[str]:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS},
                                       "resultTypes": ["violations"]})
    return [f"{v['id']}: {v['help']}" for v in results.response["violations"]]


def test_verification_pages_have_no_axe_violations(page, document):
    for url in ["/verifikasi/", "/verifikasi/?kode=salah", f"/verifikasi/{document.code}/",
                "/verifikasi/23456789ABCDEFGHJKMN/"]:
        page.goto(url)
        assert _violations(page) == [], url


def test_citizen_verifies_code_and_file_without_javascript(no_js_page, document,
                                                          tmp_path: Path):
    page = no_js_page
    copy = tmp_path / "akta.pdf"
    copy.write_bytes(stored_bytes(document))

    page.goto("/verifikasi/")
    page.get_by_label("Kode verifikasi").fill(document.code.lower())
    with page.expect_navigation():
        page.get_by_role("button", name="Periksa dokumen").click()

    assert page.get_by_text("Status: SAH").is_visible()
    assert page.get_by_text(document.number).first.is_visible()

    page.get_by_label("Berkas PDF yang ingin dicocokkan").set_input_files(str(copy))
    with page.expect_navigation():
        page.get_by_role("button", name="Cocokkan berkas").click()

    assert page.get_by_text("Berkas ini SAMA dengan dokumen yang diterbitkan.").is_visible()
