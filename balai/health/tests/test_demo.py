"""The demo: Kubu Raya's puskesmas per kecamatan, a pustu and the RSUD with polyclinics and
schedules, the desk officer and the demo citizen's booking; loading twice changes nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from balai.accounts import demo as accounts_demo
from balai.health import demo
from balai.health.models import DoctorSchedule, Facility, Polyclinic, Visit
from balai.health.queries import is_desk_officer

pytestmark = pytest.mark.django_db


def test_the_demo_loads_facilities_of_every_kecamatan_once():
    call_command("load_regions", stdout=StringIO())
    accounts_demo.load(StringIO())
    accounts = demo.load(StringIO())
    counts = (Facility.objects.count(), Polyclinic.objects.count(),
              DoctorSchedule.objects.count(), Visit.objects.count())
    demo.load(StringIO())
    assert (Facility.objects.count(), Polyclinic.objects.count(),
            DoctorSchedule.objects.count(), Visit.objects.count()) == counts
    assert set(Facility.objects.values_list("kind", flat=True)) == {"puskesmas", "pustu",
                                                                     "rsud"}
    kecamatan = set(Facility.objects.values_list("kecamatan__code", flat=True))
    assert kecamatan == {f"61.12.0{n}" for n in range(1, 10)}
    sungai_durian = Facility.objects.get(code="sungai-durian")
    assert sungai_durian.office.parent.code == "dinkes"
    [account] = accounts
    from balai.accounts.queries import get_user_by_username

    assert is_desk_officer(get_user_by_username(account.login), sungai_durian)
    visit = Visit.objects.get()
    assert visit.polyclinic.code == "SDR-UMUM"
    assert visit.patient.citizen.nik == demo.DEMO_CITIZEN_NIK
