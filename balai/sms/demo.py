"""Demo of the SMS channel: a help entry on the SMS commands; the demo citizen texts CEK about
her first application, PAJAK for a demo tax object and INFO; another number sends STOP; the
Diskominfo admin has sent one bulk SMS to the demo citizen's kecamatan. Idempotent: the gateway
ids are fixed, so a second load is a duplicate delivery that changes nothing."""

from __future__ import annotations

from typing import Any, TextIO

from balai.accounts.queries import find_citizen_by_nik, get_user_by_username
from balai.applications.queries import applications_of
from balai.portal.actions import save_faq_entry, save_faq_topic
from balai.sms import actions, queries
from balai.taxes.queries import search_objects

DEMO_CITIZEN_NIK = "6112015708900003"  # balai.accounts.demo.CITIZEN
DEMO_ADMIN = "admin"
DEMO_KECAMATAN = "61.12.01"
OPTED_OUT_PHONE = "081299990001"
DEMO_ACTOR = "sistem:demo"
FAQ_ANSWER = (
    "Dari HP apa pun, kirim SMS ke nomor SMS Balai kabupaten:\n\n"
    "CEK <nomor> untuk status permohonan (KR-...), pengaduan (ADU-...) atau permohonan "
    "informasi (INF-... diikuti kode akses). Status hanya dikirim ke nomor HP yang terdaftar "
    "di akun Anda.\n\n"
    "PAJAK <NOP> untuk tagihan PBB sebuah objek pajak.\n\n"
    "INFO untuk daftar perintah. STOP jika tidak ingin menerima SMS dari Balai lagi, MULAI "
    "untuk menerimanya kembali.\n\nTarif SMS mengikuti operator Anda.")
BULK_BODY = ("Pelayanan KTP-el keliling hadir di Kantor Camat Sungai Raya Sabtu ini pukul "
             "08.00-12.00. Bawa KK asli.")


def load(stdout: TextIO | None = None) -> list[Any]:
    topic = save_faq_topic(actor=DEMO_ACTOR, slug="sms", name="Layanan lewat SMS", position=5)
    save_faq_entry(actor=DEMO_ACTOR, topic=topic, slug="perintah-sms",
                   question="Bagaimana memakai Balai lewat SMS?", answer=FAQ_ANSWER, position=1)
    citizen = find_citizen_by_nik(DEMO_CITIZEN_NIK)
    if citizen is None or not citizen.phone:
        if stdout is not None:
            stdout.write("SMS demo dilewati: warga demo belum ada.")
        return []
    texts = [("demo-sms-1", citizen.phone, "INFO")]
    application = applications_of(citizen.user).filter(number__isnull=False).last()
    if application is not None:
        texts.append(("demo-sms-2", citizen.phone, f"cek {application.number}"))
    tax_object = search_objects().first()
    if tax_object is not None:
        texts.append(("demo-sms-3", citizen.phone, f"PAJAK {tax_object.nop}"))
    texts.append(("demo-sms-4", OPTED_OUT_PHONE, "STOP"))
    made = sum(actions.receive_sms(gateway_id=gateway_id, phone=phone, text=text) is not None
               for gateway_id, phone, text in texts)
    sent_bulk = _bulk()
    if stdout is not None:
        stdout.write(f"SMS masuk demo baru: {made}; SMS massal demo baru: {sent_bulk}.")
    return []


def _bulk() -> int:
    admin = get_user_by_username(DEMO_ADMIN)
    kecamatan = queries.get_kecamatan(DEMO_KECAMATAN)
    if admin is None or kecamatan is None or queries.bulk_runs().filter(body=BULK_BODY).exists():
        return 0
    quote = actions.quote_bulk_sms(kecamatan=kecamatan, body=BULK_BODY)
    if not quote.recipients:
        return 0
    actions.send_bulk_sms(actor=admin, kecamatan=kecamatan, body=BULK_BODY,
                          confirmed_recipients=quote.recipients)
    return 1
