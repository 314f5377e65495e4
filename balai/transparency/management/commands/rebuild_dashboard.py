from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from balai.transparency.actions import rebuild_aggregates


class Command(BaseCommand):
    help = ("Recompute the public dashboard's aggregates (cases, payments, surveys) from the "
            "source tables: at installation, or to check the incremental ones.")

    def handle(self, *args: Any, **options: Any) -> None:
        result = rebuild_aggregates()
        self.stdout.write(f"Rekap dibangun ulang: {result}")
