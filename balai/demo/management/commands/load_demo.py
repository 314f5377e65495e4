"""Load Kubu Raya reference data and demo data. Idempotent: a second run changes nothing."""

from importlib import import_module
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

# Each domain keeps its own demo data in <app>/demo.py with `load(stdout) -> list[DemoAccount]`.
# Order matters: later domains build on earlier ones.
DEMO_MODULES = [
    "balai.accounts.demo",
    "balai.portal.demo",
    "balai.catalogue.demo",
    "balai.documents.demo",
    "balai.applications.demo",
    "balai.complaints.demo",
    "balai.participation.demo",
    "balai.literacy.demo",
    "balai.taxes.demo",
    "balai.payments.demo",
    "balai.sms.demo",  # after applications and taxes: the demo SMS ask about them
    "balai.transparency.demo",
    "balai.information.demo",
    "balai.opendata.demo",
    "balai.access_points.demo",
    "balai.innovation.demo",
    "balai.developers.demo",
    "balai.health.demo",
    "balai.competitions.demo",  # after innovation: a winner links to the catalogue
    "balai.education.demo",
    "balai.privacy.demo",  # last: signs a ledger checkpoint over everything loaded
]


class Command(BaseCommand):
    help = "Load the Kubu Raya regions and the demo offices, accounts and content."

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("load_regions", stdout=self.stdout)
        call_command("load_calendar", stdout=self.stdout)
        accounts = []
        with transaction.atomic():
            for name in DEMO_MODULES:
                accounts.extend(import_module(name).load(self.stdout) or [])
        if accounts:
            self.stdout.write("")
            self.stdout.write("Akun demo (hanya untuk percobaan):")
            width = max(len(a.login) for a in accounts)
            for account in accounts:
                self.stdout.write(f"  {account.login.ljust(width)}  {account.password}  "
                                  f"{account.description}")
