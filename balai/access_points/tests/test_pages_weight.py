"""The public pages of access points, filled with the demo (about forty points), weigh at most
60 KB compressed, measured like every citizen page (balai/portal/tests/test_page_weight.py)."""

from __future__ import annotations

import pytest

from balai.access_points.models import AccessPoint
from balai.core.testing import sign_in
from balai.portal.tests.test_page_weight import _check_weight

pytestmark = pytest.mark.django_db


def test_public_pages_with_the_demo_weigh_at_most_60_kb(client, demo):
    point = AccessPoint.objects.order_by("pk").first()
    assert AccessPoint.objects.count() >= 30
    for url in ("/akses-internet/", "/akses-internet/?page=2", "/akses-internet/peta/",
                "/akses-internet/?kecamatan=61.12.05", f"/akses-internet/{point.pk}/"):
        _check_weight(client, url, 200)


def test_report_form_weighs_at_most_60_kb(client, demo, citizen):
    point = AccessPoint.objects.order_by("pk").first()
    sign_in(client, citizen.user)
    _check_weight(client, f"/akses-internet/{point.pk}/lapor/", 200)
