"""The officers' bulk SMS page: the cost is shown first, and only a confirmation sends."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from balai.core.testing import make_citizen, sign_in
from balai.ledger.models import LedgerEntry
from balai.notifications.models import Message
from balai.regions.models import Region
from balai.sms import actions
from balai.sms.models import BulkSms

pytestmark = pytest.mark.django_db

URL = "/sms/massal/"
BODY = "Posyandu keliling hadir di balai desa Senin 8 Desember pukul 08.00. Bawa buku KIA."


@pytest.fixture
def kecamatan(kubu_raya: None) -> Region:
    return Region.objects.filter(level="kecamatan", parent_id="61.12").order_by("code").first()


@pytest.fixture
def residents(kecamatan: Region, gateway: Any) -> list[Any]:
    """Three citizens of the kecamatan (one of whom sent STOP) and one of another."""
    desa = kecamatan.children.order_by("code")
    people = [make_citizen(village=desa[0]), make_citizen(village=desa[1]),
              make_citizen(village=desa[0])]
    gateway.reply("STOP", phone=people[2].phone)
    elsewhere = Region.objects.filter(level="desa").exclude(parent=kecamatan).first()
    make_citizen(village=elsewhere)
    make_citizen(village=desa[0], phone="")
    return people


@pytest.fixture
def broadcaster(client: Any, admin_user: Any) -> Any:
    sign_in(client, admin_user)
    return admin_user


def test_the_cost_is_shown_before_anything_is_sent(client: Any, broadcaster: Any,
                                                   kecamatan: Region, residents: list[Any],
                                                   settings: Any) -> None:
    settings.SMS_PRICE_PER_SEGMENT = 350
    response = client.post(URL, {"kecamatan": kecamatan.code, "body": BODY})

    page = response.content.decode()
    assert response.status_code == 200
    assert "2 penerima × 1 segmen × Rp350 = Rp700" in page
    assert 'name="konfirmasi" value="1"' in page
    assert not BulkSms.objects.exists()
    assert not Message.objects.filter(body=BODY).exists()


def test_a_confirmed_bulk_sms_reaches_the_audience_and_is_in_the_ledger(
        client: Any, broadcaster: Any, kecamatan: Region, residents: list[Any],
        gateway: Any, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"kecamatan": kecamatan.code, "body": BODY,
                                     "recipients": "2", "konfirmasi": "1"})

    assert response.status_code == 302
    run = BulkSms.objects.get()
    assert (run.recipients, run.segments, run.cost, run.sender) == (2, 1, 700, broadcaster)
    assert gateway.replies_to(residents[0].phone) == [BODY]
    assert gateway.replies_to(residents[1].phone) == [BODY]
    assert BODY not in gateway.replies_to(residents[2].phone)  # sent STOP
    assert len([to for to, body in gateway.backend.sent if body == BODY]) == 2
    entry = LedgerEntry.objects.get(action="sms.massal_dikirim")
    assert entry.actor_id == broadcaster.pk and entry.object_id == str(run.pk)
    page = client.get(URL).content.decode()
    assert "Rp700" in page and kecamatan.name in page


def test_a_stale_confirmation_sends_nothing(client: Any, broadcaster: Any, kecamatan: Region,
                                            residents: list[Any]) -> None:
    response = client.post(URL, {"kecamatan": kecamatan.code, "body": BODY,
                                 "recipients": "5", "konfirmasi": "1"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Jumlah penerima berubah" in page
    assert "2 penerima × 1 segmen" in page
    assert not BulkSms.objects.exists()


def test_segments_follow_the_alphabet_and_length(kecamatan: Region, residents: list[Any],
                                                 settings: Any) -> None:
    settings.SMS_PRICE_PER_SEGMENT = 300
    long_text = actions.quote_bulk_sms(kecamatan=kecamatan, body="a" * 200)
    unicode_text = actions.quote_bulk_sms(kecamatan=kecamatan, body="Salam 🙂 " * 10)
    assert (long_text.recipients, long_text.segments, long_text.cost) == (2, 2, 1200)
    assert (unicode_text.segments, unicode_text.cost) == (2, 1200)


def test_an_overlong_or_empty_message_is_refused_next_to_the_field(
        client: Any, broadcaster: Any, kecamatan: Region) -> None:
    response = client.post(URL, {"kecamatan": kecamatan.code, "body": "🙂" * 120})
    assert "terlalu panjang" in response.content.decode()
    response = client.post(URL, {"kecamatan": "", "body": ""})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not BulkSms.objects.exists()


def test_only_admins_may_send_bulk_sms(client: Any, officer: Any, citizen: Any,
                                       kecamatan: Region) -> None:
    sign_in(client, officer)
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"kecamatan": kecamatan.code, "body": BODY, "recipients": "0",
                             "konfirmasi": "1"}).status_code == 404
    sign_in(client, citizen.user)
    assert client.get(URL).status_code == 404
    client.logout()
    assert client.get(URL).status_code == 302


def test_the_list_of_bulk_runs_costs_the_same_queries_for_one_run_or_many(
        client: Any, broadcaster: Any, kecamatan: Region, residents: list[Any],
        django_assert_num_queries: Any) -> None:
    actions.send_bulk_sms(actor=broadcaster, kecamatan=kecamatan, body=BODY,
                          confirmed_recipients=2)
    with CaptureQueriesContext(connection) as one:
        assert client.get(URL).status_code == 200
    for n in range(5):
        actions.send_bulk_sms(actor=broadcaster, kecamatan=kecamatan, body=f"{BODY} {n}",
                              confirmed_recipients=2)
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get(URL).content.decode()
    assert page.count("<td>Rp700</td>") == 6


def test_the_action_refuses_an_officer_without_the_admin_role(officer: Any,
                                                              kecamatan: Region) -> None:
    from balai.core.errors import PermissionDeniedError

    with pytest.raises(PermissionDeniedError):
        actions.send_bulk_sms(actor=officer, kecamatan=kecamatan, body=BODY,
                              confirmed_recipients=0)
    assert not BulkSms.objects.exists()
