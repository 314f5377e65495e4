"""The engine alone, without a database."""

from __future__ import annotations

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from balai.applications import workflow
from balai.applications.tests.helpers import AKTA
from balai.catalogue.spec import WORKFLOW_ROLES, parse_definition

SPEC = parse_definition(AKTA)


def test_allowed_actions_depend_on_state_and_role():
    names = [a.name for a in workflow.allowed_actions(SPEC, "diajukan", {"verifikator"})]
    assert names == ["verifikasi", "minta_perbaikan", "tolak"]
    assert [a.name for a in workflow.allowed_actions(SPEC, "diajukan", {"pemohon"})] == [
        "batalkan"]
    assert workflow.allowed_actions(SPEC, "selesai", set(WORKFLOW_ROLES)) == []


def test_check_transition_returns_the_action():
    action = workflow.check_transition(SPEC, "disetujui", "tandatangani",
                                       {"pejabat_penandatangan"})
    assert action.to == "selesai"
    assert action.issues == "akta-kelahiran"


def test_check_transition_refuses_a_role_not_in_the_table():
    with pytest.raises(workflow.ActionNotAllowed) as error:
        workflow.check_transition(SPEC, "diverifikasi", "setujui", {"petugas", "pemohon"})
    assert error.value.code == "APPLICATION_ACTION_NOT_ALLOWED"


def test_check_transition_refuses_an_unknown_action():
    with pytest.raises(workflow.ActionNotAllowed):
        workflow.check_transition(SPEC, "diajukan", "hapus", set(WORKFLOW_ROLES))


def test_check_transition_refuses_the_wrong_state():
    with pytest.raises(workflow.WrongState) as error:
        workflow.check_transition(SPEC, "diajukan", "setujui", {"verifikator"})
    assert error.value.code == "APPLICATION_WRONG_STATE"


def test_check_transition_requires_a_comment_where_the_definition_says_so():
    with pytest.raises(workflow.CommentRequired) as error:
        workflow.check_transition(SPEC, "diajukan", "tolak", {"verifikator"}, "   ")
    assert error.value.code == "APPLICATION_COMMENT_REQUIRED"
    assert workflow.check_transition(SPEC, "diajukan", "tolak", {"verifikator"}, "Palsu").to \
        == "ditolak"


def test_requests_correction_and_resubmission_are_read_from_the_definition():
    assert workflow.requests_correction(SPEC, SPEC.workflow.action("minta_perbaikan"))
    assert not workflow.requests_correction(SPEC, SPEC.workflow.action("verifikasi"))
    assert workflow.is_resubmission(SPEC, SPEC.workflow.action("ajukan_ulang"))
    assert not workflow.is_resubmission(SPEC, SPEC.workflow.action("batalkan"))


ROLE_SETS = st.sampled_from([
    frozenset({"pemohon"}), frozenset({"petugas"}), frozenset({"verifikator"}),
    frozenset({"pejabat_penandatangan"}), frozenset({"operator_layanan"}), frozenset(),
    frozenset({"petugas", "verifikator"}),
])


class EngineMachine(RuleBasedStateMachine):
    """Any action by any roles: the state stays one the definition names, and moves only along
    the definition's table."""

    def __init__(self) -> None:
        super().__init__()
        self.state = SPEC.workflow.initial

    @rule(action=st.sampled_from([a.name for a in SPEC.workflow.actions] + ["hapus"]),
          roles=ROLE_SETS, comment=st.sampled_from(["", "Alasan jelas"]))
    def act(self, action: str, roles: frozenset[str], comment: str) -> None:
        before = self.state
        try:
            step = workflow.check_transition(SPEC, before, action, roles, comment)
        except workflow.WorkflowError:
            spec_action = SPEC.workflow.action(action)
            assert (spec_action is None or not roles & set(spec_action.roles)
                    or before not in spec_action.from_states
                    or (spec_action.comment == "required" and not comment))
            return
        assert before in step.from_states and roles & set(step.roles)
        self.state = step.to

    @invariant()
    def state_is_known(self) -> None:
        assert self.state in SPEC.workflow.states


EngineMachine.TestCase.settings = settings(max_examples=100, stateful_step_count=30,
                                           deadline=None)
test_engine_state_machine = EngineMachine.TestCase
