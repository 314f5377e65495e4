"""Random sequences of actions by random people on real applications: no sequence reaches a
state the definition does not allow, and a refused action changes nothing."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from balai.applications import actions
from balai.applications.models import Application, ApplicationEvent
from balai.applications.queries import roles_for
from balai.applications.tests.helpers import akta_definition, make_submitted
from balai.applications.workflow import WorkflowError
from balai.catalogue.spec import APPLICANT
from balai.core.testing import make_citizen, make_office, make_officer

ACTIONS = ["verifikasi", "minta_perbaikan", "ajukan_ulang", "setujui", "tolak", "batalkan",
           "tandatangani", "hapus"]


@pytest.mark.django_db
def test_no_sequence_of_actions_leaves_the_definition(monkeypatch):
    # Issuing is the documents app's business, tested there: here only the state matters.
    monkeypatch.setattr(actions, "_issue_document", lambda application, *, actor: None)
    office, elsewhere = make_office(), make_office()
    definition = akta_definition(office)
    spec = definition.spec
    people = {
        "pemohon": make_citizen(),
        "petugas": make_officer(office=office, role="petugas"),
        "verifikator": make_officer(office=office, role="verifikator"),
        "pejabat": make_officer(office=office, role="pejabat_penandatangan"),
        "operator": make_officer(office=office, role="operator_layanan"),
        "lain": make_officer(office=elsewhere, role="verifikator"),
        "warga_lain": make_citizen(),
    }
    people = {k: getattr(v, "user", v) for k, v in people.items()}
    reached: set[str] = set()

    class ApplicationMachine(RuleBasedStateMachine):
        @initialize()
        def submit(self) -> None:
            self.application = make_submitted(people["pemohon"], definition)
            self.transitions = 0

        @rule(action=st.sampled_from(ACTIONS), who=st.sampled_from(sorted(people)),
              note=st.sampled_from(["", "Alasan", "Alasan lain"]), stale=st.booleans())
        def act(self, action: str, who: str, note: str, stale: bool) -> None:
            actor = people[who]
            before = Application.objects.get(pk=self.application.pk)
            roles = roles_for(actor, before)
            version = before.version - 1 if stale else before.version
            corrections = {"kk": "Buram"} if action == "minta_perbaikan" else None
            try:
                after = actions.take_action(application=before, action=action, actor=actor,
                                            note=note, corrections=corrections,
                                            expected_version=version, replacements={})
            except (WorkflowError, actions.StaleApplication, actions.MissingRequirements):
                now = Application.objects.get(pk=self.application.pk)
                assert (now.state, now.version) == (before.state, before.version)
                return
            step = spec.workflow.action(action)
            assert not stale
            assert step is not None and before.state in step.from_states
            assert roles & set(step.roles)
            assert who in {"pemohon"} or APPLICANT not in step.roles
            assert after.state == step.to and after.version == before.version + 1
            self.transitions += 1
            reached.add(after.state)

        @invariant()
        def state_is_in_the_definition(self) -> None:
            if not hasattr(self, "application"):
                return
            now = Application.objects.get(pk=self.application.pk)
            assert now.state in spec.workflow.states
            assert now.is_open == (now.state not in spec.workflow.final_states)
            assert ApplicationEvent.objects.filter(application=now, kind="action").count() \
                == self.transitions

    ApplicationMachine.TestCase.settings = settings(
        max_examples=25, stateful_step_count=15, deadline=None, derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    ApplicationMachine.TestCase().runTest()
    # The machine did explore: it moved applications into several states of the workflow.
    assert len(reached) >= 3, reached
