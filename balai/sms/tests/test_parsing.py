"""Reading commands, the signature check and the delivery body, without a database."""

from __future__ import annotations

import json

import pytest

from balai.sms import commands, signature
from balai.sms.forms import MalformedDelivery, parse_delivery
from balai.sms.models import Command


@pytest.mark.parametrize(("text", "command", "args"), [
    ("CEK KR-2026-000001", Command.CEK, ["KR-2026-000001"]),
    ("  cek\t kr-2026-000001   Ab9x ", Command.CEK, ["kr-2026-000001", "Ab9x"]),
    ("Cek:KR-2026-000001", Command.CEK, ["KR-2026-000001"]),
    ("pajak 61.12.010.001.001.0001.0", Command.PAJAK, ["61.12.010.001.001.0001.0"]),
    ("info", Command.INFO, []),
    ("Bantuan.", Command.INFO, []),
    ("stop semua sms", Command.STOP, ["semua", "sms"]),
    ("MULAI", Command.MULAI, []),
    ("", Command.UNKNOWN, []),
    ("selamat pagi", Command.UNKNOWN, ["pagi"]),
])
def test_commands_are_read_in_any_case_and_spacing(text: str, command: Command,
                                                   args: list[str]) -> None:
    assert commands.parse(text) == (command, args)


def test_signature_binds_the_body_and_the_timestamp() -> None:
    body = b'{"id":"1"}'
    good = signature.sign(secret="s3", timestamp="1000", body=body)
    check = {"secret": "s3", "max_skew": 300, "now": 1100.0}

    assert signature.is_valid(timestamp="1000", signature=good, body=body, **check)
    assert signature.is_valid(timestamp="1000", signature=good.upper().replace("SHA256=", ""),
                              body=body, **check)
    assert not signature.is_valid(timestamp="1001", signature=good, body=body, **check)
    assert not signature.is_valid(timestamp="1000", signature=good, body=body + b" ", **check)
    assert not signature.is_valid(timestamp="1000", signature=good, body=body,
                                  **{**check, "now": 1301.0})
    assert not signature.is_valid(timestamp="-5", signature=good, body=body, **check)
    assert not signature.is_valid(timestamp="1000", signature=good, body=body,
                                  **{**check, "secret": ""})


def test_a_delivery_needs_id_from_and_text() -> None:
    delivery = parse_delivery(json.dumps({"id": 42, "from": "+62 812-3456-7890",
                                          "text": "INFO"}).encode(), "application/json")
    assert (delivery.gateway_id, delivery.phone, delivery.text) == ("42", "6281234567890",
                                                                    "INFO")
    for bad in ({"id": True, "from": "081234567890", "text": "x"},
                {"id": "1", "from": "0812", "text": "x"},
                {"id": "1", "from": "081234567890", "text": 5},
                {"id": "1" * 101, "from": "081234567890", "text": "x"},
                {"id": "1", "from": "081234567890", "text": "x" * 1601}):
        with pytest.raises(MalformedDelivery):
            parse_delivery(json.dumps(bad).encode(), "application/json")
