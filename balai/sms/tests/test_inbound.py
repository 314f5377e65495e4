"""The inbound webhook over HTTP: signed SMS in, answers through the outbox out."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from django.utils import timezone

from balai.applications.tests.helpers import akta_definition, make_submitted
from balai.ledger.models import LedgerEntry
from balai.notifications.actions import queue_message
from balai.notifications.models import Message
from balai.payments.actions import amount_due
from balai.sms import gsm7
from balai.sms.models import InboundSms, OptOut

pytestmark = pytest.mark.django_db

STRANGER = "0813 9999 0001"


@pytest.fixture
def application(citizen: Any, office_a: Any) -> Any:
    return make_submitted(citizen.user, akta_definition(office_a))


def test_cek_from_the_registered_phone_gets_the_status(gateway: Any, citizen: Any,
                                                        application: Any) -> None:
    assert application.number.startswith("KR-")
    reply = gateway.reply(f"CEK {application.number}", phone=citizen.phone)

    label = application.definition.spec.workflow.label(application.state, "id")
    assert reply.startswith(f"{application.number}: {label}.")
    inbound = InboundSms.objects.get()
    assert inbound.command == "cek" and inbound.outcome == "answered"
    assert inbound.reply.body == reply
    assert inbound.reply.status == Message.Status.SENT


def test_cek_is_case_insensitive_and_tolerates_spaces(gateway: Any, citizen: Any,
                                                      application: Any) -> None:
    reply = gateway.reply(f"  cek    {application.number.lower()}  ", phone=citizen.phone)
    assert reply.startswith(f"{application.number}: ")


def test_cek_from_another_phone_reveals_nothing(gateway: Any, citizen: Any,
                                                application: Any) -> None:
    label = application.definition.spec.workflow.label(application.state, "id")
    reply = gateway.reply(f"CEK {application.number}", phone=STRANGER)
    missing = "KR-2026-999999"
    reply_missing = gateway.reply(f"CEK {missing}", phone=STRANGER)

    assert label not in reply
    # An existing number of someone else and a number that does not exist read the same.
    assert reply.replace(application.number, "#") == reply_missing.replace(missing, "#")
    assert InboundSms.objects.filter(outcome="not_shown").count() == 2


def test_cek_of_a_complaint_answers_its_reporter_only(gateway: Any, citizen: Any,
                                                      office_a: Any) -> None:
    from balai.complaints.models import ComplaintCategory
    from balai.complaints.tests.helpers import make_complaint

    category = ComplaintCategory.objects.create(code="jalan", name="Jalan rusak",
                                                office=office_a, resolution_days=14)
    complaint = make_complaint(reporter=citizen.user, category=category)

    assert gateway.reply(f"CEK {complaint.number}", phone=citizen.phone).startswith(
        f"{complaint.number}: {complaint.get_status_display()}")
    assert complaint.get_status_display() not in gateway.reply(f"CEK {complaint.number}",
                                                               phone=STRANGER)


def test_cek_of_an_information_request_answers_its_access_code(gateway: Any,
                                                               office_a: Any) -> None:
    from balai.information.actions import submit_request

    request, code = submit_request(actor=None, office=office_a, information="Data jalan desa",
                                   purpose="Penelitian", format="softcopy", delivery="email",
                                   name="Rahmat", nik="6112010101900001", address="Sungai Raya",
                                   email="r@example.id")
    status = request.get_status_display()

    assert status in gateway.reply(f"CEK {request.number} {code}", phone=STRANGER)
    assert status not in gateway.reply(f"CEK {request.number} SALAH1", phone=STRANGER)
    assert status not in gateway.reply(f"CEK {request.number}", phone=STRANGER)


def test_a_bad_signature_is_refused_with_json(gateway: Any, citizen: Any,
                                              application: Any) -> None:
    wrong = gateway.post(f"CEK {application.number}", phone=citizen.phone, secret="tebakan")
    stale = gateway.post(f"CEK {application.number}", phone=citizen.phone,
                         timestamp=int(time.time()) - 301)
    unsigned = gateway.client.post("/sms/masuk/", {"id": "1", "from": citizen.phone,
                                                   "text": "INFO"},
                                   content_type="application/json")

    for response in (wrong, stale, unsigned):
        assert response.status_code == 401
        assert response["Content-Type"] == "application/json"
        assert response.json()["code"] == "SMS_SIGNATURE_INVALID"
    assert not InboundSms.objects.exists()
    assert gateway.replies_to(citizen.phone) == []


def test_a_body_changed_after_signing_is_refused(gateway: Any, citizen: Any) -> None:
    stamp = str(int(time.time()))
    from balai.sms.signature import sign

    signed = json.dumps({"id": "a", "from": citizen.phone, "text": "INFO"}).encode()
    sent = json.dumps({"id": "a", "from": STRANGER, "text": "INFO"}).encode()
    response = gateway.client.post(
        "/sms/masuk/", sent, content_type="application/json",
        headers={"X-Balai-Timestamp": stamp,
                 "X-Balai-Signature": sign(secret="rahasia-gateway-uji", timestamp=stamp,
                                           body=signed)})
    assert response.status_code == 401


@pytest.mark.parametrize("body", [
    b"bukan json", b"[1, 2]", b'{"from": "081234567890", "text": "INFO"}',
    b'{"id": "x", "from": "abc", "text": "INFO"}', b'{"id": "x", "from": "081234567890"}',
    b'{"id": "", "from": "081234567890", "text": "INFO"}', b"\xff\xfe",
    b'{"id": "a\\u0000b", "from": "081234567890", "text": "INFO"}',
])
def test_a_malformed_body_is_refused_with_json(gateway: Any, body: bytes) -> None:
    response = gateway.post_raw(body)
    assert response.status_code == 400
    assert response.json()["code"] == "SMS_BODY_INVALID"
    assert not InboundSms.objects.exists()


def test_a_nul_character_in_the_text_is_no_error(gateway: Any) -> None:
    assert "Perintah tidak dikenal" in gateway.reply("x\u0000y", phone=STRANGER)
    assert gateway.reply("INFO\u0000", phone=STRANGER).startswith("Balai SMS")


def test_only_post_is_accepted(client: Any) -> None:
    response = client.get("/sms/masuk/")
    assert response.status_code == 405
    assert response.json()["code"] == "SMS_METHOD_NOT_ALLOWED"


def test_a_form_encoded_delivery_is_accepted(gateway: Any, citizen: Any) -> None:
    response = gateway.post_raw(f"id=f1&from={citizen.phone}&text=INFO".encode(),
                                content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert gateway.replies_to(citizen.phone)[0].startswith("Balai SMS: CEK")


def test_a_retried_delivery_gets_200_and_no_second_reply(gateway: Any, citizen: Any,
                                                         application: Any) -> None:
    first = gateway.post(f"CEK {application.number}", phone=citizen.phone, gateway_id="gw-77")
    again = gateway.post(f"CEK {application.number}", phone=citizen.phone, gateway_id="gw-77")

    assert first.status_code == again.status_code == 200
    assert first.json()["status"] == "accepted"
    assert again.json()["status"] == "duplicate"
    assert len(gateway.replies_to(citizen.phone)) == 1
    assert InboundSms.objects.count() == 1


def test_stop_silences_later_sms_and_mulai_restores_them(gateway: Any, citizen: Any,
                                                         django_capture_on_commit_callbacks: Any
                                                         ) -> None:
    stop_reply = gateway.reply("stop", phone=citizen.phone)
    assert "MULAI" in stop_reply
    assert OptOut.objects.count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        silenced = queue_message(channel=Message.Channel.SMS, recipient=citizen.user,
                                 address=citizen.phone, body="Permohonan Anda disetujui.")
    silenced.refresh_from_db()
    assert silenced.status == Message.Status.OPTED_OUT
    assert "Permohonan Anda disetujui." not in gateway.replies_to(citizen.phone)
    assert LedgerEntry.objects.filter(action="notifikasi.tidak_dikirim_berhenti",
                                      object_id=str(silenced.pk)).exists()
    # Commands other than MULAI get no answer either: the number asked for silence.
    gateway.post("INFO", phone=citizen.phone)
    assert len(gateway.replies_to(citizen.phone)) == 1

    assert "aktif kembali" in gateway.reply("Mulai", phone=citizen.phone)
    assert not OptOut.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        sent = queue_message(channel=Message.Channel.SMS, recipient=citizen.user,
                             address=citizen.phone, body="Dokumen Anda siap diambil.")
    sent.refresh_from_db()
    assert sent.status == Message.Status.SENT
    assert gateway.replies_to(citizen.phone)[-1] == "Dokumen Anda siap diambil."


def test_pajak_gives_the_amount_with_a_masked_name(gateway: Any, sppt_bill: Any,
                                                   tax_object: Any) -> None:
    from balai.taxes.models import format_nop

    reply = gateway.reply(f"pajak {format_nop(tax_object.nop)}", phone=STRANGER)

    principal, interest = amount_due(sppt_bill, timezone.localdate())
    assert interest > 0  # the 2026 bill is past its due date: the answer includes interest
    amount = "Rp" + f"{principal + interest:,}".replace(",", ".")
    assert f"terutang {amount} (1 tagihan)" in reply
    assert "S*** A*****" in reply
    assert "Siti" not in reply and "Aminah" not in reply


def test_pajak_of_an_unknown_or_malformed_nop(gateway: Any, tax_object: Any) -> None:
    assert "tidak terdaftar" in gateway.reply("PAJAK 611201000100100090", phone=STRANGER)
    assert "Format: PAJAK" in gateway.reply("PAJAK 1234", phone=STRANGER)


def test_info_and_unknown_commands_get_the_command_list(gateway: Any) -> None:
    assert gateway.reply("INFO", phone=STRANGER).startswith("Balai SMS: CEK")
    assert gateway.reply("bantuan", phone=STRANGER).startswith("Balai SMS: CEK")
    unknown = gateway.reply("halo apa kabar", phone=STRANGER)
    assert unknown.startswith("Perintah tidak dikenal.") and "PAJAK <NOP>" in unknown


def test_every_reply_is_one_gsm7_sms(gateway: Any, citizen: Any, application: Any,
                                     sppt_bill: Any, tax_object: Any) -> None:
    texts = [f"CEK {application.number}", "CEK KR-2026-999999", "CEK", "CEK ngawur",
             f"PAJAK {tax_object.nop}", "PAJAK 1", "INFO", "BANTUAN", "ÿ€ émoji 🙂 " * 30,
             "STOP", "MULAI"]
    for text in texts:
        gateway.post(text, phone=citizen.phone)
    replies = [m.reply.body for m in InboundSms.objects.select_related("reply")]
    assert len(replies) == len(texts)
    for body in replies:
        assert gsm7.is_single_sms(body), body
    assert set(replies) <= set(gateway.replies_to(citizen.phone))


def test_a_number_over_its_limit_gets_one_polite_reply_then_silence(gateway: Any,
                                                                     settings: Any) -> None:
    settings.BALAI_RATE_LIMITS = {**settings.BALAI_RATE_LIMITS,
                                  "sms_inbound": {"account": (2, 3600)}}
    gateway.reply("INFO", phone=STRANGER)
    gateway.reply("INFO", phone=STRANGER)
    assert "terlalu banyak SMS" in gateway.reply("INFO", phone=STRANGER)
    response = gateway.post("INFO", phone=STRANGER)

    assert response.status_code == 200 and response.json()["replied"] is False
    assert len(gateway.replies_to(STRANGER)) == 3
    assert list(InboundSms.objects.order_by("id").values_list("outcome", flat=True)) == [
        "answered", "answered", "throttled", "silenced"]
    # STOP is honoured even over the limit.
    assert "MULAI" in gateway.reply("STOP", phone=STRANGER)


def test_every_inbound_sms_is_in_the_ledger_without_the_phone(gateway: Any,
                                                              citizen: Any) -> None:
    gateway.post("INFO", phone=citizen.phone, gateway_id="gw-led")
    gateway.post("STOP", phone=citizen.phone)

    inbound = InboundSms.objects.get(gateway_id="gw-led")
    entry = LedgerEntry.objects.get(action="sms.info", object_id=str(inbound.pk))
    assert entry.actor_label == "sms:masuk"
    assert LedgerEntry.objects.filter(action="sms.stop").count() == 1
    digits = citizen.phone.lstrip("0")
    for row in InboundSms.objects.values():
        assert not any(digits in str(value) for value in row.values())
    assert not OptOut.objects.filter(phone_index__contains=digits).exists()


def test_stop_silences_the_application_updates_of_a_workflow_until_mulai(
        gateway: Any, citizen: Any, application: Any, office_a: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    from balai.applications.tests.helpers import act
    from balai.core.testing import make_officer

    verifikator = make_officer(office=office_a, role="verifikator")
    gateway.reply("STOP", phone=citizen.phone)
    with django_capture_on_commit_callbacks(execute=True):
        act(application, "verifikasi", verifikator)
    update = Message.objects.filter(channel="sms", body__startswith="Balai:").latest("id")
    assert update.status == Message.Status.OPTED_OUT
    assert update.body not in gateway.replies_to(citizen.phone)

    gateway.reply("MULAI", phone=citizen.phone)
    with django_capture_on_commit_callbacks(execute=True):
        act(application, "setujui", verifikator)
    later = Message.objects.filter(channel="sms", body__startswith="Balai:").latest("id")
    assert later.pk != update.pk and later.status == Message.Status.SENT
    assert gateway.replies_to(citizen.phone)[-1] == later.body


def test_antri_books_a_queue_number_answered_in_one_sms(gateway: Any, citizen: Any,
                                                         kubu_raya: Any, office_a: Any) -> None:
    import datetime as dt

    from balai.health.models import Visit
    from balai.health.testing import make_polyclinic

    make_polyclinic(office=office_a, code="SDR-UMUM")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    reply = gateway.reply(f"antri sdr-umum {tomorrow:%d-%m}", phone=citizen.phone)

    visit = Visit.objects.get()
    assert visit.channel == "sms" and visit.date == tomorrow
    assert visit.patient == citizen.user  # the sender's number is a confirmed citizen's
    assert reply.startswith(f"Antrean SDR-UMUM {tomorrow:%d-%m-%Y} no. UMUM-001, perkiraan")
    assert visit.booking_code in reply
    assert gsm7.is_single_sms(reply)
    assert InboundSms.objects.get().command == "antri"
    # The same SMS again gives the same number.
    assert gateway.reply(f"ANTRI SDR-UMUM {tomorrow:%d-%m}", phone=citizen.phone) == reply
    assert Visit.objects.count() == 1


def test_antri_with_a_bad_code_or_date_explains_the_format(gateway: Any, kubu_raya: Any,
                                                           office_a: Any) -> None:
    from balai.health.models import Visit
    from balai.health.testing import make_polyclinic

    make_polyclinic(office=office_a, code="SDR-UMUM")
    assert gateway.reply("ANTRI", phone=STRANGER).startswith("Format: ANTRI <kode poli>")
    assert gateway.reply("ANTRI XYZ-GIGI besok", phone=STRANGER).startswith(
        "Kode poli XYZ-GIGI tidak dikenal")
    assert gateway.reply("ANTRI SDR-UMUM 31-02", phone=STRANGER).startswith("Format:")
    assert "13 angka" in gateway.reply("ANTRI SDR-UMUM besok 123", phone=STRANGER)
    assert not Visit.objects.exists()
    assert set(InboundSms.objects.values_list("outcome", flat=True)) == {"invalid"}


def test_antri_twice_from_a_number_without_an_account_keeps_one_number(
        gateway: Any, kubu_raya: Any, office_a: Any) -> None:
    from balai.health.models import Visit
    from balai.health.testing import make_polyclinic

    make_polyclinic(office=office_a, code="SDR-UMUM")
    first = gateway.reply("ANTRI SDR-UMUM besok", phone=STRANGER)
    assert gateway.reply("ANTRI SDR-UMUM besok", phone=STRANGER) == first
    visit = Visit.objects.get()
    assert visit.patient is None and visit.phone == "6281399990001"
