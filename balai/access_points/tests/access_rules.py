"""Access rules of public internet access (docs/howto/access-control.md).

Points, their map and the API are public. Reporting a problem is for confirmed citizens
(officers without a citizen account are told so: 403). The officers' pages are for the petugas
and admin of the office named by BALAI_ACCESS_POINTS_OFFICE (Diskominfo); none of the personas
of the table holds a role there (the admin is at "diskominfo-uji"), so every one of them is
told the pages do not exist. balai/access_points/tests/test_views_officer.py shows a Diskominfo
petugas reaching each of them.
"""

from balai.core.tests.access import LOGIN, PUBLIC, REDIRECT, Rule, expect

NOBODY = expect(404, anonymous=LOGIN)
CITIZENS_READ = expect(403, citizen_a=200, citizen_b=200, anonymous=LOGIN)
CITIZENS_ACT = expect(403, citizen_a=REDIRECT, citizen_b=REDIRECT, anonymous=LOGIN)


def build(world):
    import datetime as dt
    from decimal import Decimal

    from balai.access_points import actions
    from balai.access_points.models import Kind
    from balai.regions.actions import load_regions
    from balai.regions.management.commands.load_regions import DEFAULT_FILE
    from balai.regions.models import Region

    if not Region.objects.filter(code="61.12.01.2001").exists():
        load_regions(path=DEFAULT_FILE)
    world.access_point = actions.create_access_point(
        actor="sistem:uji", name="Kantor Desa Uji", kind=Kind.KANTOR_DESA,
        desa=Region.objects.get(code="61.12.01.2001"), latitude=Decimal("-0.1"),
        longitude=Decimal("109.4"), opening_hours="Senin–Jumat 08.00–15.00",
        bandwidth_mbps=20, provider="Telkom Indonesia", last_seen_alive=dt.date(2026, 12, 1))
    world.outage_report = actions.report_outage(actor=world.citizen_a, point=world.access_point,
                                                problem="mati")


def _point(w):
    return {"point_id": w.access_point.pk}


RULES = [
    Rule("access_points:list", read=PUBLIC),
    Rule("access_points:map", read=PUBLIC),
    Rule("access_points:detail", kwargs=_point, read=PUBLIC),
    # Citizen A already has an open report on this point: the form says so (400).
    Rule("access_points:report", kwargs=_point, read=CITIZENS_READ,
         act=expect(403, citizen_a=400, citizen_b=REDIRECT, anonymous=LOGIN),
         data={"problem": "lambat", "description": "Lambat sekali sejak pagi."}),
    Rule("access_points:officer_home", read=NOBODY),
    Rule("access_points:create", read=NOBODY, act=NOBODY),
    Rule("access_points:edit", kwargs=_point, read=NOBODY, act=NOBODY),
    Rule("access_points:decide",
         kwargs=lambda w: {"report_id": w.outage_report.pk, "decision": "konfirmasi"},
         act=NOBODY),
    Rule("access_points:coverage_add", read=NOBODY, act=NOBODY),
    Rule("access_points:desa_profile", kwargs={"code": "61.12.01.2001"}, read=NOBODY,
         act=NOBODY),
    Rule("access_points:planning", read=NOBODY),
    Rule("access_points:report_csv", read=NOBODY),
    Rule("GET /api/v1/access-points", read=PUBLIC),
    Rule("GET /api/v1/coverage", read=PUBLIC),
]
