"""Access rules of the technology competitions (docs/howto/access-control.md).

Calls, winners and published results are public. Every signed-in person may register a team
(except the organiser's officers, and citizen A who already leads one: 400). A team's page and
its changes are for its members (citizen A); an invitation is answered by the invitee
(citizen B). The management pages are for the organising office's officers (office X); the
judging pages for the competition's judges (officer Y, assigned as an external judge). A
submission file is for the team's members, the organiser and the judges without a declared
conflict; everyone else is told nothing exists.

Four calls of office X, each with a team led by citizen A: open (registration), judging (after
the deadline, screened in, scored by officer Y), final (finalists fixed, an interview mark)
and published (results out, so its winner can be linked).
"""

from balai.core.tests.access import LOGIN, PUBLIC, REDIRECT, SIGNED_IN, Rule, expect

NOT_GET = expect(405, anonymous=LOGIN)
ORGANISER_ACTS = expect(404, officer_x=REDIRECT, anonymous=LOGIN)
JUDGE = expect(404, officer_y=200, anonymous=LOGIN)
JUDGE_ACTS = expect(404, officer_y=REDIRECT, anonymous=LOGIN)
MEMBER_ACTS = expect(404, citizen_a=REDIRECT, anonymous=LOGIN)


def build(world):
    import io

    from balai.competitions import actions
    from balai.competitions.tests.helpers import SYSTEM, make_competition, to_judging
    from balai.core.uploads import MB, inspect_upload
    from balai.innovation.tests.helpers import pdf_bytes

    def entered(title, stage):
        competition = make_competition(office=world.office_x, title=title, shortlist_size=1)
        team = actions.register_team(actor=world.citizen_a, competition=competition,
                                     name=f"Tim {title}")
        actions.save_submission(actor=world.citizen_a, team=team, title="Karya",
                                summary="Ringkasan.")
        clean = inspect_upload(io.BytesIO(pdf_bytes()), name="proposal.pdf", formats=("pdf",),
                               max_bytes=MB)
        item = actions.add_submission_file(actor=world.citizen_a, team=team, title="Proposal",
                                           clean=clean)
        if stage == "open":
            return competition, team, item
        judge = actions.assign_judge(actor=SYSTEM, competition=competition,
                                     identifier=world.officer_y.username)
        competition = to_judging(competition)
        actions.screen_team(actor=SYSTEM, team=team, passed=True)
        actions.declare_conflicts(actor=world.officer_y, judge=judge, teams=[])
        actions.score_submission(actor=world.officer_y, judge=judge, submission=team.submission,
                                 marks={c.pk: 75 for c in competition.criteria.all()})
        if stage == "judging":
            return competition, team, item
        actions.fix_shortlist(actor=SYSTEM, competition=competition)
        actions.score_interview(actor=world.officer_y, judge=judge, team=team, value=80)
        if stage == "final":
            return competition, team, item
        actions.publish_results(actor=SYSTEM, competition=competition)
        return competition, team, item

    world.comp_open, world.team_open, world.file_open = entered("Uji Terbuka", "open")
    world.invitation_b = actions.invite_member(actor=world.citizen_a, team=world.team_open,
                                               identifier=world.citizen_b_profile.phone)
    world.comp_judging, world.team_judging, world.file_judging = entered("Uji Nilai", "judging")
    world.comp_final, world.team_final, _file = entered("Uji Final", "final")
    world.comp_published, world.team_published, _file = entered("Uji Umum", "published")


def _slug(attr):
    return lambda w: {"slug": getattr(w, attr).slug}


def _new_call(w):
    return {"office": str(w.office_x.pk), "title": "Kompetisi Baru", "theme": "Masalah.",
            "registration_opens": "2030-01-06T08:00", "registration_closes": "2030-02-06T08:00",
            "submission_deadline": "2030-03-06T23:59", "judging_ends": "2030-04-06T08:00",
            "announcement_at": "2030-04-20T08:00", "prizes": "Juara 1", "eligibility": "Warga.",
            "required_documents": "Proposal", "max_team_size": "3", "shortlist_size": "3",
            "criteria": "Dampak; 60\nTeknis; 40"}


def _file(w):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from balai.innovation.tests.helpers import pdf_bytes

    return {"document": "Lampiran", "file": SimpleUploadedFile("lampiran.pdf", pdf_bytes())}


