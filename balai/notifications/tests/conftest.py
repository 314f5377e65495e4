from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from balai.notifications.tests.fakes import RecordingSmsBackend


@pytest.fixture
def sms(settings: Any) -> Iterator[type[RecordingSmsBackend]]:
    """Route SMS to the recording backend; the fixture value is its class, holding `sent`."""
    settings.SMS_BACKEND = "balai.notifications.tests.fakes.RecordingSmsBackend"
    RecordingSmsBackend.reset()
    yield RecordingSmsBackend
    RecordingSmsBackend.reset()


@pytest.fixture
def citizen(django_user_model: Any) -> Any:
    return django_user_model.objects.create_user("warga1", "rahasia-sekali-1",
                                                 full_name="Siti Aminah")


@pytest.fixture
def other_citizen(django_user_model: Any) -> Any:
    return django_user_model.objects.create_user("warga2", "rahasia-sekali-2",
                                                 full_name="Budi Santoso")
