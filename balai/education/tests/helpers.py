"""Test data of school admission, made through the real actions."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
from typing import Any

from django.utils import timezone

ACTOR = "sistem:uji"
_npsn = itertools.count(70000001)
_key = itertools.count(1)


def rules_json(**overrides: Any) -> bytes:
    now = timezone.now()
    data: dict[str, Any] = {
        "year": 2026, "opens_at": (now - dt.timedelta(days=1)).isoformat(),
        "closes_at": (now + dt.timedelta(days=10)).isoformat(),
        "age_reference_date": "2026-07-01", "reregistration_days": 5, "max_choices": 3,
        "quotas": {"sd": {"domisili": 75, "afirmasi": 20, "mutasi": 5, "prestasi": 0},
                   "smp": {"domisili": 40, "afirmasi": 25, "mutasi": 5, "prestasi": 30}}}
    data.update(overrides)
    return json.dumps(data).encode()


def open_year(**overrides: Any) -> Any:
    from balai.education.actions import load_admission_rules

    return load_admission_rules(raw=rules_json(**overrides), actor=ACTOR)


def make_school(*, level: str = "smp", capacity: int = 20, latitude: float = -0.0986,
                longitude: float = 109.3655, zone: tuple[Any, ...] = (),
                name: str = "", npsn: str = "") -> Any:
    from balai.education.actions import save_school
    from balai.regions.models import Region

    kecamatan = Region.objects.get(code="61.12.01")
    npsn = npsn or str(next(_npsn))
    return save_school(actor=ACTOR, npsn=npsn, name=name or f"{level.upper()} Uji {npsn}",
                       level=level, kecamatan=kecamatan, latitude=latitude,
                       longitude=longitude, capacity=capacity, zone=zone)


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, format="PNG")
    return buffer.getvalue()


def clean_document(kind: str = "kk") -> Any:
    from balai.core.uploads import MB, inspect_upload

    return inspect_upload(io.BytesIO(png_bytes()), name=f"{kind}.png", formats=("png",),
                          max_bytes=MB)


def documents_for(track: str, *extra: str) -> dict[str, Any]:
    kinds = ["kk", "akta", *extra]
    if track in ("afirmasi", "mutasi", "prestasi"):
        kinds.append(track)
    return {kind: clean_document(kind) for kind in kinds}


def register(parent: Any, year: Any, schools: list[Any], **overrides: Any) -> Any:
    """A registration of a child (SMP, domisili unless told) through the real action."""
    from balai.core.testing import make_nik
    from balai.education.actions import submit_registration
    from balai.regions.models import Region

    track = overrides.pop("track", "domisili")
    level = overrides.pop("level", schools[0].level)
    birth_date = overrides.pop("child_birth_date", dt.date(2013, 5, 10))
    fields: dict[str, Any] = {
        "parent": parent, "year": year, "idempotency_key": f"uji-{next(_key):08d}",
        "level": level, "track": track, "child_name": "Putra Uji",
        "child_nik": make_nik(birth_date=birth_date, gender="L"),
        "child_birth_date": birth_date,
        "home_village": Region.objects.get(code="61.12.01.2001"),
        "home_latitude": -0.0850, "home_longitude": 109.3700,
        "kk_issued_on": dt.date(2015, 1, 10), "schools": schools,
        "documents": documents_for(track, *overrides.pop("extra_documents", ())),
        "transfer_letter_date": dt.date(2026, 1, 5) if track == "mutasi" else None,
        "score": overrides.pop("score", None)}
    if track == "prestasi" and fields["score"] is None:
        from decimal import Decimal

        fields["score"] = Decimal("85.50")
    fields.update(overrides)
    registration, _created = submit_registration(**fields)
    return registration


def make_operator(school: Any, **overrides: Any) -> Any:
    from balai.core.testing import make_office, make_officer
    from balai.education.actions import appoint_school_operator

    office = overrides.pop("office", None) or make_office(code=f"disdik-{school.npsn}")
    user = make_officer(office=office, role="petugas", **overrides)
    appoint_school_operator(actor=ACTOR, school=school, user=user)
    return user


def verify_all(registrations: list[Any]) -> None:
    from balai.education.models import Registration

    Registration.objects.filter(pk__in=[r.pk for r in registrations]).update(
        status=Registration.Status.VERIFIED)