def _marks(w):
    return {f"c{c.pk}": "80" for c in w.comp_judging.criteria.all()}


RULES = [
    Rule("competitions:list", read=PUBLIC),
    Rule("competitions:winners", read=PUBLIC),
    Rule("competitions:detail", kwargs=_slug("comp_open"), read=PUBLIC),
    Rule("competitions:results", kwargs=_slug("comp_published"), read=PUBLIC),
    Rule("competitions:mine", read=SIGNED_IN),
    Rule("competitions:create",
         read=expect(404, officer_x=200, officer_y=200, admin=200, anonymous=LOGIN),
         act=expect(404, officer_x=REDIRECT, officer_y=400, admin=400, anonymous=LOGIN),
         data=_new_call),
    Rule("competitions:register", kwargs=_slug("comp_open"), read=SIGNED_IN,
         act=expect(REDIRECT, citizen_a=400, officer_x=400, anonymous=LOGIN),
         data={"name": "Tim Baru"}),
    Rule("competitions:team", kwargs=lambda w: {"team_id": w.team_open.pk},
         read=expect(404, citizen_a=200, anonymous=LOGIN)),
    Rule("competitions:invite", kwargs=lambda w: {"team_id": w.team_open.pk}, read=NOT_GET,
         act=MEMBER_ACTS, data=lambda w: {"identifier": w.operator.email}),
    Rule("competitions:save_submission", kwargs=lambda w: {"team_id": w.team_open.pk},
         read=NOT_GET, act=MEMBER_ACTS,
         data={"title": "Karya Diubah", "summary": "Ringkasan baru.", "demo_url": ""}),
    Rule("competitions:add_file", kwargs=lambda w: {"team_id": w.team_open.pk},
         read=NOT_GET, act=MEMBER_ACTS, data=_file),
    Rule("competitions:respond", kwargs=lambda w: {"invitation_id": w.invitation_b.pk},
         read=NOT_GET, act=expect(404, citizen_b=REDIRECT, anonymous=LOGIN),
         data={"answer": "tolak"}),
    Rule("competitions:download", kwargs=lambda w: {"file_id": w.file_judging.pk},
         read=expect(404, citizen_a=200, officer_x=200, officer_y=200, anonymous=LOGIN)),
    Rule("competitions:manage", kwargs=_slug("comp_judging"),
         read=expect(404, officer_x=200, anonymous=LOGIN)),
    Rule("competitions:screen",
         kwargs=lambda w: {"slug": w.comp_judging.slug, "team_id": w.team_judging.pk},
         read=NOT_GET, act=ORGANISER_ACTS, data={"decision": "lolos", "note": ""}),
    Rule("competitions:add_judge", kwargs=_slug("comp_judging"), read=NOT_GET,
         act=ORGANISER_ACTS, data=lambda w: {"identifier": w.auditor.username}),
    Rule("competitions:shortlist", kwargs=_slug("comp_judging"), read=NOT_GET,
         act=ORGANISER_ACTS),
    Rule("competitions:publish", kwargs=_slug("comp_final"), read=NOT_GET,
         act=ORGANISER_ACTS),
    Rule("competitions:link_winner",
         kwargs=lambda w: {"slug": w.comp_published.slug, "team_id": w.team_published.pk},
         read=NOT_GET, act=ORGANISER_ACTS,
         data={"innovation": "", "api_app": "https://api.example.id/aplikasi/antrean"}),
    Rule("competitions:judge", kwargs=_slug("comp_judging"), read=JUDGE, act=JUDGE_ACTS,
         data={}),
    Rule("competitions:judge_submission",
         kwargs=lambda w: {"slug": w.comp_judging.slug,
                           "code": w.team_judging.submission.code},
         read=JUDGE, act=JUDGE_ACTS, data=_marks),
    Rule("GET /api/v1/competitions", read=PUBLIC),
    Rule("GET /api/v1/competitions/{slug}/results", kwargs=_slug("comp_published"),
         read=PUBLIC),
    Rule("competitions:interview", kwargs=_slug("comp_final"), read=NOT_GET,
         act=JUDGE_ACTS, data=lambda w: {"team": str(w.team_final.pk), "value": "85"}),
]
