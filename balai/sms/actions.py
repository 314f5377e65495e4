"""Every write of the SMS channel: receiving an SMS from the gateway and answering its command,
STOP and MULAI, and sending a bulk SMS an officer confirmed.

Replies go through the outbox (balai.notifications), never straight to the provider: they are
sent after commit, retried, and silenced for numbers that sent STOP.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balai.accounts.models import User
from balai.accounts.queries import normalize_phone, phone_index
from balai.core import ratelimit
from balai.core.errors import DomainError, PermissionDeniedError
from balai.documents.masking import mask_name
from balai.ledger.actions import record_event
from balai.notifications.actions import queue_message
from balai.notifications.models import Message
from balai.regions.models import Region
from balai.sms import access, commands, gsm7, queries
from balai.sms.models import BulkSms, Command, InboundSms, OptOut, Outcome

LEDGER_ACTOR = "sms:masuk"
RATE_SCOPE = "sms_inbound"


class BulkSmsError(DomainError):
    code = "SMS_BULK_INVALID"
    message = gettext_lazy("SMS massal tidak dapat dikirim.")


class AudienceChanged(BulkSmsError):
    code = "SMS_BULK_AUDIENCE_CHANGED"
    message = gettext_lazy("Jumlah penerima berubah sejak biaya ditampilkan. Periksa lagi lalu "
                           "konfirmasi.")


@dataclass(frozen=True)
class Reply:
    outcome: Outcome
    text: str


def rupiah(amount: int) -> str:
    return "Rp" + f"{amount:,}".replace(",", ".")


@transaction.atomic
def receive_sms(*, gateway_id: str, phone: str, text: str) -> InboundSms | None:
    """Answer one SMS from the gateway by SMS; None if this delivery was already received.

    STOP and MULAI are honoured before anything else, rate limits included. Other commands
    count against the number's limit: the first SMS over it gets one polite answer, later
    ones none until the window ends.
    """
    index = phone_index(phone)
    try:
        with transaction.atomic():
            inbound = InboundSms.objects.create(gateway_id=gateway_id, phone_index=index,
                                                command=Command.UNKNOWN,
                                                outcome=Outcome.INVALID)
    except IntegrityError:
        return None  # the gateway retried a delivery we have: it was answered the first time
    with translation.override(settings.LANGUAGE_CODE):
        command, args = commands.parse(text)
        transactional = command in (Command.STOP, Command.MULAI)
        if transactional:
            reply = _switch_subscription(command=command, index=index)
        else:
            reply = _limited(index) or _answer(command=command, args=args, phone=phone)
    message = None
    if reply.text:
        message = queue_message(channel=Message.Channel.SMS, address=normalize_phone(phone),
                                body=gsm7.fit_single_sms(reply.text),
                                ignore_opt_out=transactional)
    inbound.command, inbound.outcome, inbound.reply = command, reply.outcome, message
    inbound.save(update_fields=["command", "outcome", "reply"])
    record_event(actor=LEDGER_ACTOR, action=f"sms.{command}", obj=inbound,
                 payload={"gateway_id": gateway_id, "outcome": reply.outcome})
    return inbound


def _switch_subscription(*, command: Command, index: str) -> Reply:
    if command == Command.STOP:
        OptOut.objects.get_or_create(phone_index=index)
        return Reply(Outcome.OPTED_OUT, _(
            "Anda tidak akan menerima SMS dari Balai lagi. Kirim MULAI untuk menerimanya "
            "kembali."))
    OptOut.objects.filter(phone_index=index).delete()
    return Reply(Outcome.OPTED_IN, _(
        "SMS dari Balai aktif kembali. Kirim INFO untuk daftar perintah, STOP untuk berhenti."))


def _limited(index: str) -> Reply | None:
    refusal = ratelimit.hit(RATE_SCOPE, account=index)
    if refusal is None:
        return None
    # One answer per window says so; after that the number is not answered (each answer
    # costs the regency, and a loop between two machines must die out).
    if cache.add(f"sms:told:{index}", 1, timeout=refusal.retry_after):
        minutes = max(1, -(-refusal.retry_after // 60))
        return Reply(Outcome.THROTTLED, _(
            "Maaf, terlalu banyak SMS dari nomor ini. Silakan coba lagi dalam %(minutes)s "
            "menit.") % {"minutes": minutes})
    return Reply(Outcome.SILENCED, "")


def _answer(*, command: Command, args: list[str], phone: str) -> Reply:
    if command == Command.CEK:
        return _check_status(args=args, phone=phone)
    if command == Command.PAJAK:
        return _tax_due(args)
    if command == Command.ANTRI:
        return _queue_number(args=args, phone=phone)
    if command == Command.INFO:
        return Reply(Outcome.ANSWERED, help_text())
    return Reply(Outcome.INVALID, _("Perintah tidak dikenal. %(commands)s")
                 % {"commands": help_text()})


def help_text() -> str:
    return _("Balai SMS: CEK <nomor> [PIN] status permohonan/pengaduan/informasi; "
             "PAJAK <NOP> tagihan PBB; ANTRI <poli> <tgl> antrean; STOP berhenti; "
             "MULAI aktif lagi.")


def _check_status(*, args: list[str], phone: str) -> Reply:
    number = args[0].upper() if args else ""
    if not access.is_record_number(number):
        return Reply(Outcome.INVALID, _(
            "Format: CEK <nomor>, mis. CEK KR-2026-000123 (permohonan), ADU-... (pengaduan) "
            "atau INF-... <PIN> (informasi)."))
    pin = args[1] if len(args) > 1 else ""
    found = access.status_for_phone(number=number, phone=phone, pin=pin)
    if found is None:
        # The same words whether the number exists or not.
        return Reply(Outcome.NOT_SHOWN, _(
            "Status %(number)s hanya dikirim ke nomor HP pemiliknya atau dengan PIN yang "
            "benar. Periksa nomor Anda.") % {"number": number})
    site = settings.BALAI_PUBLIC_URL.partition("://")[2]
    return Reply(Outcome.ANSWERED, _("%(number)s: %(status)s. Rincian: %(site)s") % {
        "number": found.number, "status": found.status, "site": site})


def _queue_number(*, args: list[str], phone: str) -> Reply:
    from balai.health.sms import book_by_sms

    booked, text = book_by_sms(args=args, phone=phone)
    return Reply(Outcome.ANSWERED if booked else Outcome.INVALID, text)


def _tax_due(args: list[str]) -> Reply:
    from balai.taxes.models import format_nop
    from balai.taxes.nop import clean_nop
    from balai.taxes.queries import amount_owed, get_object_by_nop

    nop = clean_nop("".join(args))
    if len(nop) != 18 or not nop.isdigit():
        return Reply(Outcome.INVALID, _("Format: PAJAK <NOP 18 angka>, mis. "
                                        "PAJAK 611201000100100010."))
    tax_object = get_object_by_nop(nop)
    if tax_object is None:
        return Reply(Outcome.NOT_SHOWN, _("NOP %(nop)s tidak terdaftar.")
                     % {"nop": format_nop(nop)})
    owed, bills = amount_owed(nop, today=timezone.localdate())
    name = mask_name(tax_object.taxpayer.name)
    if not bills:
        return Reply(Outcome.ANSWERED, _("PBB NOP %(nop)s a.n. %(name)s: tidak ada tagihan "
                                         "terutang.") % {"nop": format_nop(nop), "name": name})
    return Reply(Outcome.ANSWERED, _(
        "PBB NOP %(nop)s a.n. %(name)s: terutang %(amount)s (%(bills)s tagihan), termasuk "
        "bunga bila terlambat.") % {"nop": format_nop(nop), "name": name,
                                    "amount": rupiah(owed), "bills": bills})


@dataclass(frozen=True)
class BulkQuote:
    recipients: int
    segments: int
    price_per_segment: int

    @property
    def cost(self) -> int:
        return self.recipients * self.segments * self.price_per_segment


def quote_bulk_sms(*, kecamatan: Region, body: str) -> BulkQuote:
    """What sending `body` to the kecamatan's audience costs: recipients × segments × price."""
    return BulkQuote(recipients=queries.audience(kecamatan).count(),
                     segments=gsm7.segments(body),
                     price_per_segment=settings.SMS_PRICE_PER_SEGMENT)


