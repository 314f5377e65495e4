"""Check that today's ledger still passes through an old checkpoint (sequence + head hash),
and, when given, that the checkpoint's signature holds for the published public key."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from balai.ledger import signing
from balai.ledger.queries import consistency_with


class Command(BaseCommand):
    help = ("Prove the ledger history up to an old checkpoint was not rewritten: "
            "verify_checkpoint SEQUENCE HEAD_HASH [--signature HEX --public-key HEX "
            "--signed-at ISO].")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("sequence", type=int)
        parser.add_argument("head_hash")
        parser.add_argument("--signature", default="")
        parser.add_argument("--public-key", default="")
        parser.add_argument("--signed-at", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        sequence, head_hash = options["sequence"], options["head_hash"]
        if options["signature"]:
            message = signing.checkpoint_message(sequence=sequence, head_hash=head_hash,
                                                 signed_at_iso=options["signed_at"])
            if not signing.verify(message=message, signature_hex=options["signature"],
                                  public_hex=options["public_key"]):
                raise CommandError("Tanda tangan titik periksa TIDAK sah untuk kunci publik itu.")
            self.stdout.write("Tanda tangan titik periksa sah.")
        result = consistency_with(sequence=sequence, head_hash=head_hash)
        if not result.consistent:
            raise CommandError(f"Riwayat TIDAK konsisten dengan titik periksa #{sequence}: "
                               f"{result.reason}.")
        self.stdout.write(self.style.SUCCESS(
            f"Riwayat konsisten: titik periksa #{sequence} masih ada di rantai; kepala kini "
            f"#{result.head_sequence} {result.head_hash}."))
