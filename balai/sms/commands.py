"""Reading a command from the text of an SMS: Indonesian keywords, any case, any spacing."""

from __future__ import annotations

from balai.sms.models import Command

KEYWORDS = {
    "CEK": Command.CEK,
    "PAJAK": Command.PAJAK,
    "PBB": Command.PAJAK,
    "ANTRI": Command.ANTRI,
    "ANTRE": Command.ANTRI,
    "INFO": Command.INFO,
    "BANTUAN": Command.INFO,
    "HELP": Command.INFO,
    "STOP": Command.STOP,
    "BERHENTI": Command.STOP,
    "UNREG": Command.STOP,
    "MULAI": Command.MULAI,
    "START": Command.MULAI,
    "REG": Command.MULAI,
}


def parse(text: str) -> tuple[Command, list[str]]:
    """The command and its arguments: " cek  kr-2026-000001 " is (CEK, ["kr-2026-000001"]).

    The keyword is read in any case; the arguments keep theirs (an access code is
    case-sensitive). STOP and MULAI win whatever follows them; an unknown first word is
    Command.UNKNOWN.
    """
    words = text.split()
    if not words:
        return Command.UNKNOWN, []
    # "CEK:KR-…" and "CEK#KR-…" are how some phones' templates send it.
    head, _sep, rest = words[0].partition(":") if ":" in words[0] else words[0].partition("#")
    args = ([rest] if rest else []) + words[1:]
    return KEYWORDS.get(head.strip(".,!?").upper(), Command.UNKNOWN), args
