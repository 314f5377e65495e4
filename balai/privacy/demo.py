"""Demo data of UU PDP: the demo citizen's consents, an officer having opened her applications
(so Data saya shows an access log), and a first signed ledger checkpoint with its
verification (so /buku-besar/ is not empty). Idempotent."""

from __future__ import annotations

from typing import Any, TextIO

from balai.accounts.demo import CITIZEN
from balai.accounts.queries import find_citizen_by_nik, get_user_by_username
from balai.applications.demo import DEMO_OFFICER
from balai.ledger import actions as ledger_actions
from balai.ledger import queries as ledger_queries
from balai.privacy import actions
from balai.privacy.models import AccessLogEntry, Consent, Purpose


def load(stdout: TextIO | None = None) -> list[Any]:
    """Needs the accounts and applications demo data first (DEMO_MODULES order)."""
    citizen = find_citizen_by_nik(CITIZEN["nik"])
    officer = get_user_by_username(DEMO_OFFICER)
    if citizen is not None and not Consent.objects.filter(user=citizen.user).exists():
        actions.record_consents(actor=citizen.user, user=citizen.user, channel="pendaftaran",
                                choices={Purpose.PEMBERITAHUAN: True, Purpose.SURVEI: True,
                                         Purpose.INFORMASI: False})
    if citizen is not None and officer is not None and not AccessLogEntry.objects.filter(
            citizen=citizen.user).exists():
        for application in citizen.user.applications.exclude(number=None).order_by("pk")[:2]:
            actions.record_access(officer=officer, citizen=citizen.user, obj=application,
                                  what=f"Permohonan {application.number}")
    # Everything loaded is chained and sealed first (the worker would do it after each commit),
    # so that the checkpoint covers it.
    ledger_actions.sequence_all()
    checkpoint = ledger_actions.sign_checkpoint()
    if ledger_queries.last_verification() is None:
        ledger_actions.run_verification(actor="sistem:demo")
    if stdout is not None:
        stdout.write("Data pribadi demo: persetujuan dan catatan akses warga demo; "
                     f"titik periksa buku besar {'baru' if checkpoint else 'sudah ada'}.")
    return []
