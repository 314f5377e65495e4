"""Escalate overdue applications to their office heads. Run daily by cron or a systemd timer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from balai.applications.actions import escalate_overdue_applications


class Command(BaseCommand):
    help = ("Tandai permohonan yang melewati batas waktu dan beri tahu kepala kantornya "
            "(sekali per permohonan; aman dijalankan berulang).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=dt.date.fromisoformat, default=None,
                            help="Tanggal acuan YYYY-MM-DD (bawaan: hari ini, WIB).")

    def handle(self, *args: Any, date: dt.date | None, **options: Any) -> None:
        count = escalate_overdue_applications(today=date or timezone.localdate())
        if options["verbosity"] >= 1:
            self.stdout.write(f"Permohonan dieskalasi: {count}.")
