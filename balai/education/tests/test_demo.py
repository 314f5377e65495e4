"""The demo: a few Kubu Raya schools, the operator of SMP Negeri 1 Sungai Raya and one
registration of the demo citizen's child, loaded twice without change."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from balai.education import demo
from balai.education.models import AdmissionYear, Registration, School, SchoolOperator

pytestmark = pytest.mark.django_db


def test_demo_loads_and_is_idempotent():
    from balai.accounts import demo as accounts_demo

    call_command("load_regions", stdout=StringIO())
    accounts_demo.load(StringIO())
    accounts = demo.load(StringIO())
    demo.load(StringIO())
    assert School.objects.count() == len(demo.SCHOOLS)
    assert AdmissionYear.objects.count() == 2  # the 2025 file and the demo's open year
    assert SchoolOperator.objects.get().school.npsn == "90120001"
    registration = Registration.objects.get()
    assert registration.choices.count() == 2 and registration.documents.count() == 2
    assert [a.login for a in accounts] == ["operator.smpn1sr"]
