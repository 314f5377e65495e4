"""Complaint and participation pages with the demo data in them: no axe violations (WCAG 2.2
AA), no sideways scrolling at 320 px, for the public and for an official."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command

from balai.core.testing import sign_in
from balai.portal.tests.test_accessibility_browser import _axe_violations, _violations_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db: None) -> dict[str, Any]:
    from balai.accounts import demo as accounts_demo
    from balai.complaints import demo as complaints_demo
    from balai.complaints.models import Complaint
    from balai.participation import demo as participation_demo
    from balai.participation.models import Consultation, Idea, Poll

    call_command("load_regions", stdout=StringIO())
    accounts_demo.load()
    complaints_demo.load()
    participation_demo.load()
    answered = Complaint.objects.filter(is_listed=True, status="dikonfirmasi").first()
    return {"number": answered.number, "idea": Idea.objects.order_by("pk").first().pk,
            "consultation": Consultation.objects.get().pk, "poll": Poll.objects.get().pk}


PAGES = ["/pengaduan/", "/pengaduan/?status=dikonfirmasi", "/pengaduan/{number}/",
         "/partisipasi/aspirasi/", "/partisipasi/aspirasi/{idea}/",
         "/partisipasi/konsultasi/{consultation}/", "/partisipasi/jajak-pendapat/{poll}/"]
OFFICIAL_PAGES = ["/pengaduan/antrean/", "/partisipasi/analitik/"]


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


def test_public_pages_are_accessible(page, demo):
    for url in PAGES:
        _check(page, url.format(**demo))


def test_official_pages_are_accessible(page, demo, client, live_server):
    from balai.accounts.queries import get_user_by_username

    sign_in(client, get_user_by_username("petugas.pupr"))
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                               "url": live_server.url}])
    for url in OFFICIAL_PAGES:
        _check(page, url)
