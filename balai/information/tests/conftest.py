from __future__ import annotations

import io

import pytest

from balai.accounts.models import Office, User
from balai.applications.tests.helpers import PDF
from balai.core.testing import make_officer
from balai.information import actions
from balai.information.files import check_file
from balai.information.models import Category, InformationItem


@pytest.fixture
def ppid(office_a: Office) -> User:
    return make_officer(office=office_a, role="ppid", full_name="Yuliana PPID")


@pytest.fixture
def atasan(office_a: Office) -> User:
    return make_officer(office=office_a, role="atasan_ppid", full_name="Marzuki Atasan")


def upload(name: str = "laporan.pdf", content: bytes = PDF) -> tuple[io.BytesIO, object]:
    return io.BytesIO(content), check_file(io.BytesIO(content), name=name, size=len(content))


@pytest.fixture
def berkala(ppid: User, office_a: Office) -> InformationItem:
    return actions.publish_item(
        actor=ppid, office=office_a, title="Laporan keuangan daerah 2025",
        category=Category.BERKALA, summary="Realisasi anggaran pendapatan dan belanja daerah.",
        period="2025", files=[upload()])


@pytest.fixture
def exempt(ppid: User, office_a: Office) -> InformationItem:
    return actions.publish_item(
        actor=ppid, office=office_a, title="Rencana pengamanan jaringan",
        category=Category.DIKECUALIKAN, summary="Rancangan pengamanan pusat data.",
        legal_basis="UU 14/2008 Pasal 17 huruf c", consequence_test="Membuka celah serangan.",
        files=[upload("rahasia.pdf")])
