"""Forfeit the seats not re-registered by their deadline and offer them to the next in line
(run it hourly during re-registration)."""

from typing import Any

from django.core.management.base import BaseCommand

from balai.education import actions


class Command(BaseCommand):
    help = "Forfeit overdue SPMB re-registrations and offer the freed seats."

    def handle(self, *args: Any, **options: Any) -> None:
        offered = actions.expire_reregistrations()
        self.stdout.write(f"{offered} kursi ditawarkan kepada pendaftar berikutnya.")
