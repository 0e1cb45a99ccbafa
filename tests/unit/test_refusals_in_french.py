"""The domain's refusals said again in French from their code and parameters
(api/web/refusals.py): every code and every word they carry has its catalogue entry, and a
refusal with a word the catalogue does not know stays in English rather than half-translated."""

from __future__ import annotations

from uuid import uuid4

import pytest

from api.web.i18n import translations
from api.web.labels import LABELS
from api.web.refusals import MESSAGES, REQUIREMENTS, SCOPES, STATES, STEPS, refusal_text
from domain.authorization import Operation, Scope, authorize
from domain.errors import Conflict, DomainError, Forbidden, InvalidCommand, Refusal
from domain.principal import Principal
from domain.values import Role, require_reason
from lifecycle.escalation import ESCALATION_LIFE_CYCLE, EscalationFacts, EscalationState
from lifecycle.gate_review import GATE_REVIEW_LIFE_CYCLE, ReviewFacts, ReviewState
from lifecycle.machine import LifeCycle
from lifecycle.project_phases import PROJECT_LIFE_CYCLE

FRENCH = translations("fr").gettext
MACHINES: list[LifeCycle] = [ESCALATION_LIFE_CYCLE, GATE_REVIEW_LIFE_CYCLE, PROJECT_LIFE_CYCLE]  # type: ignore[type-arg]


def french(error: DomainError) -> str | None:
    return refusal_text(error, FRENCH)


def test_every_code_and_every_word_a_refusal_carries_is_in_the_catalogue() -> None:
    assert set(MESSAGES) == set(Refusal)
    for machine in MACHINES:
        assert machine.kind in STATES, machine.title
        assert {s.value for s in machine.states} <= set(STATES[machine.kind]), machine.title
        assert set(machine.triggers) <= set(STEPS), machine.title
    assert {s.value for s in Scope} == set(SCOPES)
    assert {r.value for r in Role} <= set(LABELS["role"])
    static = {r.name for m in MACHINES for mv in m.moves for r in mv.requires if isinstance(r.missing, str)}  # fmt: skip
    assert set(REQUIREMENTS) <= static  # only requirements whose words take no figure


def test_a_life_cycle_refusal_carries_its_code_and_is_said_in_french() -> None:
    with pytest.raises(Conflict) as refused:
        ESCALATION_LIFE_CYCLE.fire(
            "start_monitoring", EscalationState.ACKNOWLEDGED, EscalationFacts(),
            subject="escalation 1a2b3c4d", ref="1a2b3c4d",
        )  # fmt: skip
    error = refused.value
    assert error.message.startswith("escalation 1a2b3c4d is acknowledged: start monitoring")
    assert error.code is Refusal.STEP_NOT_POSSIBLE
    assert error.params["possible"] == ("agree_action_plan", "cancel", "assign_assistant")
    assert french(error) == (
        "L’escalade 1a2b3c4d est « Prise en compte » : « démarrer le suivi » n’est possible que "
        "depuis : Plan d'action validé (possible maintenant : arrêter le plan d’actions, annuler, "
        "désigner l’accompagnant)"
    )
    with pytest.raises(Conflict) as missing:
        ESCALATION_LIFE_CYCLE.fire(
            "start_monitoring", EscalationState.ACTION_PLAN_AGREED,
            EscalationFacts(has_assistant=False), subject="escalation 1a2b3c4d", ref="1a2b3c4d",
        )  # fmt: skip
    assert missing.value.code is Refusal.STEP_MISSING
    assert french(missing.value) == (
        "L’escalade 1a2b3c4d est « Plan d'action validé » : « démarrer le suivi » est "
        "impossible, il manque : un accompagnant désigné par le PMO"
    )


def test_a_requirement_with_figures_stays_in_english() -> None:
    facts = ReviewFacts(present=1, quorum=3)
    with pytest.raises(Conflict) as refused:
        GATE_REVIEW_LIFE_CYCLE.fire(
            "approve", ReviewState.UNDER_REVIEW, facts, subject="the review of G1", ref="G1"
        )
    assert refused.value.params["missing"] == ("quorum",)
    assert french(refused.value) is None  # the page shows the domain's English sentence


def test_forbidden_and_invalid_values_are_said_in_french() -> None:
    staff = Principal(uuid4(), frozenset({Role.STAFF}), "CHRU")
    with pytest.raises(Forbidden) as forbidden:
        authorize(staff, Operation.ESCALATION_MANAGE)
    assert forbidden.value.code is Refusal.OPERATION_FORBIDDEN
    assert french(forbidden.value) == (
        "L’opération escalation.manage n’est pas permise aux rôles : agent DSI"
    )
    with pytest.raises(InvalidCommand) as empty:
        require_reason("  ")
    assert french(empty.value) == "Le champ reason ne peut pas être vide"


def test_a_refusal_without_a_code_is_not_said_again() -> None:
    assert french(Conflict("project DPI-01 is closed: cannot be escalated")) is None
