"""In a real browser: an officer opens a citizen's application; the citizen opens Data saya,
downloads the JSON, and sees that officer in the access log."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings

from balai.applications.tests.helpers import akta_definition, make_submitted
from balai.core.testing import sign_in as core_sign_in


def sign_in(page, client, user, url: str) -> None:
    core_sign_in(client, user)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                               "url": url}])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_citizen_downloads_their_data_and_sees_who_opened_it(page, live_server, client,
                                                            citizen, officer, office_a):
    application = make_submitted(citizen.user, akta_definition(office_a))

    sign_in(page, client, officer, live_server.url)
    page.goto(f"/permohonan/antrean/{application.number}/")
    assert application.number in page.content()

    page.context.clear_cookies()
    sign_in(page, client, citizen.user, live_server.url)
    page.goto("/")
    with page.expect_navigation():
        page.get_by_role("link", name="Data saya").first.click()
    assert page.locator("h1").inner_text() == "Data saya"
    log = page.locator("table.access-log")
    assert "Budi Petugas" in log.inner_text()
    assert f"Permohonan {application.number}" in log.inner_text()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh data saya (JSON)").click()
    download = download_info.value
    assert download.suggested_filename == "data-saya.json"
    data = json.loads(Path(download.path()).read_text(encoding="utf-8"))["data"]
    assert data["identitas"]["nik"] == citizen.nik
    assert data["akses_petugas"][0]["petugas"] == "Budi Petugas"
