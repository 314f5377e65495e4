"""Deliver the outbox messages that are due: once, or every --interval seconds with --loop."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from balai.notifications.actions import SWEEP_BATCH_SIZE, deliver_due_messages


class Command(BaseCommand):
    help = ("Kirim pesan outbox yang sudah waktunya (pesan yang tugasnya hilang, dan percobaan "
            "ulang bila backend tugas tidak dapat menunda).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=SWEEP_BATCH_SIZE,
                            help="Pesan per batch (bawaan %(default)s).")
        parser.add_argument("--loop", action="store_true",
                            help="Terus berjalan, menyapu setiap --interval detik.")
        parser.add_argument("--interval", type=float, default=60.0,
                            help="Jeda antarsapuan dengan --loop, dalam detik "
                                 "(bawaan %(default)s).")

    def handle(self, *args: Any, batch_size: int, loop: bool, interval: float,
               **options: Any) -> None:
        while True:
            tried = deliver_due_messages(batch_size=batch_size)
            if options["verbosity"] >= 1 and (tried or not loop):
                self.stdout.write(f"{tried} pesan dicoba dikirim.")
            if not loop:
                return
            time.sleep(interval)
