"""Locust users of the SPMB opening-day benchmark (bench/spmb_opening_day.py): one simulated
parent each, signed in with a prepared session, who goes once through the landing page, the
waiting room (refreshing as its page does), the form and the receipt. One in ten sends the
form twice with the same idempotency key; both answers must name the same registration."""

from __future__ import annotations

import io
import itertools
import json
import os
import random
import re
from typing import Any

from locust import HttpUser, between, events, task

SESSIONS = json.loads(open(os.environ["SPMB_SESSIONS"]).read())  # noqa: SIM115, PTH123
_next = itertools.count()
OUTCOME: dict[str, Any] = {"registered": {}, "resubmits": 0, "resubmits_same": 0,
                           "max_position": 0}
# Most parents wait for the page's own refresh; some press reload sooner.
EARLY_RELOAD = 0.2


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "white").save(buffer, format="PNG")
    return buffer.getvalue()


PNG = _png()


def _field(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    return match.group(1) if match else ""


class Parent(HttpUser):
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.index = next(_next)
        if self.index >= len(SESSIONS["sessions"]):
            self._done()
        self.client.cookies.set(SESSIONS["cookie"], SESSIONS["sessions"][self.index])
        self.rng = random.Random(self.index)

    @task
    def register(self) -> None:
        self.client.get("/spmb/", name="1 landing")
        response = self.client.get("/spmb/antrean/", name="2 waiting room",
                                   allow_redirects=False)
        while response.status_code == 200:
            found = re.search(r"Urutan Anda: (\d+)", response.text)
            if found:
                OUTCOME["max_position"] = max(OUTCOME["max_position"], int(found.group(1)))
            refresh = re.search(r'http-equiv="refresh" content="(\d+)"', response.text)
            wait = int(refresh.group(1)) if refresh else 10
            if self.rng.random() < EARLY_RELOAD:
                wait = self.rng.uniform(2, wait)
            self._sleep(wait)
            response = self.client.get("/spmb/antrean/", name="2 waiting room",
                                       allow_redirects=False)
        if response.headers.get("Location") != "/spmb/daftar/":
            self._done()
        response = self.client.get("/spmb/daftar/", name="3 form")
        if not response.ok:
            self._done()
        form = response.text
        track = self.rng.choice(["domisili", "domisili", "afirmasi", "prestasi"])
        data = {
            "csrfmiddlewaretoken": _field(form, "csrfmiddlewaretoken"),
            "idempotency_key": _field(form, "idempotency_key"),
            "level": "smp", "track": track, "child_name": f"Anak Bench {self.index}",
            "child_nik": f"611201{10 + self.index % 18:02d}0313{self.index % 9999 + 1:04d}",
            "child_birth_date": "2014-03-10", "home_village": "61.12.01.2001",
            "home_latitude": f"{-0.05 - self.rng.random() * 0.2:.5f}",
            "home_longitude": f"{109.30 + self.rng.random() * 0.1:.5f}",
            "kk_issued_on": "2016-02-01", "score": "80.5" if track == "prestasi" else "",
        }
        smp = re.findall(r'<option value="(\d+)">SMP', form)
        data["school_1"] = smp[self.index % len(smp)]
        data["school_2"] = smp[(self.index + 3) % len(smp)]
        kinds = ["kk", "akta"] + ([track] if track != "domisili" else [])
        files = {f"doc_{kind}": (f"{kind}.png", PNG, "image/png") for kind in kinds}
        self._sleep(self.rng.uniform(15, 40))  # filling the form
        with self.client.post("/spmb/daftar/", data=data, files=files, name="4 submit",
                              headers={"Referer": response.url},
                              catch_response=True) as sent:
            number = re.search(r"/spmb/pendaftaran/([^/]+)/", sent.url or "")
            if not number:
                sent.failure(f"no receipt: status {sent.status_code} at {sent.url}")
                self._done()
        OUTCOME["registered"][str(self.index)] = number.group(1)
        if self.rng.random() < 0.1:
            again = self.client.post("/spmb/daftar/", data=data, files=files,
                                     name="4b submit again (same key)",
                                     headers={"Referer": response.url})
            OUTCOME["resubmits"] += 1
            if number.group(0) in (again.url or ""):
                OUTCOME["resubmits_same"] += 1
        self.client.get(number.group(0), name="5 receipt")
        self._done()

    def _done(self) -> None:
        """One journey per parent: stay idle (a stopped user could be started again with the
        same session, as a second child of the same parent)."""
        while True:
            self._sleep(3600)

    def _sleep(self, seconds: float) -> None:
        import gevent

        gevent.sleep(seconds)


@events.quitting.add_listener
def _write(environment: Any, **_kwargs: Any) -> None:
    with open(os.environ["SPMB_RESULTS"], "w") as handle:  # noqa: PTH123
        json.dump(OUTCOME, handle)
