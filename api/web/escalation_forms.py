"""The step forms of an escalation's page: which steps the viewer may take now (the life
cycle allows it from the current state, the matrix allows the viewer on this project), and the
action plan's rows read back into actions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from api.web.i18n import N_
from domain.authorization import Operation, Target, may
from domain.errors import InvalidCommand, Refusal
from domain.principal import Principal
from domain.services.escalations import ActionInput
from lifecycle.escalation import (
    ACKNOWLEDGE,
    AGREE_PLAN,
    ASSIGN,
    CANCEL,
    CLOSE,
    ESCALATION_LIFE_CYCLE,
    START_MONITORING,
    EscalationState,
)

BLANK_ROWS = 3  # empty action rows offered below the current plan


@dataclass(frozen=True)
class StepForm:
    path: str  # under /escalations/{id}/
    operation: Operation
    legend: str  # catalogue keys
    button: str


STEP_FORMS: dict[str, StepForm] = {
    ACKNOWLEDGE: StepForm(
        "acknowledge", Operation.ESCALATION_RESPOND, N_("Acknowledge"), N_("Acknowledge")
    ),
    AGREE_PLAN: StepForm(
        "action-plan",
        Operation.ESCALATION_RESPOND,
        N_("Agree the action plan"),
        N_("Agree the action plan"),
    ),
    START_MONITORING: StepForm(
        "monitoring",
        Operation.ESCALATION_RESPOND,
        N_("Start the monitoring"),
        N_("Start the monitoring"),
    ),
    ASSIGN: StepForm(
        "assistant", Operation.ESCALATION_MANAGE, N_("Assign an assistant"), N_("Assign")
    ),
    CLOSE: StepForm("close", Operation.ESCALATION_MANAGE, N_("Close the escalation"), N_("Close")),
    CANCEL: StepForm(
        "cancel", Operation.ESCALATION_MANAGE, N_("Cancel the escalation"), N_("Cancel")
    ),
}


def steps_for(principal: Principal, state: str, manager_id: str | None) -> list[str]:
    """The steps the viewer may take now, in the order of STEP_FORMS."""
    possible = set(ESCALATION_LIFE_CYCLE.triggers_from(EscalationState(state)))
    target = Target(manager_id=UUID(manager_id) if manager_id else None)
    return [
        step
        for step, form in STEP_FORMS.items()
        if step in possible and may(principal, form.operation, target)
    ]


def action_rows(actions: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The current plan's actions as form rows, then a few blank rows."""
    rows = [
        {"description": a["description"], "owner_id": a["owner_id"], "due": str(a["due"])}
        for a in actions
    ]
    return rows + [{"description": "", "owner_id": "", "due": ""}] * BLANK_ROWS


def actions_from_rows(
    descriptions: list[str], owners: list[str], dues: list[str]
) -> list[ActionInput]:
    """The posted rows as actions; rows left wholly blank are dropped, and the others are
    numbered as the service numbers them (actions[0], actions[1]...)."""
    if not len(descriptions) == len(owners) == len(dues):
        raise InvalidCommand("each action needs a description, an owner and a due date",
                             field="actions")  # fmt: skip
    rows = [r for r in zip(descriptions, owners, dues, strict=True) if any(v.strip() for v in r)]
    return [_action(index, *row) for index, row in enumerate(rows)]


def _action(index: int, description: str, owner: str, due: str) -> ActionInput:
    field = f"actions[{index}]"
    try:
        owner_id = UUID(owner)
    except ValueError:
        raise InvalidCommand(
            f"{field}.owner_id: choose the action's owner", field=f"{field}.owner_id",
            code=Refusal.ACTION_OWNER_MISSING, params={"field": f"{field}.owner_id"},
        ) from None  # fmt: skip
    try:
        day = date.fromisoformat(due.strip())
    except ValueError:
        raise InvalidCommand(
            f"{field}.due must be a date (YYYY-MM-DD), got {due!r}", field=f"{field}.due",
            code=Refusal.ACTION_DUE_INVALID, params={"field": f"{field}.due", "value": due},
        ) from None  # fmt: skip
    return ActionInput(description, owner_id, day)
