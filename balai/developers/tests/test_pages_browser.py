"""The portal's pages in Chromium: no axe violations (WCAG 2.2 AA) on the documentation, a
developer's app (with a key just shown, usage, an endpoint and its log), the forms with their
error summaries, and the officers' review."""

from __future__ import annotations

from typing import Any

import pytest

from balai.portal.tests.test_accessibility_browser import (
    _axe_violations,
    _sign_in,
    _violations_report,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _report(page: Any, label: str, report: list[str]) -> None:
    violations = _axe_violations(page)
    if violations:
        report.append(f"{label}:\n{_violations_report(violations)}")


def test_pages_have_no_axe_violations(page, client, live_server, citizen, admin_user, settings):
    from balai.developers import actions
    from balai.developers.tests.helpers import make_app, make_key

    settings.BALAI_PUBLIC_URL = live_server.url
    report: list[str] = []
    for url in ("/pengembang/", "/pengembang/mulai/", "/pengembang/versi/",
                "/pengembang/perubahan/"):
        page.goto(url)
        _report(page, url, report)

    app = make_app(citizen.user)
    key, _secret = make_key(app)
    actions.count_request(key_id=key.pk, endpoint="GET /api/v1/services", error=True)
    endpoint = actions.add_endpoint(
        app=app, actor=app.owner, mode="test",
        url=f"{live_server.url}/pengembang/penerima-uji/{app.receiver_token}/")
    actions.emit(endpoints=[endpoint], event_type="application.status_changed",
                 data={"number": "UJI-2026-000001"})
    actions.receive_test_webhook(app=app, headers={"webhook-id": "msg_1"}, body='{"a": 1}')
    _sign_in(page, client, citizen.user, live_server.url)
    for url in ("/pengembang/", f"/pengembang/aplikasi/{app.pk}/",
                f"/pengembang/aplikasi/{app.pk}/webhook/{endpoint.pk}/",
                f"/pengembang/aplikasi/{app.pk}/penerima-uji/"):
        page.goto(url)
        _report(page, url, report)

    page.goto(f"/pengembang/aplikasi/{app.pk}/")
    page.get_by_role("button", name="Buat kunci").click()  # the error summary
    page.wait_for_selector("#ringkasan-galat")
    _report(page, "new key, errors", report)
    page.get_by_label("Nama kunci").fill("uji kedua")
    page.get_by_role("button", name="Buat kunci").click()
    page.wait_for_selector("#kunci-baru")
    _report(page, "new key shown once", report)

    page.goto("/pengembang/aplikasi/baru/")
    page.get_by_role("button", name="Daftarkan").click()
    page.wait_for_selector("#ringkasan-galat")
    _report(page, "new app, errors", report)

    actions.request_live_access(app=app, actor=app.owner)
    _sign_in(page, client, admin_user, live_server.url)
    for url in ("/pengembang/persetujuan/", f"/pengembang/persetujuan/{app.pk}/"):
        page.goto(url)
        _report(page, url, report)

    assert not report, "\n".join(report)
