"""Every trigger from every state of each machine: legal moves land where the life cycle says,
illegal ones are refused naming the current state and what is missing."""

from __future__ import annotations

import pytest

from domain.errors import Conflict
from lifecycle.gate_review import GATE_REVIEW_LIFE_CYCLE, ReviewFacts, ReviewState
from lifecycle.machine import LifeCycle
from lifecycle.phases import ACTIVE_PHASES, Phase
from lifecycle.project_phases import PROJECT_LIFE_CYCLE, PhaseFacts

P = Phase
# (trigger, from, to) for every legal move of a project, given an approved decision.
PROJECT_MOVES = [
    ("pass_gate", P.OPPORTUNITY, P.FRAMING),
    ("pass_gate", P.FRAMING, P.DESIGN),
    ("pass_gate", P.DESIGN, P.BUILD),
    ("pass_gate", P.BUILD, P.DEPLOYMENT),
    ("pass_gate", P.DEPLOYMENT, P.CLOSURE),
    ("pass_gate", P.CLOSURE, P.CLOSED),
    *(("suspend", p, P.SUSPENDED) for p in ACTIVE_PHASES),
    *(("abandon", p, P.ABANDONED) for p in (*ACTIVE_PHASES, P.SUSPENDED)),
    ("resume", P.SUSPENDED, None),  # back to the phase it left: see below
]
LEGAL_PROJECT = {(t, s) for t, s, _ in PROJECT_MOVES}


def approved(state: Phase, *, left: Phase = Phase.BUILD) -> PhaseFacts:
    """Facts that satisfy every condition of a move from `state`."""
    return PhaseFacts(approved=True, gate="G", gate_leaves=state, left_phase=left)


@pytest.mark.parametrize(("trigger", "source", "dest"), PROJECT_MOVES)
def test_legal_project_moves_land_where_the_life_cycle_says(
    trigger: str, source: Phase, dest: Phase | None
) -> None:
    assert PROJECT_LIFE_CYCLE.fire(trigger, source, approved(source), subject="p") is (
        dest or Phase.BUILD
    )


@pytest.mark.parametrize("left", ACTIVE_PHASES)
def test_resuming_returns_to_the_phase_the_suspension_left(left: Phase) -> None:
    facts = PhaseFacts(approved=True, left_phase=left)
    assert PROJECT_LIFE_CYCLE.fire("resume", Phase.SUSPENDED, facts, subject="p") is left


@pytest.mark.parametrize(
    ("trigger", "source"),
    [(t, s) for t in PROJECT_LIFE_CYCLE.triggers for s in Phase if (t, s) not in LEGAL_PROJECT],
)
def test_illegal_project_moves_are_refused_naming_the_phase(trigger: str, source: Phase) -> None:
    with pytest.raises(Conflict, match=rf"project X is .*{source.value}.*possible only from"):
        PROJECT_LIFE_CYCLE.fire(trigger, source, approved(source), subject="project X")


@pytest.mark.parametrize(("trigger", "source", "_dest"), PROJECT_MOVES)
def test_no_project_move_without_an_approved_decision(
    trigger: str, source: Phase, _dest: Phase | None
) -> None:
    facts = PhaseFacts(approved=False, gate="G", gate_leaves=source, left_phase=Phase.BUILD)
    assert not PROJECT_LIFE_CYCLE.may(trigger, source, facts)
    with pytest.raises(Conflict, match="missing an approved decision"):
        PROJECT_LIFE_CYCLE.fire(trigger, source, facts, subject="project X")


def test_a_gate_needs_its_own_phase_and_the_deliverables() -> None:
    facts = PhaseFacts(
        approved=True, gate="G2", gate_leaves=Phase.FRAMING, missing_deliverables=("test_book",)
    )
    with pytest.raises(Conflict) as refused:
        PROJECT_LIFE_CYCLE.fire("pass_gate", Phase.DESIGN, facts, subject="project X")
    assert str(refused.value) == (
        "project X is in design: cannot pass gate: missing a decision on the gate leaving "
        "design (gate G2 leaves framing); the required deliverables test_book"
    )


