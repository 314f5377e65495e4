"""Synthetic Kubu Raya data for benchmarks: citizens and applications spread over services,
offices, kecamatan and three years, written with bulk inserts.

Only for benchmark databases (bench/run_*.py point Django at var/bench/ or balai_bench_*): the
rows bypass the actions on purpose (no ledger, no messages) because a million applications made
one by one would take hours; their shape matches what the actions write.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
import time
from collections.abc import Iterator
from typing import Any

FIRST = ["Siti", "Nur", "Muhammad", "Ahmad", "Dewi", "Rina", "Budi", "Agus", "Hendra", "Yuni",
         "Sri", "Rudi", "Fitri", "Eka", "Dian", "Wahyu", "Andi", "Rahmat", "Lina", "Joko",
         "Abang", "Dayang", "Uray", "Syarif", "Utin", "Gusti", "Antonius", "Maria", "Yohanes"]
LAST = ["Aminah", "Hidayat", "Santoso", "Wulandari", "Lestari", "Saputra", "Rahman", "Kurniawan",
        "Pratama", "Sari", "Setiawan", "Nugroho", "Hasibuan", "Alkadrie", "Munandar", "Anggraini"]
YEARS = 3
BATCH = 5000


def _progress(label: str, done: int, total: int, started: float) -> None:
    rate = done / max(time.monotonic() - started, 1e-6)
    sys.stdout.write(f"\r  {label}: {done:,}/{total:,} ({rate:,.0f}/s)   ")
    sys.stdout.flush()
    if done >= total:
        sys.stdout.write("\n")


def _chunks(total: int) -> Iterator[tuple[int, int]]:
    for start in range(0, total, BATCH):
        yield start, min(start + BATCH, total)


def make_citizens(count: int, *, seed: int = 1) -> list[int]:
    """`count` confirmed citizens with valid-looking NIKs from Kubu Raya's kecamatan; returns
    their user ids."""
    from django.utils import timezone

    from balai.accounts.models import Citizen, User
    from balai.accounts.queries import nik_index
    from balai.regions.models import Region

    rng = random.Random(seed)
    villages = list(Region.objects.filter(level="desa").values_list("code", flat=True))
    existing = User.objects.filter(username__startswith="bench-").count()
    if existing >= count:
        return list(User.objects.filter(username__startswith="bench-")
                    .order_by("id").values_list("id", flat=True)[:count])
    now = timezone.now()
    started = time.monotonic()
    for start, stop in _chunks(count - existing):
        users, citizens = [], []
        for n in range(existing + start, existing + stop):
            village = rng.choice(villages)
            birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(365 * 60))
            female = rng.random() < 0.49
            day = birth.day + (40 if female else 0)
            nik = f"{village[:8].replace('.', '')}{day:02d}{birth:%m%y}{n % 9999 + 1:04d}"
            users.append(User(username=f"bench-{n}", password="!",  # noqa: S106 - unusable
                              full_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                              date_joined=now))
            citizens.append((nik, birth, female, village, n))
        User.objects.bulk_create(users, batch_size=BATCH)
        ids = dict(User.objects.filter(username__in=[u.username for u in users])
                   .values_list("username", "id"))
        Citizen.objects.bulk_create([
            Citizen(user_id=ids[f"bench-{n}"], nik=nik, nik_index=nik_index(f"{nik}-{n}"),
                    birth_date=birth, gender="P" if female else "L",
                    phone=f"0812{n:08d}", phone_index="", address="Jl. Sintetis",
                    village_id=village, verified_at=now)
            for nik, birth, female, village, n in citizens
        ], batch_size=BATCH)
        _progress("warga", stop, count - existing, started)
    return list(User.objects.filter(username__startswith="bench-")
                .order_by("id").values_list("id", flat=True)[:count])


def make_applications(count: int, *, citizen_ids: list[int], seed: int = 2,
                      today: dt.date | None = None) -> None:
    """`count` submitted applications over the last three years, most of them finished."""
    from django.db.models import Max
    from django.utils import timezone

    from balai.applications.models import Application, ApplicationCounter, ApplicationEvent
    from balai.catalogue.models import Service
    from balai.core.calendar import working_calendar

    existing = Application.objects.filter(number__startswith="KR-").count()
    if existing >= count:
        return
    rng = random.Random(seed)
    today = today or timezone.localdate()
    calendar = working_calendar()
    services = list(Service.objects.select_related("current").filter(current__isnull=False))
    # Civil documents dominate, as they do at a Disdukcapil counter.
    weights = [8 if s.category == "kependudukan" else 1 for s in services]
    start_day = today - dt.timedelta(days=365 * YEARS)
    counters: dict[int, int] = dict(ApplicationCounter.objects.values_list("year", "last"))
    max_id = Application.objects.aggregate(m=Max("id"))["m"] or 0
    data = json.dumps({"catatan": "data sintetis"})
    started = time.monotonic()
    for start, stop in _chunks(count - existing):
        apps: list[Application] = []
        plans: list[tuple[str, list[tuple[str, str, str]]]] = []
        for _ in range(start, stop):
            service = rng.choices(services, weights)[0]
            spec = service.current.spec  # type: ignore[union-attr]
            workflow = spec.workflow
            submitted_day = start_day + dt.timedelta(days=rng.randrange(365 * YEARS))
            submitted = dt.datetime.combine(submitted_day, dt.time(8 + rng.randrange(8)),
                                            tzinfo=dt.UTC)
            # Walk the workflow: recent applications may still be open.
            state, path = workflow.initial, []
            age = (today - submitted_day).days
            steps = rng.randrange(1, 4) if age < 20 else 10
            for _ in range(steps):
                choices = [a for a in workflow.actions_from(state) if a.name != "batalkan"]
                if not choices:
                    break
                forward = [a for a in choices if a.to not in ("ditolak", "perlu_perbaikan")]
                action = rng.choice(forward if forward and rng.random() < 0.9 else choices)
                path.append((action.name, state, action.to))
                state = action.to
            year = submitted_day.year
            counters[year] = counters.get(year, 0) + 1
            number = f"KR-{year}-{counters[year]:06d}"
            is_open = state not in workflow.final_states
            due = calendar.add_working_days(submitted_day, spec.deadline_working_days)
            apps.append(Application(
                number=number, applicant_id=rng.choice(citizen_ids), definition=service.current,
                office_id=service.office_id, state=state, is_open=is_open, data_json=data,
                submitted_at=submitted, due_date=due,
                closed_at=None if is_open else submitted + dt.timedelta(days=rng.randrange(1, 6)),
                version=len(path) + 1,
            ))
            plans.append((number, path))
        Application.objects.bulk_create(apps, batch_size=BATCH)
        ids = dict(Application.objects.filter(id__gt=max_id).values_list("number", "id"))
        max_id = max(ids.values())
        events = []
        for app, (number, path) in zip(apps, plans, strict=True):
            app_id = ids[number]
            events.append(ApplicationEvent(application_id=app_id, kind="submitted",
                                           label="Permohonan diajukan",
                                           to_state=app.definition.spec.workflow.initial))
            for action, from_state, to_state in path:
                events.append(ApplicationEvent(application_id=app_id, kind="action",
                                               action=action, label=action.replace("_", " "),
                                               from_state=from_state, to_state=to_state))
        ApplicationEvent.objects.bulk_create(events, batch_size=BATCH)
        _progress("permohonan", stop, count - existing, started)
    for year, last in counters.items():
        ApplicationCounter.objects.update_or_create(year=year, defaults={"last": last})


def describe() -> dict[str, Any]:
    from balai.accounts.models import Citizen
    from balai.applications.models import Application, ApplicationEvent

    return {"citizens": Citizen.objects.count(), "applications": Application.objects.count(),
            "events": ApplicationEvent.objects.count()}
