"""Registration with a waitlist: seats, idempotency, cancellation and promotion, the ledger."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from balai.core.errors import PermissionDeniedError
from balai.core.testing import make_citizen
from balai.ledger.models import LedgerEntry
from balai.literacy import actions
from balai.literacy.models import Registration
from balai.notifications.models import Message

pytestmark = pytest.mark.django_db


def test_seats_then_waitlist(session):
    first, second, third = (make_citizen().user for _ in range(3))
    assert actions.register_for_session(session=session, participant=first).status == \
        "terdaftar"
    assert actions.register_for_session(session=session, participant=second).status == \
        "terdaftar"
    assert actions.register_for_session(session=session, participant=third).status == \
        "menunggu"


def test_registering_twice_gives_the_same_registration(session, citizen):
    first = actions.register_for_session(session=session, participant=citizen.user)
    again = actions.register_for_session(session=session, participant=citizen.user)
    assert again.pk == first.pk
    assert Registration.objects.filter(session=session).count() == 1
    assert LedgerEntry.objects.filter(action="literasi.daftar").count() == 1


def test_cancelling_a_seat_promotes_the_first_waitlisted_and_tells_them(session):
    a, b, c, d = (make_citizen().user for _ in range(4))
    reg_a = actions.register_for_session(session=session, participant=a)
    actions.register_for_session(session=session, participant=b)
    reg_c = actions.register_for_session(session=session, participant=c)
    reg_d = actions.register_for_session(session=session, participant=d)
    assert (reg_c.status, reg_d.status) == ("menunggu", "menunggu")

    actions.cancel_registration(registration=reg_a, actor=a)

    reg_c.refresh_from_db()
    reg_d.refresh_from_db()
    assert reg_c.status == "terdaftar" and reg_c.promoted_at is not None
    assert reg_d.status == "menunggu"
    inbox = Message.objects.get(recipient=c, channel="in_app")
    assert "naik dari daftar tunggu" in inbox.body
    sms = Message.objects.get(recipient=c, channel="sms")
    assert sms.address == c.citizen.phone and sms.body.startswith("Balai: Seorang peserta")
    assert not Message.objects.exclude(recipient=c).exists()
    assert LedgerEntry.objects.filter(action="literasi.naik_dari_daftar_tunggu",
                                      object_id=str(reg_c.pk)).exists()


def test_cancelling_a_waitlist_place_promotes_nobody(session):
    a, b, c = (make_citizen().user for _ in range(3))
    actions.register_for_session(session=session, participant=a)
    actions.register_for_session(session=session, participant=b)
    reg_c = actions.register_for_session(session=session, participant=c)
    actions.cancel_registration(registration=reg_c, actor=c)
    assert Registration.objects.filter(status="terdaftar").count() == 2
    assert not Message.objects.exists()


def test_re_registering_after_cancelling_joins_the_end_of_the_queue(session):
    a, b, c = (make_citizen().user for _ in range(3))
    reg_a = actions.register_for_session(session=session, participant=a)
    actions.register_for_session(session=session, participant=b)
    reg_c = actions.register_for_session(session=session, participant=c)
    actions.cancel_registration(registration=reg_a, actor=a)
    again = actions.register_for_session(session=session, participant=a)
    assert again.pk == reg_a.pk and again.status == "menunggu"
    reg_c.refresh_from_db()
    assert reg_c.status == "terdaftar"


def test_registration_closes_when_the_session_starts(programme, organiser, kubu_raya,
                                                     citizen):
    from balai.literacy.models import Session
    from balai.literacy.tests.conftest import make_session

    session = make_session(programme, organiser)
    # Time passes: the session has begun.
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(actions.SessionClosedError):
        actions.register_for_session(session=session, participant=citizen.user)


def test_only_an_operator_may_register_someone_else(session, citizen, other_citizen):
    with pytest.raises(PermissionDeniedError):
        actions.register_for_session(session=session, participant=citizen.user,
                                     actor=other_citizen.user)


def test_other_office_cannot_create_programmes(officer_other_office, diskominfo):
    with pytest.raises(PermissionDeniedError):
        actions.create_programme(actor=officer_other_office, office=diskominfo, title="X",
                                 description="Y", kind="seminar", pillar="etika")