R = ReviewState
REVIEW_MOVES = [
    ("schedule", R.REQUESTED, R.SCHEDULED),
    ("reschedule", R.SCHEDULED, R.SCHEDULED),
    ("open_session", R.SCHEDULED, R.UNDER_REVIEW),
    ("record_attendance", R.UNDER_REVIEW, R.UNDER_REVIEW),
    ("vote", R.UNDER_REVIEW, R.UNDER_REVIEW),
    ("approve", R.UNDER_REVIEW, R.DECIDED),
    ("reject", R.UNDER_REVIEW, R.DECIDED),
    ("defer", R.UNDER_REVIEW, R.SCHEDULED),
    ("withdraw", R.REQUESTED, R.WITHDRAWN),
    ("withdraw", R.SCHEDULED, R.WITHDRAWN),
    ("withdraw", R.UNDER_REVIEW, R.WITHDRAWN),
    ("lift_condition", R.DECIDED, R.DECIDED),
]
LEGAL_REVIEW = {(t, s) for t, s, _ in REVIEW_MOVES}
ALL_MET = ReviewFacts(present=3, quorum=3)


@pytest.mark.parametrize(("trigger", "source", "dest"), REVIEW_MOVES)
def test_legal_review_moves(trigger: str, source: ReviewState, dest: ReviewState) -> None:
    assert GATE_REVIEW_LIFE_CYCLE.fire(trigger, source, ALL_MET, subject="r") is dest


@pytest.mark.parametrize(
    ("trigger", "source"),
    [(t, s) for t in GATE_REVIEW_LIFE_CYCLE.triggers for s in R if (t, s) not in LEGAL_REVIEW],
)
def test_illegal_review_moves_are_refused(trigger: str, source: ReviewState) -> None:
    with pytest.raises(Conflict, match="possible only from"):
        GATE_REVIEW_LIFE_CYCLE.fire(trigger, source, ALL_MET, subject="the review")


@pytest.mark.parametrize(
    ("trigger", "source", "facts", "missing"),
    [
        ("schedule", R.REQUESTED, ReviewFacts(body_designated=False, designated_body="ID"),
         "the body the rule set designates (ID)"),
        ("open_session", R.SCHEDULED, ReviewFacts(meeting_day_reached=False), "the meeting date"),
        ("vote", R.UNDER_REVIEW, ReviewFacts(voter_present=False), "presence"),
        ("approve", R.UNDER_REVIEW, ReviewFacts(present=2, quorum=3),
         "the quorum (2 members present, 3 needed)"),
        ("reject", R.UNDER_REVIEW, ReviewFacts(mode_agrees=False, mode_words="a majority"),
         "a majority"),
        ("defer", R.UNDER_REVIEW, ReviewFacts(new_date_later=False), "a new meeting date"),
        ("lift_condition", R.DECIDED, ReviewFacts(condition_open=False), "an open condition"),
    ],
)  # fmt: skip
def test_each_review_condition_is_named_when_missing(
    trigger: str, source: ReviewState, facts: ReviewFacts, missing: str
) -> None:
    with pytest.raises(Conflict, match=rf"is {source.value.replace('_', ' ')}: .*missing.*"):
        GATE_REVIEW_LIFE_CYCLE.fire(trigger, source, facts, subject="the review")
    assert missing in GATE_REVIEW_LIFE_CYCLE.explain(trigger, source, facts, subject="r")


@pytest.mark.parametrize("machine", [PROJECT_LIFE_CYCLE, GATE_REVIEW_LIFE_CYCLE])
def test_each_machine_prints_a_mermaid_diagram_of_every_move(
    machine: LifeCycle[object, object],  # type: ignore[type-var]
) -> None:
    text = machine.mermaid()
    assert "stateDiagram-v2" in text
    for move in machine.moves:
        for source in move.sources:
            assert f"{source.value} --> {move.dest.value}: " in text
