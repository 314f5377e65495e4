"""Benchmark: the public complaint list (and its filters, a complaint page, an Open311
look-up) and the officials' analytics, at a given number of synthetic complaints.

    .venv/bin/python bench/complaints.py --size 10000 --db sqlite
    .venv/bin/python bench/complaints.py --size 1000000 --db sqlite
    .venv/bin/python bench/complaints.py --size 10000 --db postgres
    .venv/bin/python bench/complaints.py --size 1000000 --db postgres
    .venv/bin/python bench/compare.py complaints

Its own databases (var/bench/complaints-<size>.sqlite3, PostgreSQL balai_bench_complaints_<size>),
made once and reused: the demo data, then `size` complaints spread over the demo categories,
every desa of the regency and three years, in every state, with the monthly counters
(ComplaintStat) the actions would have kept. Rows are inserted with plain SQL, bypassing the
actions on purpose (a million complaints one by one would take hours); their shape matches what
the actions write. Writes bench/results/complaints-<db>-<size>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import random
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness  # noqa: E402
from bench.generate import BATCH, _chunks, _insert, _progress  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
STATES = [("baru", 10), ("diproses", 15), ("selesai", 10), ("dikonfirmasi", 55),
          ("ditolak", 7), ("digabung", 3)]
PROBLEMS = ["Jalan berlubang dan tergenang air di depan sekolah.",
            "Sampah tidak diangkut lebih dari seminggu di TPS sementara.",
            "Lampu jalan padam sejak dua minggu di jalan poros desa.",
            "Antrean puskesmas sangat panjang dan loket buka terlambat.",
            "Parit tersumbat sehingga rumah warga kebanjiran setiap hujan."]


def setup(db: str, size: int) -> str:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("BALAI_VAR_DIR", str(ROOT / "var" / "bench"))
    if db == "sqlite":
        path = ROOT / "var" / "bench" / f"complaints-{size}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        base = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
        os.environ["DATABASE_URL"] = f"{base.rstrip('/')}/balai_bench_complaints_{size}"
        harness.ensure_postgres_database(os.environ["DATABASE_URL"])
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    import django

    django.setup()
    return os.environ["DATABASE_URL"]


def make_complaints(count: int, *, seed: int = 6) -> None:
    """`count` complaints (if the database has fewer), with their monthly counters."""
    from django.db import transaction
    from django.utils import timezone

    from balai.accounts.queries import find_citizen_by_nik
    from balai.complaints.models import (
        Complaint,
        ComplaintCategory,
        ComplaintCounter,
        ComplaintStat,
    )
    from balai.regions.models import Region

    have = Complaint.objects.count()
    if have >= count:
        return
    rng = random.Random(seed)
    categories = list(ComplaintCategory.objects.values_list("id", "office_id"))
    villages = list(Region.objects.filter(level__in=["desa", "kelurahan"],
                                          parent__parent_id="61.12")
                    .values_list("code", "parent_id"))
    reporter = find_citizen_by_nik("6112015708900003").user_id  # type: ignore[union-attr]
    states = [s for s, weight in STATES for _ in range(weight)]
    now = timezone.now()
    span = 3 * 365 * 24 * 3600
    todo = count - have
    # Ordered by time, so ids grow with created_at as they do in production.
    offsets = sorted((rng.random() for _ in range(todo)), reverse=True)
    stats: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0] * 7)
    counters: dict[int, int] = defaultdict(int)
    for year, last in ComplaintCounter.objects.values_list("year", "last"):
        counters[year] = last
    columns = ["number", "category_id", "office_id", "description", "village_id",
               "kecamatan_id", "location_note", "latitude", "longitude", "reporter_id",
               "is_anonymous", "is_confidential", "is_listed", "status", "is_open",
               "attributes", "channel", "created_at", "updated_at", "due_date",
               "resolution_due", "escalated_at", "verified_at", "first_response_at",
               "closed_at", "confirmed_at", "reject_reason", "merged_into_id", "rating",
               "rating_comment", "version"]
    started = time.monotonic()
    for start, end in _chunks(todo):
        rows = []
        for i in range(start, end):
            created = now - dt.timedelta(seconds=int(offsets[i] * span) + 3600)
            category_id, office_id = rng.choice(categories)
            village, kecamatan = rng.choice(villages)
            status = rng.choice(states)
            anonymous = rng.random() < 0.15
            confidential = rng.random() < 0.08
            listed = not confidential and status != "digabung"
            is_open = status in ("baru", "diproses")
            day = timezone.localdate(created)
            counters[day.year] += 1
            responded = status in ("diproses", "selesai", "dikonfirmasi")
            response_days = rng.randint(1, 6) if responded else 0
            resolution_days = rng.randint(2, 20) if status in ("selesai", "dikonfirmasi") else 0
            closed = created + dt.timedelta(days=resolution_days * 7 // 5) \
                if resolution_days else None
            rows.append((
                f"ADU-{day.year}-{counters[day.year]:06d}", category_id, office_id,
                rng.choice(PROBLEMS), village, kecamatan, "", None, None,
                None if anonymous else reporter, anonymous, confidential, listed, status,
                is_open, "{}", "web", created, created, day + dt.timedelta(days=5),
                day + dt.timedelta(days=20), None,
                created + dt.timedelta(days=1) if status != "baru" else None,
                created + dt.timedelta(days=response_days) if responded else None,
                closed, closed if status == "dikonfirmasi" else None,
                "Bukan kewenangan kabupaten." if status == "ditolak" else "", None,
                rng.randint(3, 5) if status == "dikonfirmasi" else None, "", 1))
            key = (day.replace(day=1), office_id, category_id, kecamatan)
            stat = stats[key]
            stat[0] += 1
            stat[1] += int(responded)
            stat[2] += response_days
            if status == "dikonfirmasi":
                stat[3] += 1
                stat[4] += int(resolution_days <= 14)
                stat[5] += resolution_days
            stat[6] += int(status == "ditolak")
        with transaction.atomic():
            _insert("complaints_complaint", columns, rows)
        _progress("complaints", end, todo, started)
    with transaction.atomic():
        for (month, office_id, category_id, kecamatan), s in stats.items():
            row, _created = ComplaintStat.objects.get_or_create(
                month=month, office_id=office_id, category_id=category_id,
                kecamatan_code=kecamatan)
            ComplaintStat.objects.filter(pk=row.pk).update(
                filed=row.filed + s[0], responded=row.responded + s[1],
                response_days=row.response_days + s[2], resolved=row.resolved + s[3],
                resolved_on_time=row.resolved_on_time + s[4],
                resolution_days=row.resolution_days + s[5], rejected=row.rejected + s[6])
        for year, last in counters.items():
            ComplaintCounter.objects.update_or_create(year=year, defaults={"last": last})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, required=True, help="number of complaints")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    setup(args.db, args.size)

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from balai.accounts.queries import get_user_by_username
    from balai.complaints.models import Complaint, ComplaintStat
    from balai.core.testing import sign_in

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if get_user_by_username("petugas.pupr") is None:
        call_command("load_demo", stdout=io.StringIO())
    make_complaints(args.size)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    data = {"complaints": Complaint.objects.count(),
            "stat_rows": ComplaintStat.objects.count(), "batch": BATCH}
    print(f"  data ready in {time.monotonic() - started:,.0f} s: {data}")

    sample = Complaint.objects.filter(is_listed=True).order_by("-id").values_list(
        "number", "kecamatan_id").first()
    assert sample is not None
    number, kecamatan = sample
    public = Client()
    official = Client()
    sign_in(official, get_user_by_username("admin"))
    results = [
        harness.measure(public, "complaint list", "/pengaduan/", requests=args.requests),
        harness.measure(public, "list, one kecamatan", f"/pengaduan/?kecamatan={kecamatan}",
                        requests=args.requests),
        harness.measure(public, "list, one category", "/pengaduan/?kategori=sampah",
                        requests=args.requests),
        harness.measure(public, "list, status + page 5", "/pengaduan/?status=selesai&page=5",
                        requests=args.requests),
        harness.measure(public, "complaint page", f"/pengaduan/{number}/",
                        requests=args.requests),
        harness.measure(public, "Open311 requests.json, one id",
                        f"/open311/v2/requests.json?service_request_id={number}",
                        requests=args.requests),
        harness.measure(official, "analytics (all offices)", "/partisipasi/analitik/",
                        requests=args.requests),
        harness.measure(official, "analytics, 36 months", "/partisipasi/analitik/?bulan=36",
                        requests=args.requests),
        harness.measure(official, "analytics CSV", "/partisipasi/analitik.csv",
                        requests=args.requests),
    ]
    out = Path(__file__).resolve().parent / "results" / f"complaints-{args.db}-{args.size}.json"
    out.write_text(json.dumps({"db": args.db, "size": args.size, "data": data,
                               "results": [harness.as_dict(r) for r in results]}, indent=2,
                              default=str))
    for r in results:
        print(f"  {r.name:30} {r.rps:8.1f} req/s  p50 {r.p50_ms:7.2f} ms  p95 {r.p95_ms:7.2f} ms")
    print(f"  written to {out}")


if __name__ == "__main__":
    main()
