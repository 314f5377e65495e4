from typing import Any

from django.core.management.base import BaseCommand, CommandError

from balai.ledger.queries import verify_chain


class Command(BaseCommand):
    help = "Recompute the audit ledger's hash chain and name the first broken entry."

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_chain()
        if not result.ok:
            raise CommandError(
                f"Buku besar RUSAK pada entri #{result.broken_sequence}: {result.reason} "
                f"({result.checked} entri sebelumnya utuh)."
            )
        self.stdout.write(
            self.style.SUCCESS(f"Buku besar utuh: {result.checked} entri terverifikasi."))
