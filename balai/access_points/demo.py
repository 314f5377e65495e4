"""Demo of public internet access in Kubu Raya: a Diskominfo petugas, the mobile operators,
about forty access points, and coverage observations for EVERY desa of the regency, generated
deterministically from each desa's code (the same on every run and every machine), with
population and centre points per desa and some BAKTI plans.

All of it is DEMO DATA, marked `is_demo` and "data demo" in its source notes: the classes follow
the pattern of BPS Podes (remote kecamatan to the south and along the rivers are less covered),
but no figure here is a measurement. Idempotent: what exists is left alone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from typing import TextIO

from balai.access_points import actions
from balai.access_points.models import (
    AccessPoint,
    CoverageObservation,
    DesaProfile,
    Kind,
    Operator,
    Signal,
    Source,
    Status,
    Technology,
)
from balai.accounts import actions as account_actions
from balai.accounts import twofactor
from balai.accounts.demo import (
    DEMO_ACTOR,
    DEMO_PASSWORD,
    DEMO_TOTP_KEY_HEX,
    DEMO_TOTP_SECRET,
    DemoAccount,
)
from balai.accounts.models import Role
from balai.accounts.queries import get_office, get_user_by_username
from balai.regions.models import Region
from balai.regions.queries import regency_code

OPERATORS = [("telkomsel", "Telkomsel"), ("indosat", "Indosat Ooredoo Hutchison"),
             ("xl", "XL Axiata"), ("smartfren", "Smartfren")]

# Approximate centres of the kecamatan (demo), and the share (percent) of their desa with no
# signal and with a signal but no 4G.
KECAMATAN = {
    "61.12.01": ((-0.090, 109.390), 0, 5),     # Sungai Raya
    "61.12.02": ((0.060, 109.470), 10, 30),    # Kuala Mandor B
    "61.12.03": ((-0.020, 109.520), 5, 20),    # Sungai Ambawang
    "61.12.04": ((-0.330, 109.620), 20, 50),   # Terentang
    "61.12.05": ((-0.800, 109.470), 30, 60),   # Batu Ampar
    "61.12.06": ((-0.560, 109.360), 20, 45),   # Kubu
    "61.12.07": ((-0.220, 109.390), 0, 10),    # Rasau Jaya
    "61.12.08": ((-0.350, 109.200), 15, 45),   # Teluk Pakedai
    "61.12.09": ((-0.120, 109.210), 3, 12),    # Sungai Kakap
}
PODES = dt.date(2024, 5, 1)
PODES_OLD = dt.date(2021, 5, 1)
SURVEY = dt.date(2026, 9, 15)
NOTE = "BPS Podes 2024 (data demo)"


def _h(code: str, salt: str = "") -> int:
    return int(hashlib.sha256(f"{salt}{code}".encode()).hexdigest()[:8], 16)


def demo_class(desa: Region) -> str:
    """The demo class of a desa: "tanpa_sinyal", "tanpa_4g" or "ada_4g"."""
    _centre, no_signal, no_4g = KECAMATAN.get(desa.parent_id, ((0, 0), 10, 30))
    bucket = _h(desa.code) % 100
    if bucket < no_signal:
        return "tanpa_sinyal"
    return "tanpa_4g" if bucket < no_4g else "ada_4g"


def _centre(desa: Region) -> tuple[Decimal, Decimal]:
    (lat, lon), _a, _b = KECAMATAN.get(desa.parent_id, ((-0.2, 109.4), 0, 0))
    dlat = (_h(desa.code, "lat") % 1600 - 800) / 10000
    dlon = (_h(desa.code, "lon") % 1600 - 800) / 10000
    return Decimal(f"{lat + dlat:.6f}"), Decimal(f"{lon + dlon:.6f}")


def _signals(desa: Region, klass: str) -> dict[tuple[str, str], str]:
    """(operator code, technology) -> signal for the desa's class."""
    h = _h(desa.code, "ops")
    none = {(op, t): Signal.NONE for op, _n in OPERATORS for t in Technology.values}
    if klass == "tanpa_sinyal":
        return none
    signals = dict(none)
    if klass == "tanpa_4g":
        signals[("telkomsel", "2g")] = Signal.STRONG if h % 2 else Signal.WEAK
        signals[("telkomsel", "3g")] = Signal.WEAK if h % 3 else Signal.NONE
        signals[("indosat", "2g")] = Signal.WEAK if h % 4 == 0 else Signal.NONE
        return signals
    for t in Technology.values:
        signals[("telkomsel", t)] = Signal.STRONG
        signals[("indosat", t)] = Signal.STRONG if h % 3 == 0 else Signal.WEAK
        signals[("xl", t)] = Signal.WEAK if h % 2 == 0 else Signal.NONE
    signals[("smartfren", "4g")] = Signal.WEAK if h % 5 == 0 else Signal.NONE
    return signals


