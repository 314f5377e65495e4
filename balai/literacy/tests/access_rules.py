"""Access rules of digital literacy (docs/howto/access-control.md). The list, the sessions
and the calendar are public; registering is for confirmed citizens, their tickets only their
own; check-in, participants and certificates only for the organising office; assisted
registration only for operators layanan."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from balai.core.tests.access import LOGIN, PUBLIC, REDIRECT, SIGNED_IN, Rule, expect

POST_ONLY = expect(405, anonymous=LOGIN)
OWN_A = expect(404, citizen_a=200, anonymous=LOGIN)
OWN_A_ACT = expect(404, citizen_a=REDIRECT, anonymous=LOGIN)
ORGANISER_X = expect(404, officer_x=200, anonymous=LOGIN)
ORGANISER_X_ACT = expect(404, officer_x=REDIRECT, anonymous=LOGIN)
CITIZENS_ACT = expect(403, citizen_a=REDIRECT, citizen_b=REDIRECT, anonymous=LOGIN)
# Organisers: officers and admins of any office (each sees only their offices' sessions).
OFFICE_HOLDERS = expect(404, officer_x=200, officer_y=200, admin=200, anonymous=LOGIN)


def build(world):
    from django.utils import timezone

    from balai.literacy import actions

    programme = actions.create_programme(
        actor=world.officer_x, office=world.office_x, title="Cakap Digital untuk UMKM",
        description="Toko daring.", kind="pelatihan", pillar="cakap")
    start = timezone.now() + dt.timedelta(days=2)
    sessions = [actions.schedule_session(
        actor=world.officer_x, programme=programme, starts_at=start,
        ends_at=start + dt.timedelta(hours=2), capacity=5, target_groups=["umkm"],
        online_url="https://meet.example.org/uji") for _ in range(2)]
    world.literacy_session_x = sessions[0]
    world.literacy_registration_a = actions.register_for_session(
        session=sessions[0], participant=world.citizen_a)
    # Cancelled by its rule; kept apart so that the other rules still see a seat.
    world.literacy_registration_a_cancel = actions.register_for_session(
        session=sessions[1], participant=world.citizen_a)


def _session(w):
    return {"session_id": w.literacy_session_x.pk}


def _registration(w):
    return {"registration_id": w.literacy_registration_a.pk}


def _new_session(w):
    from django.utils import timezone

    day = timezone.localdate() + dt.timedelta(days=3)
    return {"date": day.isoformat(), "start_time": "09:00", "end_time": "12:00",
            "capacity": "20", "target_groups": ["umkm"], "online_url": "https://meet.example.org/a"}


def _attendance(w):
    body = f"nomor,hadir\n{w.literacy_registration_a.pk},ya\n".encode()
    return {"file": SimpleUploadedFile("hadir.csv", body, content_type="text/csv")}


RULES = [
    Rule("literacy:list", read=PUBLIC),
    Rule("literacy:calendar", read=PUBLIC),
    Rule("literacy:session", kwargs=_session, read=PUBLIC),
    Rule("literacy:register", kwargs=_session, read=POST_ONLY, act=CITIZENS_ACT),
    Rule("literacy:assisted", kwargs=_session,
         data=lambda w: {"nik": w.citizen_a_profile.nik, "consent": "on"},
         read=expect(404, operator=200, anonymous=LOGIN),
         act=expect(404, operator=REDIRECT, anonymous=LOGIN)),
    Rule("literacy:mine", read=SIGNED_IN),
    Rule("literacy:registration", kwargs=_registration, read=OWN_A),
    Rule("literacy:cancel",
         kwargs=lambda w: {"registration_id": w.literacy_registration_a_cancel.pk},
         read=POST_ONLY, act=OWN_A_ACT),
    Rule("literacy:feedback", kwargs=_registration, data={"rating": "5"},
         read=POST_ONLY, act=OWN_A_ACT),
    Rule("literacy:check_in", kwargs=lambda w: {"token": w.literacy_registration_a
                                                .check_in_token},
         read=ORGANISER_X, act=ORGANISER_X_ACT),
    Rule("literacy:manage", read=OFFICE_HOLDERS),
    Rule("literacy:programme_new", read=OFFICE_HOLDERS,
         data=lambda w: {"office": str(w.office_x.pk), "title": "Program uji",
                         "description": "Uraian.", "kind": "seminar", "pillar": "etika"},
         # Others' choices hold only their own offices: office X is refused as a field error.
         act=expect(404, officer_x=REDIRECT, officer_y=400, admin=400, anonymous=LOGIN)),
    Rule("literacy:session_new",
         kwargs=lambda w: {"programme_id": w.literacy_session_x.programme_id},
         data=_new_session, read=ORGANISER_X, act=ORGANISER_X_ACT),
    Rule("literacy:participants", kwargs=_session, read=ORGANISER_X),
    Rule("literacy:participants_csv", kwargs=_session, read=ORGANISER_X),
    Rule("literacy:import_attendance", kwargs=_session, data=_attendance,
         read=POST_ONLY, act=ORGANISER_X_ACT),
    Rule("literacy:certificates", kwargs=_session, read=POST_ONLY, act=ORGANISER_X_ACT),
    Rule("literacy:mark_attended", kwargs=_registration, read=POST_ONLY,
         act=ORGANISER_X_ACT),
    Rule("GET /api/v1/literacy/sessions", read=PUBLIC),
]