"""manage.py run_assessment <year>: assess PBB-P2 for every object, with a progress bar.
Interrupted, run it again: it continues from where it stopped and never assesses twice."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from balai.taxes.actions import run_assessment
from balai.taxes.models import AssessmentRun


class Command(BaseCommand):
    help = "Assess PBB-P2 for a tax year (resumable, idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", type=int)
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args: Any, **options: Any) -> None:
        def progress(run: AssessmentRun) -> None:
            width = 30
            done = width * run.percent // 100
            bar = "#" * done + "-" * (width - done)
            self.stdout.write(f"\r[{bar}] {run.processed}/{run.total} {run.percent}%",
                              ending="")
            self.stdout.flush()

        run = run_assessment(actor="sistem:penetapan", year=options["year"],
                             batch_size=options["batch_size"],
                             progress=progress)
        self.stdout.write("")
        self.stdout.write(f"PBB-P2 {run.year}: {run.get_status_display()}, {run.created} SPPT.")
