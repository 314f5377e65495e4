"""SPMB selection at the scale of a regency: `--registrations` verified registrations (default
20,000) over `--schools` schools (default 300, half SD, half SMP), three choices each, all
four tracks. Runs the selection of both levels twice with the same seed: the first run is
timed (wall clock and peak RSS), the second under tracemalloc (peak Python allocations), and
both must give the same result digest.

    .venv/bin/python bench/spmb_selection.py --db postgres
    .venv/bin/python bench/spmb_selection.py --db sqlite
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "var" / "bench"
# Kubu Raya's settled area, roughly.
LAT, LON = (-0.45, 0.05), (109.15, 109.65)


def setup(db: str, registrations: int, schools: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("BALAI_VAR_DIR", str(OUT))
    name = f"spmb-selection-{registrations}-{schools}"
    if db == "sqlite":
        path = OUT / f"{name}.sqlite3"
        path.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        import psycopg

        base = os.environ.get("BENCH_POSTGRES_URL",
                              "postgres://postgres@127.0.0.1:5432").rstrip("/")
        db_name = "balai_bench_" + name.replace("-", "_")
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{db_name}"')
        os.environ["DATABASE_URL"] = f"{base}/{db_name}"
    import django

    django.setup()


def generate(registrations: int, school_count: int, seed: int = 7) -> object:
    """Schools, parents and verified registrations, written in bulk (the registration action
    is measured by the opening-day benchmark; here only the selection is)."""
    from decimal import Decimal
    from io import StringIO

    from django.core.management import call_command
    from django.db import transaction

    from balai.accounts.models import User
    from balai.education import rules
    from balai.education.actions import child_nik_index
    from balai.education.models import Choice, Registration, School
    from balai.education.tests.helpers import open_year
    from balai.regions.models import Region
    from bench.generate import make_citizens

    rng = random.Random(seed)
    call_command("migrate", verbosity=0)
    call_command("load_regions", stdout=StringIO())
    year = open_year(year=2027, age_reference_date="2027-07-01")
    kecamatan = list(Region.objects.filter(level="kecamatan", code__startswith="61.12"))
    villages = list(Region.objects.filter(level="desa", code__startswith="61.12"))
    School.objects.bulk_create([School(
        npsn=f"{80000000 + n}", name=f"Sekolah {n}", level="sd" if n % 2 else "smp",
        kecamatan=rng.choice(kecamatan), latitude=rng.uniform(*LAT), longitude=rng.uniform(*LON),
        capacity=rng.choice([28, 32, 56, 64, 96])) for n in range(school_count)])
    by_level = {level: list(School.objects.filter(level=level)) for level in ("sd", "smp")}
    parents = make_citizens(max(1, registrations // 3))
    parent_ids = list(User.objects.filter(pk__in=parents).values_list("pk", flat=True))
    ref = year.age_reference_date
    tracks = {"sd": ["domisili"] * 75 + ["afirmasi"] * 20 + ["mutasi"] * 5,
              "smp": ["domisili"] * 40 + ["afirmasi"] * 25 + ["mutasi"] * 5 + ["prestasi"] * 30}
    rows, choices = [], []
    for n in range(registrations):
        level = "sd" if n % 2 else "smp"
        track = rng.choice(tracks[level])
        lat, lon = rng.uniform(*LAT), rng.uniform(*LON)
        born = ref - dt.timedelta(days=rng.randrange(6 * 365 + 10, 7 * 365 + 300)
                                  if level == "sd" else rng.randrange(12 * 365, 13 * 365))
        band = rules.sd_age_band(born, ref, has_recommendation=False) if level == "sd" else None
        nik = f"611201{born.day:02d}{born:%m%y}{n % 9999 + 1:04d}"
        rows.append(Registration(
            number=f"SPMB27-{n:08d}", year=year, parent_id=parent_ids[n % len(parent_ids)],
            level=level, track=track, child_name=f"Anak {n}",
            child_nik=nik, child_nik_index=child_nik_index(f"{nik}-{n}"),
            child_birth_date=born, age_days=(ref - born).days, age_band=band,
            home_village=rng.choice(villages), home_latitude=lat, home_longitude=lon,
            kk_issued_on=dt.date(2015, 1, 1),
            transfer_letter_date=(dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(200))
                                  if track == "mutasi" else None),
            score=Decimal(rng.randrange(5000, 10000)) / 100 if track == "prestasi" else None,
            status=Registration.Status.VERIFIED, idempotency_key=f"bench-{n}"))
        # Three choices among the nearest ten schools of the level, as parents choose.
        near = sorted(by_level[level], key=lambda s, lat=lat, lon=lon: (s.latitude - lat) ** 2
                      + (s.longitude - lon) ** 2)[:10]
        picked = rng.sample(near, 3)
        choices.append([(s, rules.haversine_m(lat, lon, s.latitude, s.longitude))
                        for s in picked])
    with transaction.atomic():
        Registration.objects.bulk_create(rows, batch_size=2000)
        ids = dict(Registration.objects.values_list("number", "pk"))
        Choice.objects.bulk_create([
            Choice(registration_id=ids[r.number], school=s, rank=rank, distance_m=d,
                   in_zone=True)
            for r, picks in zip(rows, choices, strict=True)
            for rank, (s, d) in enumerate(picks, start=1)], batch_size=5000)
    return year


def run_both(year: object, seed: str) -> tuple[list[object], float]:
    from balai.education.actions import run_selection

    started = time.perf_counter()
    runs = [run_selection(year=year, level=level, seed=seed, actor="bench")
            for level in ("sd", "smp")]
    return runs, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--registrations", type=int, default=20_000)
    parser.add_argument("--schools", type=int, default=300)
    parser.add_argument("--seed", default="spmb-2027")
    parser.add_argument("--no-repeat", action="store_true",
                        help="skip the second run (tracemalloc and the same-digest check)")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    setup(args.db, args.registrations, args.schools)
    started = time.perf_counter()
    year = generate(args.registrations, args.schools)
    generated = time.perf_counter() - started
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    runs, seconds = run_both(year, args.seed)
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    from balai.education.models import RankEntry

    same: list[bool] = []
    traced_seconds = peak = None
    if not args.no_repeat:
        tracemalloc.start()
        again, traced_seconds = run_both(year, args.seed)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        same = [a.result_digest == b.result_digest for a, b in zip(runs, again, strict=True)]
    first_ids = [r.pk for r in runs]
    summary = {
        "db": args.db, "registrations": args.registrations, "schools": args.schools,
        "generate_seconds": round(generated, 1),
        "selection_seconds": round(seconds, 2),
        "selection_seconds_under_tracemalloc": (round(traced_seconds, 2)
                                                if traced_seconds is not None else None),
        "peak_rss_mib": round(rss_after / 1024, 1),
        "rss_growth_mib": round((rss_after - rss_before) / 1024, 1),
        "tracemalloc_peak_mib": round(peak / 1024 / 1024, 1) if peak is not None else None,
        "entries": RankEntry.objects.filter(run_id__in=first_ids).count(),
        "accepted": RankEntry.objects.filter(run_id__in=first_ids, status="diterima").count(),
        "same_result_twice": all(same) if same else None,
        "digests": {r.level: r.result_digest for r in runs},
    }
    (OUT / f"spmb-selection-{args.db}.json").write_text(json.dumps(summary, indent=2))
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
