"""Synthetic Kubu Raya data for benchmarks: citizens and applications spread over services,
offices, kecamatan and three years, written with bulk inserts.

Only for benchmark databases (bench/applications.py points Django at var/bench/ or
balai_bench_*): the rows are inserted with plain SQL and bypass the actions on purpose (no ledger,
no messages), because a million applications made one by one would take hours; their shape, the
encryption of personal data included, matches what the actions write.
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


def _insert(table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    from django.db import connection

    placeholders = ", ".join(["%s"] * len(columns))
    # Table and column names are this module's constants, never input.
    sql = f'INSERT INTO {table} ({", ".join(columns)}) VALUES ({placeholders})'  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def make_citizens(count: int, *, seed: int = 1) -> list[int]:
    """`count` confirmed citizens with valid-looking NIKs from Kubu Raya's kecamatan; returns
    their user ids."""
    from django.db import connection, transaction
    from django.utils import timezone

    from balai.accounts.models import User
    from balai.accounts.queries import nik_index
    from balai.core import crypto
    from balai.regions.models import Region

    rng = random.Random(seed)
    villages = list(Region.objects.filter(level="desa").values_list("code", flat=True))
    existing = User.objects.filter(username__startswith="bench-").count()
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    address = crypto.encrypt("Jl. Sintetis")
    started = time.monotonic()
    for start, stop in _chunks(max(0, count - existing)):
        users, people = [], []
        for n in range(existing + start, existing + stop):
            village = rng.choice(villages)
            birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(365 * 60))
            female = rng.random() < 0.49
            day = birth.day + (40 if female else 0)
            nik = f"{village[:8].replace('.', '')}{day:02d}{birth:%m%y}{n % 9999 + 1:04d}"
            users.append((f"bench-{n}", "!", f"{rng.choice(FIRST)} {rng.choice(LAST)}", "",
                          False, True, False, now))
            people.append((n, crypto.encrypt(nik), nik_index(f"{nik}-{n}"),
                           crypto.encrypt(birth.isoformat()), "P" if female else "L",
                           crypto.encrypt(f"0812{n:08d}"), "", address, village, now, now))
        with transaction.atomic():
            _insert("accounts_user", ["username", "password", "full_name", "email", "is_staff",
                                      "is_active", "is_superuser", "date_joined"], users)
            ids = dict(User.objects.filter(username__in=[u[0] for u in users])
                       .values_list("username", "id"))
            _insert("accounts_citizen",
                    ["user_id", "nik", "nik_index", "birth_date", "gender", "phone",
                     "phone_index", "address", "village_id", "verified_at", "created_at"],
                    [(ids[f"bench-{p[0]}"], *p[1:]) for p in people])
        _progress("warga", stop, count - existing, started)
    return list(User.objects.filter(username__startswith="bench-")
                .order_by("id").values_list("id", flat=True)[:count])


def make_applications(count: int, *, citizen_ids: list[int], seed: int = 2,
                      today: dt.date | None = None) -> None:
    """`count` submitted applications over the last three years, most of them finished, each
    with its timeline."""
    from django.db import connection, transaction
    from django.db.models import Max
    from django.utils import timezone

    from balai.applications.models import Application, ApplicationCounter
    from balai.catalogue.models import Service
    from balai.core import crypto
    from balai.core.calendar import working_calendar

    existing = Application.objects.filter(number__startswith="KR-").count()
    if existing >= count:
        return
    rng = random.Random(seed + existing)
    ops = connection.ops
    today = today or timezone.localdate()
    calendar = working_calendar()
    services = list(Service.objects.select_related("current").filter(current__isnull=False))
    # Civil documents dominate, as they do at a Disdukcapil counter.
    weights = [8 if s.category == "kependudukan" else 1 for s in services]
    start_day = today - dt.timedelta(days=365 * YEARS)
    counters: dict[int, int] = dict(ApplicationCounter.objects.values_list("year", "last"))
    data = crypto.encrypt(json.dumps({"catatan": "data sintetis"}))
    due_dates: dict[tuple[dt.date, int], dt.date] = {}
    started = time.monotonic()
    for start, stop in _chunks(count - existing):
        apps: list[tuple[Any, ...]] = []
        plans: list[tuple[str, str, list[tuple[str, str, str]], Any]] = []
        for _ in range(start, stop):
            service = rng.choices(services, weights)[0]
            spec = service.current.spec  # type: ignore[union-attr]
            workflow = spec.workflow
            submitted_day = start_day + dt.timedelta(days=rng.randrange(365 * YEARS))
            submitted = dt.datetime.combine(submitted_day, dt.time(1 + rng.randrange(8)),
                                            tzinfo=dt.UTC)
            # Walk the workflow: recent applications may still be open.
            state, path = workflow.initial, []
            age = (today - submitted_day).days
            for _ in range(rng.randrange(0, 4) if age < 20 else 10):
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
            key = (submitted_day, spec.deadline_working_days)
            if key not in due_dates:
                due_dates[key] = calendar.add_working_days(*key)
            closed = None if is_open else submitted + dt.timedelta(days=rng.randrange(1, 6))
            moment = ops.adapt_datetimefield_value(submitted)
            apps.append((
                number, rng.choice(citizen_ids), service.current_id, service.office_id, state,
                is_open, data, "online", 1, moment, moment, moment,
                ops.adapt_datefield_value(due_dates[key]),
                ops.adapt_datetimefield_value(closed), len(path) + 1, "",
            ))
            plans.append((number, workflow.initial, path, moment))
        with transaction.atomic():
            max_id = Application.objects.aggregate(m=Max("id"))["m"] or 0
            _insert("applications_application",
                    ["number", "applicant_id", "definition_id", "office_id", "state", "is_open",
                     "data_json", "channel", "draft_step", "created_at", "updated_at",
                     "submitted_at", "due_date", "closed_at", "version",
                     "issued_document_ref"], apps)
            ids = dict(Application.objects.filter(id__gt=max_id).values_list("number", "id"))
            events = []
            for number, initial, path, moment in plans:
                app_id = ids[number]
                events.append((app_id, "submitted", "", "Permohonan diajukan", "", initial, "",
                               "{}", True, moment))
                for action, from_state, to_state in path:
                    events.append((app_id, "action", action, action.replace("_", " "),
                                   from_state, to_state, "", "{}", True, moment))
            _insert("applications_applicationevent",
                    ["application_id", "kind", "action", "label", "from_state", "to_state",
                     "note", "corrections", "public", "created_at"], events)
        _progress("permohonan", stop, count - existing, started)
    for year, last in counters.items():
        ApplicationCounter.objects.update_or_create(year=year, defaults={"last": last})


def describe() -> dict[str, Any]:
    from balai.accounts.models import Citizen
    from balai.applications.models import Application, ApplicationEvent

    return {"citizens": Citizen.objects.count(), "applications": Application.objects.count(),
            "events": ApplicationEvent.objects.count()}
