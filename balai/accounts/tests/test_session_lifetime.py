"""Session lifetimes: officers 30 minutes idle and 12 hours in all (ASVS L2), citizens 7 days
idle and 30 days in all (docs/security.md)."""

import time

import pytest
from django.urls import reverse

from balai.accounts.middleware import LAST_SEEN_AT, SIGNED_IN_AT
from balai.core.testing import sign_in
from balai.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db
PROFILE = reverse("accounts:profile")
MINUTE, HOUR, DAY = 60, 3600, 86400


def _age(client, *, idle: int = 0, since_sign_in: int = 0) -> None:
    now = int(time.time())
    session = client.session
    session[LAST_SEEN_AT] = now - idle
    session[SIGNED_IN_AT] = now - max(idle, since_sign_in)
    session.save()


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize(("idle", "since", "kept"), [
    (29 * MINUTE, 29 * MINUTE, True),
    (31 * MINUTE, 31 * MINUTE, False),
    (10 * MINUTE, 12 * HOUR + MINUTE, False),
    (10 * MINUTE, 11 * HOUR, True),
])
def test_officer_sessions(client, officer, idle, since, kept):
    sign_in(client, officer)
    _age(client, idle=idle, since_sign_in=since)
    response = client.get(PROFILE, follow=True)
    assert _signed_in(client) is kept
    if not kept:
        assert response.redirect_chain[0][0].startswith(reverse("accounts:login"))
        assert "Sesi Anda sudah berakhir" in response.content.decode()
        assert LedgerEntry.objects.filter(action="akun.keluar").count() == 1


@pytest.mark.parametrize(("idle", "since", "kept"), [
    (6 * DAY, 6 * DAY, True),
    (8 * DAY, 8 * DAY, False),
    (DAY, 31 * DAY, False),
    (DAY, 29 * DAY, True),
])
def test_citizen_sessions(client, citizen, idle, since, kept):
    sign_in(client, citizen.user)
    _age(client, idle=idle, since_sign_in=since)
    client.get(PROFILE)
    assert _signed_in(client) is kept


def test_activity_moves_the_idle_clock_and_the_cookie_expiry(client, officer):
    sign_in(client, officer)
    _age(client, idle=20 * MINUTE)
    assert client.get(PROFILE).status_code == 200
    assert int(time.time()) - client.session[LAST_SEEN_AT] < 5
    assert client.session.get_expiry_age() == 30 * MINUTE