@transaction.atomic
def send_bulk_sms(*, actor: User, kecamatan: Region, body: str,
                  confirmed_recipients: int) -> BulkSms:
    """Send an SMS to every citizen of a kecamatan with a confirmed phone that has not opted
    out, after the officer saw and confirmed the cost for `confirmed_recipients`."""
    if not access.is_broadcaster(actor):
        raise PermissionDeniedError()
    body = body.strip()
    if not body:
        raise BulkSmsError(_("Isi SMS wajib diisi."))
    quote = quote_bulk_sms(kecamatan=kecamatan, body=body)
    if quote.recipients != confirmed_recipients:
        raise AudienceChanged(details={"confirmed": confirmed_recipients,
                                       "current": quote.recipients})
    if not quote.recipients:
        raise BulkSmsError(_("Tidak ada penerima di kecamatan ini."))
    run = BulkSms.objects.create(sender=actor, kecamatan=kecamatan, body=body,
                                 recipients=quote.recipients, segments=quote.segments,
                                 price_per_segment=quote.price_per_segment, cost=quote.cost)
    for citizen in queries.audience(kecamatan).select_related("user").iterator():
        queue_message(channel=Message.Channel.SMS, recipient=citizen.user,
                      address=citizen.phone, body=body)
    record_event(actor=actor, action="sms.massal_dikirim", obj=run,
                 payload={"kecamatan": kecamatan.code, "recipients": quote.recipients,
                          "segments": quote.segments, "cost": quote.cost})
    return run
