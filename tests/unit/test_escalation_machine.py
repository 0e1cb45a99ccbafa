"""Every trigger of the escalation machine from every state: legal moves land where they
should, others are refused naming the state and what is possible or missing."""

from __future__ import annotations

import pytest

from domain.errors import Conflict
from lifecycle.escalation import ESCALATION_LIFE_CYCLE, EscalationFacts
from lifecycle.escalation import EscalationState as E

LEGAL = {
    ("acknowledge", E.OPENED): E.ACKNOWLEDGED,
    ("agree_action_plan", E.ACKNOWLEDGED): E.ACTION_PLAN_AGREED,
    ("agree_action_plan", E.ACTION_PLAN_AGREED): E.ACTION_PLAN_AGREED,
    ("start_monitoring", E.ACTION_PLAN_AGREED): E.MONITORING,
    ("close", E.MONITORING): E.CLOSED,
    **{("cancel", s): E.CANCELLED for s in E if s.is_open},
    **{("assign_assistant", s): s for s in E if s.is_open},
}


@pytest.mark.parametrize(
    ("trigger", "source"), [(t, s) for t in ESCALATION_LIFE_CYCLE.triggers for s in E]
)
def test_every_trigger_from_every_state(trigger: str, source: E) -> None:
    expected = LEGAL.get((trigger, source))
    if expected is None:
        with pytest.raises(Conflict, match=f"is {source.value.replace('_', ' ')}"):
            ESCALATION_LIFE_CYCLE.fire(trigger, source, EscalationFacts(), subject="the case")
    else:
        assert (
            ESCALATION_LIFE_CYCLE.fire(trigger, source, EscalationFacts(), subject="c") is expected
        )


def test_conditions_name_what_is_missing() -> None:
    words = ESCALATION_LIFE_CYCLE.explain(
        "start_monitoring", E.ACTION_PLAN_AGREED, EscalationFacts(has_assistant=False), subject="c"
    )
    assert "missing an assistant assigned by the PMO" in words
    assert "stateDiagram" in ESCALATION_LIFE_CYCLE.mermaid()
