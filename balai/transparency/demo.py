"""Demo of the public dashboard: a completed application of the demo citizen with its
satisfaction survey answered, so that the IKM shows; the aggregates come from the events of
the demo applications (or are rebuilt from the tables once for a database that predates them).
Idempotent."""

from __future__ import annotations

import io
from typing import TextIO

from balai.accounts.queries import find_citizen_by_nik, get_user_by_username
from balai.applications import actions as application_actions
from balai.applications import queries as application_queries
from balai.applications.demo import DEMO_PDF, _values
from balai.applications.models import Application
from balai.applications.uploads import check_upload
from balai.transparency import actions
from balai.transparency.models import CaseCounter, Survey

DEMO_CITIZEN_NIK = "6112015708900003"
DEMO_KEY = "demo-skm-akta-1"
# (action, officer username)
STEPS = [("verifikasi", "verifikator.dukcapil"), ("setujui", "verifikator.dukcapil"),
         ("tandatangani", "pejabat.dukcapil")]
SCORES = {"u1": 4, "u2": 3, "u3": 3, "u4": 4, "u5": 4, "u6": 3, "u7": 4, "u8": 3, "u9": 3}


def _completed_application(user: object) -> None:
    service = application_queries.get_open_service("akta-kelahiran")
    if service is None or service.current is None:
        return
    if application_queries.find_by_idempotency_key(applicant=user, key=DEMO_KEY) is not None:
        return
    officers = {name: get_user_by_username(name) for _step, name in STEPS}
    if any(officer is None for officer in officers.values()):
        return
    definition = service.current
    draft = application_actions.save_draft(applicant=user, definition=definition,
                                           data=_values("Dimas Saputra"), step=3, actor=user)
    for requirement in definition.spec.requirements:
        checked = check_upload(io.BytesIO(DEMO_PDF), name=f"{requirement.code}.pdf",
                               size=len(DEMO_PDF), requirement=requirement)
        application_actions.attach_upload(application=draft, requirement=requirement.code,
                                          file=io.BytesIO(DEMO_PDF), checked=checked, actor=user)
    application = application_actions.submit_application(draft=draft, actor=user,
                                                         idempotency_key=DEMO_KEY)
    for step, name in STEPS:
        application = application_actions.take_action(
            application=application, action=step, actor=officers[name],
            expected_version=application.version)


def load(stdout: TextIO | None = None) -> list[object]:
    citizen = find_citizen_by_nik(DEMO_CITIZEN_NIK)
    answered = 0
    if citizen is not None:
        _completed_application(citizen.user)
        for survey in Survey.objects.filter(user=citizen.user, answered_at__isnull=True):
            actions.answer_survey(actor=citizen.user, survey=survey, scores=SCORES,
                                  suggestion="Petugas ramah; ruang tunggu perlu kipas angin.")
            answered += 1
    # Applications made before the dashboard existed sent no events: build from the tables
    # once (a second run finds the counters and writes nothing).
    result: dict[str, int] = {}
    if (not CaseCounter.objects.filter(kind="application").exists()
            and Application.objects.filter(submitted_at__isnull=False).exists()):
        result = actions.rebuild_aggregates(actor="sistem:demo")
    if stdout is not None:
        stdout.write(f"Dasbor: {result or 'rekap sudah ada'}; survei dijawab: {answered}.")
    return []
