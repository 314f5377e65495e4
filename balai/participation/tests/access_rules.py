"""Access rules of the forum, consultations, polls and analytics
(docs/howto/access-control.md). Reading is public; taking part is for confirmed citizens;
publishing is for an office's officers; moderation for moderators only (no role of the
table holds it); analytics for officials."""

import datetime as dt

from balai.core.tests.access import LOGIN, PUBLIC, REDIRECT, Rule, expect

POST_ONLY = expect(405, anonymous=LOGIN)
SIGNED_IN_ACT = expect(REDIRECT, anonymous=LOGIN)
CITIZENS = expect(403, citizen_a=200, citizen_b=200, anonymous=LOGIN)
OFFICERS = expect(404, officer_x=200, officer_y=200, operator=200, admin=200, anonymous=LOGIN)
OFFICIALS = expect(404, citizen_a=404, citizen_b=404, officer_x=200, officer_y=200,
                   operator=200, admin=200, auditor=200, anonymous=LOGIN)
API_CITIZENS = expect(403, citizen_a=201, citizen_b=201, anonymous=401)


def build(world):
    from django.utils import timezone

    from balai.participation import actions
    from balai.participation.models import Consultation, Topic

    today = timezone.localdate()
    world.topic = Topic.objects.create(code="umum-x", name="Umum")
    world.idea_a = actions.post_idea(actor=world.citizen_a, kind="ide", topic=world.topic,
                                     title="Taman baca desa",
                                     body="Usul taman baca di setiap kantor desa untuk anak.")
    world.idea_comment_a = actions.comment_on_idea(actor=world.citizen_a, idea=world.idea_a,
                                                   body="Tambahan: buka sore hari.")
    world.consultation_x = actions.publish_consultation(
        actor=world.officer_x, office=world.office_x, title="Ranperda uji", summary="Uji.",
        opens_on=today, closes_on=today + dt.timedelta(days=5),
        sections=[("Pasal 1", "Ketentuan umum.")])
    closed = actions.publish_consultation(
        actor=world.officer_x, office=world.office_x, title="Ranperda lama", summary="Uji.",
        opens_on=today, closes_on=today + dt.timedelta(days=1),
        sections=[("Pasal 1", "Ketentuan umum.")])
    world.consultation_comment_a = actions.comment_on_section(
        actor=world.citizen_a, section=closed.sections.get(), body="Perlu penjelasan.")
    Consultation.objects.filter(pk=closed.pk).update(opens_on=today - dt.timedelta(days=9),
                                                     closes_on=today - dt.timedelta(days=1))
    world.consultation_closed = closed
    world.poll_x = actions.create_poll(actor=world.officer_x, office=world.office_x,
                                       question="Pilih jam layanan", options=["Pagi", "Sore"],
                                       opens_on=today, closes_on=today + dt.timedelta(days=3))


def _idea(w):
    return {"idea_id": w.idea_a.pk}