# name, kind, desa code, bandwidth, provider, status
POINTS = [
    ("Mal Pelayanan Publik Kubu Raya", Kind.MPP, "61.12.01.2001", 200, "Telkom Indonesia",
     Status.AKTIF),
    ("Perpustakaan Daerah Kubu Raya", Kind.PERPUSTAKAAN, "61.12.01.2001", 100,
     "Telkom Indonesia", Status.AKTIF),
    ("SMA Negeri 1 Sungai Raya", Kind.SEKOLAH, "61.12.01.2002", 50, "Telkom Indonesia",
     Status.AKTIF),
    ("SMP Negeri 2 Sungai Kakap", Kind.SEKOLAH, "61.12.09.2001", 30, "Icon+ PLN",
     Status.GANGGUAN),
    ("SMA Negeri 1 Batu Ampar", Kind.SEKOLAH, "61.12.05.2001", 20, "BAKTI Kominfo (satelit)",
     Status.AKTIF),
    ("SD Negeri 14 Kubu", Kind.SEKOLAH, "61.12.06.2001", 10, "BAKTI Kominfo (satelit)",
     Status.TIDAK_AKTIF),
]
PUSKESMAS_MBPS = 20
KANTOR_DESA_PER_KECAMATAN = 2


def _points(desas: list[Region]) -> list[dict[str, object]]:
    by_code = {d.code: d for d in desas}
    specs = [{"name": n, "kind": k, "desa": by_code[c], "bandwidth_mbps": b, "provider": p,
              "status": s} for n, k, c, b, p, s in POINTS if c in by_code]
    kecamatan = sorted({d.parent for d in desas}, key=lambda k: k.code)
    for kec in kecamatan:
        villages = [d for d in desas if d.parent_id == kec.code]
        remote = KECAMATAN.get(kec.code, ((0, 0), 0, 0))[1] >= 15
        provider = "BAKTI Kominfo (satelit)" if remote else "Telkom Indonesia"
        specs.append({"name": f"Kantor Camat {kec.name}", "kind": Kind.KANTOR_KECAMATAN,
                      "desa": villages[0], "bandwidth_mbps": 30 if remote else 50,
                      "provider": provider, "status": Status.AKTIF})
        specs.append({"name": f"Puskesmas {kec.name}", "kind": Kind.PUSKESMAS,
                      "desa": villages[min(1, len(villages) - 1)],
                      "bandwidth_mbps": PUSKESMAS_MBPS, "provider": provider,
                      "status": Status.GANGGUAN if _h(kec.code) % 4 == 0 else Status.AKTIF})
        for desa in sorted(villages, key=lambda d: _h(d.code, "kantor"))[
                :KANTOR_DESA_PER_KECAMATAN]:
            specs.append({"name": f"Kantor Desa {desa.name}", "kind": Kind.KANTOR_DESA,
                          "desa": desa, "bandwidth_mbps": 10 + _h(desa.code, "bw") % 3 * 10,
                          "provider": "BAKTI Kominfo (satelit)" if remote else "Icon+ PLN",
                          "status": Status.TIDAK_AKTIF if _h(desa.code, "st") % 9 == 0
                          else Status.AKTIF})
    return specs


def _officer(office: object) -> DemoAccount:
    username = "petugas.kominfo"
    user = get_user_by_username(username) or account_actions.create_officer(
        actor=DEMO_ACTOR, username=username, full_name="Andi Saputra",
        email="petugas-kominfo@kuburayakab.go.id", password=DEMO_PASSWORD)
    account_actions.grant_role(actor=DEMO_ACTOR, user=user, office=office, role=Role.PETUGAS)
    twofactor.enroll_with_key(actor=DEMO_ACTOR, user=user, key_hex=DEMO_TOTP_KEY_HEX)
    return DemoAccount(username, DEMO_PASSWORD,
                       "Petugas Diskominfo: titik akses internet, sinyal dan perencanaan; "
                       f"kunci autentikator {DEMO_TOTP_SECRET}")


