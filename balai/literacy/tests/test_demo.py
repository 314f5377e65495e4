from io import StringIO

import pytest

from balai.accounts import demo as accounts_demo
from balai.literacy import demo
from balai.literacy.models import Programme, Registration, Session

pytestmark = pytest.mark.django_db


def test_demo_loads_programmes_and_sessions_across_kecamatan_once(kubu_raya, settings):
    settings.BALAI_DEV_PKI_DIR = ""
    accounts_demo.load(StringIO())
    accounts = demo.load(StringIO())
    assert {a.login for a in accounts} == {"petugas.kominfo", "pejabat.kominfo"}
    assert set(Programme.objects.values_list("pillar", flat=True)) == {
        "cakap", "etika", "aman", "budaya"}
    assert Session.objects.count() == len(demo.SESSIONS)
    assert Session.objects.filter(kecamatan__isnull=False).values(
        "kecamatan").distinct().count() == 7
    assert Registration.objects.filter(status="terdaftar").count() == 1
    demo.load(StringIO())
    assert Session.objects.count() == len(demo.SESSIONS)
