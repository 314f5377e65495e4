"""Access rules of the public dashboard and the satisfaction survey
(docs/howto/access-control.md). The dashboard is public; a survey is citizen A's alone."""

from balai.core.tests.access import LOGIN, PUBLIC, REDIRECT, Rule, expect


def build(world):
    from balai.transparency import actions

    world.survey_a = actions.invite_to_survey(
        case_kind="application", case_id=world.application_a.pk,
        case_label=world.application_a.number, user_id=world.citizen_a.pk,
        office_id=world.office_x.pk, topic="akta", topic_label="Akta")


SCORES = {f"u{i}": "4" for i in range(1, 10)}

RULES = [
    Rule("transparency:dashboard", read=PUBLIC),
    Rule("transparency:dashboard_csv", kwargs={"table": "layanan"}, read=PUBLIC),
    Rule("transparency:surveys", read=expect(200, anonymous=LOGIN)),
    Rule("transparency:survey", kwargs=lambda w: {"survey_id": w.survey_a.pk}, data=SCORES,
         read=expect(404, citizen_a=200, anonymous=LOGIN),
         act=expect(404, citizen_a=REDIRECT, anonymous=LOGIN)),
    Rule("GET /api/v1/dashboard", read=PUBLIC),
]
