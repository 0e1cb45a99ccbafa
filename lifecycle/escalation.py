"""An escalation's life cycle (project assistance): opened → acknowledged → action plan
agreed → monitoring → closed; or cancelled from any open state. The PMO may (re)assign an
assistant while it is open."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from lifecycle.machine import LifeCycle, Move, Requirement


class EscalationState(StrEnum):
    OPENED = "opened"
    ACKNOWLEDGED = "acknowledged"
    ACTION_PLAN_AGREED = "action_plan_agreed"
    MONITORING = "monitoring"
    CLOSED = "closed"
    CANCELLED = "cancelled"

    @property
    def is_open(self) -> bool:
        return self not in (EscalationState.CLOSED, EscalationState.CANCELLED)


@dataclass(frozen=True)
class EscalationFacts:
    """What a step depends on; the aggregate computes them."""

    has_actions: bool = True  # the action plan lists at least one action
    has_assistant: bool = True  # an assistant is assigned (to start monitoring)


ACKNOWLEDGE = "acknowledge"
AGREE_PLAN = "agree_action_plan"
START_MONITORING = "start_monitoring"
CLOSE = "close"
CANCEL = "cancel"
ASSIGN = "assign_assistant"

ACTIONS = Requirement[EscalationFacts](
    "has_actions", lambda f: f.has_actions, "an action plan with at least one action"
)
ASSISTANT = Requirement[EscalationFacts](
    "has_assistant", lambda f: f.has_assistant, "an assistant assigned by the PMO"
)

E = EscalationState
OPEN_STATES = (E.OPENED, E.ACKNOWLEDGED, E.ACTION_PLAN_AGREED, E.MONITORING)
MOVES: list[Move[EscalationState, EscalationFacts]] = [
    Move(ACKNOWLEDGE, (E.OPENED,), E.ACKNOWLEDGED),
    Move(AGREE_PLAN, (E.ACKNOWLEDGED, E.ACTION_PLAN_AGREED), E.ACTION_PLAN_AGREED, (ACTIONS,)),
    Move(START_MONITORING, (E.ACTION_PLAN_AGREED,), E.MONITORING, (ASSISTANT,)),
    Move(CLOSE, (E.MONITORING,), E.CLOSED),
    Move(CANCEL, OPEN_STATES, E.CANCELLED),
    *[Move(ASSIGN, (state,), state) for state in OPEN_STATES],
]

ESCALATION_LIFE_CYCLE = LifeCycle(
    "Escalation",
    EscalationState,
    EscalationState.OPENED,
    MOVES,
    describe=lambda s: s.value.replace("_", " "),
    kind="escalation",
)
