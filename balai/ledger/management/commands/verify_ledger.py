from typing import Any

from django.core.management.base import BaseCommand, CommandError

from balai.ledger.actions import run_verification


class Command(BaseCommand):
    help = ("Recompute the audit ledger's hash chain, name the first broken entry, and keep the "
            "result (shown to auditors and on the public ledger page).")

    def handle(self, *args: Any, **options: Any) -> None:
        result = run_verification(actor="sistem:verify_ledger")
        if not result.ok:
            raise CommandError(
                f"Buku besar RUSAK pada entri #{result.broken_sequence}: {result.reason} "
                f"({result.checked} entri sebelumnya utuh)."
            )
        self.stdout.write(
            self.style.SUCCESS(f"Buku besar utuh: {result.checked} entri terverifikasi."))
