from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from balai.accounts.models import Office, User
from balai.core.testing import make_officer
from balai.participation import actions
from balai.participation.models import Consultation, Idea, Poll, Topic


@pytest.fixture
def topic(db: None) -> Topic:
    return Topic.objects.create(code="jalan", name="Jalan dan jembatan")


@pytest.fixture
def idea(citizen, topic) -> Idea:
    return actions.post_idea(actor=citizen.user, kind="ide", topic=topic,
                             title="Trotoar di Jalan Adisucipto",
                             body="Mohon dibangun trotoar agar anak sekolah aman berjalan kaki.")


@pytest.fixture
def moderator(office_a: Office) -> User:
    return make_officer(office=office_a, role="moderator", full_name="Moderator Uji")


@pytest.fixture
def open_consultation(officer, office_a) -> Consultation:
    today = timezone.localdate()
    return actions.publish_consultation(
        actor=officer, office=office_a, title="Ranperda Pengelolaan Sampah",
        summary="Rancangan peraturan daerah tentang pengelolaan sampah rumah tangga.",
        opens_on=today - dt.timedelta(days=1), closes_on=today + dt.timedelta(days=10),
        sections=[("Pasal 1", "Ketentuan umum."), ("Pasal 2", "Kewajiban warga memilah.")])


@pytest.fixture
def poll(officer, office_a) -> Poll:
    today = timezone.localdate()
    return actions.create_poll(actor=officer, office=office_a,
                               question="Jam layanan Sabtu yang paling cocok?",
                               options=["08.00-12.00", "13.00-16.00"],
                               opens_on=today, closes_on=today + dt.timedelta(days=7))
