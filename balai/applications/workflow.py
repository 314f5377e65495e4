"""The workflow engine: which actions a person may take on an application, and why not.

Plain Python over a ServiceSpec, with no database: the same rules serve the pages, the API and
the tests. Roles are names: "pemohon" for the applicant (or the operator who filed for them),
and the officer roles the actor holds in the application's office.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from balai.catalogue.spec import APPLICANT, ServiceSpec, WorkflowAction
from balai.core.errors import DomainError


class WorkflowError(DomainError):
    code = "APPLICATION_WORKFLOW"


class ActionNotAllowed(WorkflowError):
    code = "APPLICATION_ACTION_NOT_ALLOWED"
    message = _("Anda tidak berwenang melakukan tindakan ini pada permohonan ini.")


class WrongState(WorkflowError):
    code = "APPLICATION_WRONG_STATE"
    message = _("Tindakan ini tidak dapat dilakukan pada status permohonan saat ini.")


class CommentRequired(WorkflowError):
    code = "APPLICATION_COMMENT_REQUIRED"
    message = _("Tindakan ini memerlukan catatan atau alasan. Isi kolom catatan.")


def allowed_actions(spec: ServiceSpec, state: str, roles: Iterable[str]) -> list[WorkflowAction]:
    """The actions that someone holding `roles` may take from `state`, in definition order."""
    held = set(roles)
    return [action for action in spec.workflow.actions_from(state)
            if held.intersection(action.roles)]


def check_transition(spec: ServiceSpec, state: str, action_name: str, roles: Iterable[str],
                     comment: str = "") -> WorkflowAction:
    """Return the action if it may be taken; raise a WorkflowError saying why not.

    Order of checks: an unknown action or one the roles may never take is "not allowed"; a
    known action from the wrong state is "wrong state"; then the comment rule.
    """
    action = spec.workflow.action(action_name)
    held = set(roles)
    if action is None or not held.intersection(action.roles):
        raise ActionNotAllowed(details={"action": action_name, "state": state})
    if state not in action.from_states:
        raise WrongState(details={"action": action_name, "state": state})
    if action.comment == "required" and not comment.strip():
        raise CommentRequired(details={"action": action_name})
    return action


def is_final(spec: ServiceSpec, state: str) -> bool:
    return state in spec.workflow.final_states


def requests_correction(spec: ServiceSpec, action: WorkflowAction) -> bool:
    """Whether an action sends the application back to the applicant to correct it: its target
    state has an applicant action that leads on (not only to a final state, like cancelling)."""
    return any(APPLICANT in follow.roles and not is_final(spec, follow.to)
               for follow in spec.workflow.actions_from(action.to))


def is_resubmission(spec: ServiceSpec, action: WorkflowAction) -> bool:
    """An applicant action back into the workflow's initial state: the corrected files come in
    and the service-level deadline starts again."""
    return APPLICANT in action.roles and action.to == spec.workflow.initial
