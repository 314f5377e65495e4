"""An office without a head still hears of its overdue cases: its admins are told instead."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from balai.accounts.queries import escalation_recipients
from balai.applications import actions
from balai.applications.models import Application
from balai.applications.tests.helpers import make_submitted
from balai.core.testing import make_officer
from balai.ledger.models import LedgerEntry
from balai.notifications.models import Message

pytestmark = pytest.mark.django_db


def test_without_a_head_the_office_admins_are_told(citizen, akta, office_a, office_b):
    admin = make_officer(office=office_a, role="admin", full_name="Admin Dukcapil")
    make_officer(office=office_b, role="admin", full_name="Admin kantor lain")
    verifikator = make_officer(office=office_a, role="verifikator", full_name="Bukan admin")
    late = make_submitted(citizen.user, akta)
    Application.objects.filter(pk=late.pk).update(
        due_date=timezone.localdate() - dt.timedelta(days=10))

    assert actions.escalate_overdue_applications(today=timezone.localdate()) == 1

    message = Message.objects.get(recipient__office_roles__office=office_a,
                                  subject__contains="melewati batas waktu")
    assert message.recipient == admin and late.number in message.body
    assert not Message.objects.filter(recipient=verifikator).exists()
    assert LedgerEntry.objects.filter(action="permohonan.eskalasi").count() == 1


def test_the_head_alone_is_told_when_there_is_one_and_queries_stay_flat(
        office_a, office_b, django_assert_num_queries):
    head = make_officer(office=office_a, role="pejabat_penandatangan", full_name="Kepala")
    make_officer(office=office_a, role="admin", full_name="Admin")
    admin_b = make_officer(office=office_b, role="admin", full_name="Admin B")
    office_a.head = head
    office_a.save(update_fields=["head"])
    with django_assert_num_queries(2):
        recipients = escalation_recipients({office_a.pk, office_b.pk})
    assert recipients == {office_a.pk: [head], office_b.pk: [admin_b]}

    head.is_active = False
    head.save(update_fields=["is_active"])
    assert [user.full_name for user in escalation_recipients({office_a.pk})[office_a.pk]] == [
        "Admin"]
