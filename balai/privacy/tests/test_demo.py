from __future__ import annotations

import pytest

from balai.ledger.models import Checkpoint, VerificationRun
from balai.privacy import demo
from balai.privacy.models import AccessLogEntry, Consent

pytestmark = pytest.mark.django_db


def test_demo_shows_consents_an_access_log_and_a_checkpoint_and_is_idempotent(kubu_raya):
    from balai.accounts import demo as accounts_demo
    from balai.applications import demo as applications_demo
    from balai.applications.tests.helpers import AKTA
    from balai.catalogue.actions import publish_definition

    accounts_demo.load()
    publish_definition(data=AKTA, actor="sistem:uji")
    applications_demo.load()

    demo.load(None)
    demo.load(None)

    assert Consent.objects.count() == 3
    assert AccessLogEntry.objects.count() == 2
    assert Checkpoint.objects.count() == 1 and VerificationRun.objects.get().ok
