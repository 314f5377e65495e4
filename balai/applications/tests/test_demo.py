from __future__ import annotations

import pytest

from balai.accounts import demo as accounts_demo
from balai.applications import demo
from balai.applications.models import Application
from balai.applications.tests.helpers import AKTA
from balai.catalogue.actions import publish_definition

pytestmark = pytest.mark.django_db


def test_demo_applications_are_made_once_in_several_states(kubu_raya):
    accounts_demo.load()
    publish_definition(data=AKTA, actor="sistem:uji")

    demo.load()
    demo.load()

    states = sorted(Application.objects.values_list("state", flat=True))
    assert states == ["diajukan", "disetujui", "diverifikasi", "perlu_perbaikan"]
    assert Application.objects.values("applicant").distinct().count() == 1


def test_demo_is_skipped_without_the_catalogue(kubu_raya):
    accounts_demo.load()
    assert demo.load() == []
    assert not Application.objects.exists()
