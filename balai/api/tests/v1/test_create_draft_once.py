"""balai.api.actions.create_draft_once: one draft per Idempotency-Key, even when two requests
with the same key pass the first look-up at the same moment."""

from __future__ import annotations

import pytest

from balai.api import actions, queries
from balai.applications.models import Application
from balai.applications.tests.helpers import akta_definition, akta_values
from balai.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db


def test_racing_requests_with_one_key_make_one_draft(citizen, office_a, monkeypatch):
    akta = akta_definition(office_a)
    user = citizen.user
    first, created = actions.create_draft_once(applicant=user, definition=akta,
                                               data=akta_values(), idempotency_key="k" * 20,
                                               actor=user)
    assert created
    real = queries.draft_for_key
    seen = []

    def racing(**kwargs):
        # The racing request saw no record at its first look-up; later look-ups are real.
        seen.append(kwargs)
        return None if len(seen) == 1 else real(**kwargs)

    monkeypatch.setattr(queries, "draft_for_key", racing)
    entries = LedgerEntry.objects.count()
    second, created = actions.create_draft_once(applicant=user, definition=akta,
                                                data=akta_values(), idempotency_key="k" * 20,
                                                actor=user)
    assert not created and second.pk == first.pk
    assert Application.objects.filter(applicant=user).count() == 1
    assert LedgerEntry.objects.count() == entries  # the losing draft's entry rolled back too
    assert len(seen) == 2