RULES = [
    Rule("participation:guidelines", read=PUBLIC),
    Rule("participation:ideas", read=PUBLIC),
    Rule("participation:idea_new", read=CITIZENS, act=CITIZENS),  # an empty form again
    Rule("participation:idea", kwargs=_idea, read=PUBLIC),
    Rule("participation:idea_support", kwargs=_idea, read=POST_ONLY, act=SIGNED_IN_ACT),
    Rule("participation:idea_comment", kwargs=_idea, data={"body": "Setuju."},
         read=POST_ONLY, act=SIGNED_IN_ACT),
    Rule("participation:idea_report", kwargs=_idea, data={"reason": "Promosi usaha"},
         read=POST_ONLY, act=SIGNED_IN_ACT),
    Rule("participation:comment_report",
         kwargs=lambda w: {"idea_id": w.idea_a.pk, "comment_id": w.idea_comment_a.pk},
         data={"reason": "Promosi usaha"}, read=POST_ONLY, act=SIGNED_IN_ACT),
    Rule("participation:idea_status", kwargs=_idea, data={"status": "direncanakan"},
         read=POST_ONLY,
         act=expect(404, officer_x=REDIRECT, officer_y=REDIRECT, operator=REDIRECT,
                    admin=REDIRECT, anonymous=LOGIN)),
    Rule("participation:moderation", read=expect(404, anonymous=LOGIN)),
    Rule("participation:moderate", kwargs=lambda w: {"kind": "aspirasi", "pk": w.idea_a.pk},
         data={"decision": "disembunyikan", "reason": "Uji"}, read=POST_ONLY,
         act=expect(404, anonymous=LOGIN)),
    Rule("participation:consultations", read=PUBLIC),
    Rule("participation:consultation_calendar", read=PUBLIC),
    Rule("participation:consultation_new", read=OFFICERS, act=OFFICERS),  # empty form again
    Rule("participation:consultation", kwargs=lambda w: {"consultation_id":
                                                        w.consultation_x.pk}, read=PUBLIC),
    Rule("participation:section_comment",
         kwargs=lambda w: {"section_id": w.consultation_x.sections.get().pk},
         data={"body": "Tanggapan warga."}, read=POST_ONLY, act=SIGNED_IN_ACT),
    Rule("participation:comment_response",
         kwargs=lambda w: {"comment_id": w.consultation_comment_a.pk},
         data={"response": "Terima kasih."}, read=POST_ONLY,
         act=expect(404, officer_x=REDIRECT, anonymous=LOGIN)),
    Rule("participation:consultation_csv",
         kwargs=lambda w: {"consultation_id": w.consultation_closed.pk}, read=PUBLIC),
    Rule("participation:consultation_pdf",
         kwargs=lambda w: {"consultation_id": w.consultation_closed.pk}, read=PUBLIC),
    Rule("participation:polls", read=PUBLIC),
    Rule("participation:poll_new", read=OFFICERS, act=OFFICERS),
    Rule("participation:poll", kwargs=lambda w: {"poll_id": w.poll_x.pk}, read=PUBLIC),
    Rule("participation:poll_vote", kwargs=lambda w: {"poll_id": w.poll_x.pk},
         data=lambda w: {"options": w.poll_x.options.first().pk}, read=POST_ONLY,
         act=SIGNED_IN_ACT),
    Rule("participation:analytics", read=OFFICIALS),
    Rule("participation:analytics_csv", read=OFFICIALS),
    Rule("GET /api/v1/ideas", read=PUBLIC),
    Rule("POST /api/v1/ideas",
         data=lambda w: {"kind": "saran", "topic": w.topic.code, "title": "Saran uji",
                         "body": "Isi saran yang cukup panjang untuk lolos."},
         act=API_CITIZENS),
    Rule("GET /api/v1/ideas/{idea_id}", kwargs=_idea, read=PUBLIC),
    Rule("POST /api/v1/ideas/{idea_id}/support", kwargs=_idea,
         act=expect(403, citizen_a=200, citizen_b=200, anonymous=401)),
    Rule("POST /api/v1/ideas/{idea_id}/comments", kwargs=_idea, data={"body": "Setuju."},
         act=API_CITIZENS),
    Rule("GET /api/v1/consultations", read=PUBLIC),
    Rule("GET /api/v1/consultations/{consultation_id}",
         kwargs=lambda w: {"consultation_id": w.consultation_x.pk}, read=PUBLIC),
    Rule("POST /api/v1/consultations/sections/{section_id}/comments",
         kwargs=lambda w: {"section_id": w.consultation_x.sections.get().pk},
         data={"body": "Tanggapan warga."}, act=API_CITIZENS),
    Rule("GET /api/v1/polls", read=PUBLIC),
    Rule("POST /api/v1/polls/{poll_id}/vote", kwargs=lambda w: {"poll_id": w.poll_x.pk},
         data=lambda w: {"options": [w.poll_x.options.first().pk]},
         act=expect(403, citizen_a=200, citizen_b=200, anonymous=401)),
]
