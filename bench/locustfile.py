"""The scenario of bench/load.py: visitors, citizens applying, officers verifying and a partner
bank paying bills, against one running Balai. Reads the people and bills bench/load.py made
from BALAI_LOAD_FIXTURE. Every answer other than the expected one counts as a failure.

    .venv/bin/locust -f bench/locustfile.py --host http://127.0.0.1:8000   # after bench/load.py
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import sys
from pathlib import Path
from typing import Any

from locust import HttpUser, between, task

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("BALAI_VAR_DIR", str(ROOT / "var" / "bench"))
import django  # noqa: E402

django.setup()  # the bank's signatures use Balai's own SNAP helpers; no database is touched

from balai.applications.tests.helpers import PDF, akta_values  # noqa: E402
from balai.payments.bank_client import BankSession, new_external_id  # noqa: E402

FIXTURE = json.loads(Path(os.environ["BALAI_LOAD_FIXTURE"]).read_text())
CITIZENS = iter(FIXTURE["citizens"])
OFFICERS = itertools.cycle(FIXTURE["officers"])
BILLS = iter(FIXTURE["bills"])
SERVICE = FIXTURE["service"]
NUMBERS: list[str] = []  # submitted applications, for the public status page
REQUIREMENTS = ["surat-lahir", "buku-nikah", "kk", "ktp-orang-tua"]
NUMBER = re.compile(r'/permohonan/antrean/([A-Z0-9-]+)/"')
VERSION = re.compile(r'name="verifikasi-version" value="(\d+)"')
KEY = re.compile(r'name="idempotency_key" value="([^"]+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


ADDRESSES = (f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}" for n in itertools.count(1))


def behind_proxy(user: HttpUser) -> None:
    """Requests as nginx forwards them (docs/deployment.md): HTTPS through X-Forwarded-Proto
    (gunicorn runs with BEHIND_TLS_PROXY=true), each user at an address of their own in
    X-Forwarded-For (the throttles count per address, and 50 people are not one), and one
    connection per request, as nginx's upstream connections are by default."""
    host = user.host.split("://", 1)[1]
    user.client.headers.update({"X-Forwarded-Proto": "https",
                                "X-Forwarded-For": next(ADDRESSES),
                                "Origin": f"https://{host}", "Connection": "close"})


class Visitor(HttpUser):
    """Reads public pages: home, catalogue, a service, the status of an application."""

    weight = 5
    wait_time = between(1, 3)

    def on_start(self) -> None:
        behind_proxy(self)

    @task(2)
    def home(self) -> None:
        self.client.get("/", name="/")

    @task(3)
    def catalogue(self) -> None:
        self.client.get("/layanan/", name="/layanan/")

    @task(2)
    def service(self) -> None:
        self.client.get(f"/layanan/{SERVICE}/", name="/layanan/[kode]/")

    @task(3)
    def status(self) -> None:
        if NUMBERS:
            self.client.get(f"/status/{random.choice(NUMBERS)}/", name="/status/[nomor]/")  # noqa: S311


class _SignedIn(HttpUser):
    abstract = True
    session_value = ""

    def on_start(self) -> None:
        behind_proxy(self)
        self.client.cookies.set(FIXTURE["cookie"], self.session_value)

    def _csrf(self, page: str) -> str:
        match = CSRF.search(page)
        return match.group(1) if match else ""


class Citizen(_SignedIn):
    """Applies for a birth certificate: the data, four PDF scans, review and submit."""

    weight = 2
    wait_time = between(2, 5)

    def on_start(self) -> None:
        self.session_value = next(CITIZENS)
        super().on_start()

    @task
    def apply(self) -> None:
        base = f"/layanan/{SERVICE}/ajukan/"
        page = self.client.get(f"{base}?ubah=1", name="apply: data form")
        data = {**akta_values(), "csrfmiddlewaretoken": self._csrf(page.text)}
        with self.client.post(base, data=data, name="apply: data", allow_redirects=False,
                              catch_response=True) as answer:
            if answer.status_code != 302:
                answer.failure(f"data step answered {answer.status_code}")
                return
        page = self.client.get(f"{base}berkas/", name="apply: uploads form")
        files = {code: (f"{code}.pdf", PDF, "application/pdf") for code in REQUIREMENTS}
        with self.client.post(f"{base}berkas/", data={"csrfmiddlewaretoken": self._csrf(page.text)},
                              files=files, name="apply: uploads", allow_redirects=False,
                              catch_response=True) as answer:
            if answer.status_code != 302:
                answer.failure(f"uploads step answered {answer.status_code}")
                return
        page = self.client.get(f"{base}periksa/", name="apply: review")
        key = KEY.search(page.text)
        if key is None:
            page.failure("no idempotency key on the review page")
            return
        with self.client.post(f"{base}periksa/", data={
                "idempotency_key": key.group(1), "confirm": "on",
                "csrfmiddlewaretoken": self._csrf(page.text)},
                name="apply: submit", allow_redirects=False, catch_response=True) as answer:
            location = answer.headers.get("Location", "")
            number = re.search(r"/permohonan/([^/]+)/tanda-terima/", location)
            if answer.status_code != 302 or number is None:
                answer.failure(f"submit answered {answer.status_code} {location}")
                return
            NUMBERS.append(number.group(1))


class Officer(_SignedIn):
    """Opens the office's queue, then an application, and verifies it."""

    weight = 1
    wait_time = between(2, 5)

    def on_start(self) -> None:
        self.session_value = next(OFFICERS)
        super().on_start()

    @task
    def verify(self) -> None:
        queue = self.client.get("/permohonan/antrean/?state=diajukan", name="officer: queue")
        numbers = NUMBER.findall(queue.text)
        if not numbers:
            return
        number = random.choice(numbers)  # noqa: S311
        page = self.client.get(f"/permohonan/antrean/{number}/", name="officer: application")
        version = VERSION.search(page.text)
        if version is None:  # verified by a colleague a moment ago
            return
        self.client.post(f"/permohonan/antrean/{number}/tindakan/verifikasi/",
                         data={"verifikasi-version": version.group(1),
                               "csrfmiddlewaretoken": self._csrf(page.text)},
                         name="officer: verify")


class Bank(HttpUser):
    """A partner bank's host: signed SNAP inquiry, then payment, of one bill after another."""

    weight = 2
    wait_time = between(0.5, 2)

    def on_start(self) -> None:
        behind_proxy(self)
        self.bank = BankSession(**FIXTURE["bank"], transport=self._send)

    def _send(self, path: str, headers: dict[str, str], body: bytes) -> tuple[int, Any]:
        name = "bank: " + path.rsplit("/", 1)[-1]
        with self.client.post(path, data=body, name=name, catch_response=True,
                              headers={**headers, "Content-Type": "application/json"}) as answer:
            try:
                payload = answer.json()
            except ValueError:
                answer.failure("not JSON")
                return answer.status_code, {}
            if answer.status_code != 200:
                answer.failure(f"{answer.status_code} {payload.get('responseCode')}")
            return answer.status_code, payload

    @task
    def pay(self) -> None:
        bill = next(BILLS, None)
        if bill is None:
            return
        code, amount = bill
        inquiry_id = new_external_id()
        status, _answer = self.bank.inquiry(code, inquiry_id=inquiry_id)
        if status == 200:
            self.bank.pay(code, amount, request_id=inquiry_id)
