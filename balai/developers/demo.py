"""Demo of the developer portal: the demo citizen (Siti Aminah) has registered an app that
waits for the regency's approval, with a test key, so that the admin (Diskominfo) finds it
under /pengembang/persetujuan/. The key's secret is not printed: a developer makes their own.

DEMO DATA. Idempotent: nothing is added when the demo app exists.
"""

from __future__ import annotations

from typing import TextIO

from balai.accounts.demo import CITIZEN, DemoAccount
from balai.accounts.queries import find_citizen_by_nik
from balai.developers import actions
from balai.developers.models import DeveloperApp

DEMO_APP = "Pantau Permohonan Kubu Raya (demo)"


def load(stdout: TextIO | None = None) -> list[DemoAccount]:
    citizen = find_citizen_by_nik(CITIZEN["nik"])
    if citizen is None or DeveloperApp.objects.filter(name=DEMO_APP).exists():
        return []
    owner = citizen.user
    app = actions.register_app(
        owner=owner, name=DEMO_APP, contact_email="siti.aminah@contoh.id",
        description="Aplikasi contoh yang memberi tahu warga saat status permohonannya berubah.",
        callback_urls=["https://pantau.contoh.id/callback"])
    actions.create_key(app=app, actor=owner, kind="test", name="uji", scopes="read write",
                       rate_per_minute=120)
    actions.request_live_access(app=app, actor=owner)
    if stdout is not None:
        stdout.write("Portal pengembang: 1 aplikasi demo menunggu persetujuan.")
    return []
