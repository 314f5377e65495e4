"""The bulk SMS page in Chromium: an office admin computes the cost, confirms, and sees the run
listed; both steps have no axe violations (WCAG 2.2 AA) and no sideways scrolling at 320 px."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command

from balai.core.testing import sign_in
from balai.portal.tests.test_accessibility_browser import _axe_violations, _violations_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _accessible(page: Any, what: str) -> None:
    violations = _axe_violations(page)
    assert not violations, f"{what}: {len(violations)} axe violations\n" + _violations_report(
        violations)
    page.set_viewport_size({"width": 320, "height": 640})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{what} scrolls sideways: {width}px wide at 320px"
    page.set_viewport_size({"width": 1280, "height": 800})


def test_an_admin_sees_the_cost_confirms_and_the_run_is_listed(page: Any, client: Any,
                                                                live_server: Any) -> None:
    from balai.accounts import demo as accounts_demo
    from balai.accounts.queries import get_user_by_username
    from balai.sms.models import BulkSms

    call_command("load_regions", stdout=StringIO())
    accounts_demo.load()
    sign_in(client, get_user_by_username("admin"))
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                               "url": live_server.url}])

    assert page.goto("/sms/massal/").status == 200
    _accessible(page, "compose")
    page.select_option("#id_kecamatan", "61.12.01")
    page.fill("#id_body", "Vaksinasi gratis di Puskesmas Sungai Raya, Sabtu pukul 08.00.")
    page.click("text=Hitung biaya")
    price = settings.SMS_PRICE_PER_SEGMENT
    assert page.inner_text("#jumlah-penerima") == "1"  # the demo citizen of Sungai Raya
    assert page.inner_text("#biaya") == f"1 penerima × 1 segmen × Rp{price} = Rp{price}"
    assert not BulkSms.objects.exists()
    _accessible(page, "cost")

    page.click("text=Kirim ke 1 penerima")
    assert "SMS massal dikirim ke antrean untuk 1 penerima." in page.inner_text("main")
    assert BulkSms.objects.get().cost == price
    assert f"Rp{price}" in page.inner_text("table")
    _accessible(page, "list")
