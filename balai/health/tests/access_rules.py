"""Access rules of the health queue (docs/howto/access-control.md). Facilities, the queue
board, its JSON and the statistics are public; booking online is for confirmed citizens, a
visit only its patient's; the desk (walk-ins, telephone bookings, stages, calling, no-shows)
only for officers of the facility's office (office X here)."""

import datetime as dt

from balai.core.tests.access import LOGIN, PUBLIC, REDIRECT, SIGNED_IN, Rule, expect

POST_ONLY = expect(405, anonymous=LOGIN)
OWN_A = expect(404, citizen_a=200, anonymous=LOGIN)
OWN_A_ACT = expect(404, citizen_a=REDIRECT, anonymous=LOGIN)
DESK_X = expect(404, officer_x=200, anonymous=LOGIN)
DESK_X_ACT = expect(404, officer_x=REDIRECT, anonymous=LOGIN)


def build(world):
    from django.utils import timezone

    from balai.health import actions
    from balai.health.models import Visit
    from balai.health.testing import make_polyclinic
    from balai.regions.actions import load_regions
    from balai.regions.management.commands.load_regions import DEFAULT_FILE
    from balai.regions.models import Region

    if not Region.objects.filter(code="61.12.01").exists():
        load_regions(path=DEFAULT_FILE)
    polyclinic = make_polyclinic(office=world.office_x, code="AKS-UMUM", quota=40)
    world.health_polyclinic = polyclinic
    today = timezone.localdate()
    world.health_visit_a = actions.book_visit(
        polyclinic=polyclinic, date=today + dt.timedelta(days=1), channel="daring",
        actor=world.citizen_a, patient=world.citizen_a)
    # Cancelled by its rule; kept apart so that the other rules still see a booking.
    world.health_visit_a_cancel = actions.book_visit(
        polyclinic=polyclinic, date=today + dt.timedelta(days=2), channel="daring",
        actor=world.citizen_a, patient=world.citizen_a)
    world.health_visit_desk = actions.book_visit(
        polyclinic=polyclinic, date=today, channel=Visit.Channel.PHONE,
        actor=world.officer_x, patient_name="Pasien Telepon")


def _facility(w):
    return {"code": w.health_polyclinic.facility.code}


def _polyclinic(w):
    return {"polyclinic_id": w.health_polyclinic.pk}


def _desk_visit(w):
    return {"visit_id": w.health_visit_desk.pk}


def _tomorrow(w):
    from django.utils import timezone

    return (timezone.localdate() + dt.timedelta(days=1)).isoformat()


RULES = [
    Rule("health:list", read=PUBLIC),
    Rule("health:facility", kwargs=_facility, read=PUBLIC),
    Rule("health:board", kwargs=_facility, read=PUBLIC),
    Rule("health:board_json", kwargs=_facility, read=PUBLIC),
    Rule("health:statistics", kwargs=_facility, read=PUBLIC),
    Rule("health:book", kwargs=_polyclinic, data=lambda w: {"date": _tomorrow(w)},
         read=expect(403, citizen_a=200, citizen_b=200, anonymous=LOGIN),
         act=expect(403, citizen_a=REDIRECT, citizen_b=REDIRECT, anonymous=LOGIN)),
    Rule("health:mine", read=SIGNED_IN),
    Rule("health:visit", kwargs=lambda w: {"visit_id": w.health_visit_a.pk}, read=OWN_A),
    Rule("health:cancel", kwargs=lambda w: {"visit_id": w.health_visit_a_cancel.pk},
         read=POST_ONLY, act=OWN_A_ACT),
    Rule("health:desk", read=DESK_X),
    Rule("health:desk_day", kwargs=_polyclinic, read=DESK_X),
    Rule("health:desk_book", kwargs=_polyclinic,
         data=lambda w: {"kind": "telepon", "date": _tomorrow(w),
                         "patient_name": "Pasien Baru"},
         read=DESK_X, act=DESK_X_ACT),
    Rule("health:call_next", kwargs=_polyclinic, read=POST_ONLY, act=DESK_X_ACT),
    Rule("health:stage", kwargs=_desk_visit, data={"task": "1"}, read=POST_ONLY,
         act=DESK_X_ACT),
    Rule("health:skip", kwargs=_desk_visit, read=POST_ONLY, act=DESK_X_ACT),
    Rule("health:desk_cancel", kwargs=_desk_visit, read=POST_ONLY, act=DESK_X_ACT),
    Rule("GET /api/v1/health/facilities", read=PUBLIC),
    Rule("GET /api/v1/health/facilities/{code}/queue", kwargs=_facility, read=PUBLIC),
]