def regency_desas() -> list[Region]:
    return list(Region.objects.filter(parent__parent_id=regency_code(),
                                      level__in=[Region.Level.DESA, Region.Level.KELURAHAN])
                .select_related("parent").order_by("code"))


def load_coverage(desas: list[Region]) -> int:
    """Observations for every desa: Podes 2024 for all operators and technologies; for some
    desa an older Podes 2021 row (history) and a newer field survey. Returns rows written."""
    operators = {o.code: o for o in Operator.objects.all()}
    observations = []
    for desa in desas:
        klass = demo_class(desa)
        signals = _signals(desa, klass)
        for (op, tech), signal in signals.items():
            if klass == "ada_4g" and tech == "4g" and op == "telkomsel" and \
                    _h(desa.code, "old") % 4 == 0:
                observations.append(actions.Observation(
                    desa=desa, operator=operators[op], technology=tech, signal=Signal.NONE,
                    source=Source.PODES, source_note="BPS Podes 2021 (data demo)",
                    observed_on=PODES_OLD))
            observations.append(actions.Observation(
                desa=desa, operator=operators[op], technology=tech, signal=signal,
                source=Source.PODES, source_note=NOTE, observed_on=PODES))
        if klass == "ada_4g" and _h(desa.code, "survey") % 10 == 0:
            observations.append(actions.Observation(
                desa=desa, operator=operators["xl"], technology="4g", signal=Signal.STRONG,
                source=Source.SURVEI, source_note="Survei lapangan Diskominfo (data demo)",
                observed_on=SURVEY, dusun="Dusun Karya"))
    actions.record_coverage(actor=DEMO_ACTOR, observations=observations, is_demo=True)
    return len(observations)


def load(stdout: TextIO | None = None) -> list[DemoAccount]:
    office = get_office("diskominfo")
    if office is None:
        return []
    account = _officer(office)
    for code, name in OPERATORS:
        if not Operator.objects.filter(code=code).exists():
            actions.create_operator(actor=DEMO_ACTOR, code=code, name=name)
    desas = regency_desas()
    if not desas:
        return [account]
    if not DesaProfile.objects.filter(is_demo=True).exists():
        for desa in desas:
            lat, lon = _centre(desa)
            klass = demo_class(desa)
            planned = (klass == "tanpa_sinyal" and _h(desa.code, "bakti") % 2 == 0) or (
                klass == "tanpa_4g" and _h(desa.code, "bakti") % 5 == 0)
            actions.update_desa_profile(
                actor=DEMO_ACTOR, desa=desa, population=800 + _h(desa.code, "pop") % 9200,
                population_source="Perkiraan (data demo)", latitude=lat, longitude=lon,
                bakti_tower_planned=planned, bakti_plan_year=2027 if planned else None,
                is_demo=True)
    made = 0
    if not AccessPoint.objects.filter(is_demo=True).exists():
        for spec in _points(desas):
            desa = spec["desa"]
            assert isinstance(desa, Region)
            lat, lon = _centre(desa)
            h = _h(str(spec["name"]), "pt")
            actions.create_access_point(
                actor=DEMO_ACTOR, is_demo=True, publish=False,
                latitude=lat + Decimal(h % 40 - 20) / 10000,
                longitude=lon + Decimal(h // 40 % 40 - 20) / 10000,
                opening_hours="Senin–Kamis 08.00–15.00, Jumat 08.00–11.00"
                if spec["kind"] != Kind.PUSKESMAS else "Senin–Sabtu 07.30–14.00",
                address=f"Desa {desa.name}, Kecamatan {desa.parent.name}",
                last_seen_alive=dt.date(2026, 12, 1) if spec["status"] == Status.AKTIF
                else dt.date(2026, 11, 2), **spec)
            made += 1
        actions.publish_points(actor=DEMO_ACTOR)
    rows = 0
    if not CoverageObservation.objects.filter(is_demo=True).exists():
        rows = load_coverage(desas)
    if stdout is not None:
        stdout.write(f"Akses internet: {made} titik akses, {rows} pengamatan sinyal "
                     f"untuk {len(desas)} desa (data demo).")
    return [account]
