"""The project's life cycle: opportunity → framing → design → build → deployment → closure →
closed, plus suspended (resume returns to the phase it left) and abandoned. Every move needs
an approved decision of the deciding body."""

from __future__ import annotations

from dataclasses import dataclass

from lifecycle.machine import LifeCycle, Move, Requirement
from lifecycle.phases import ACTIVE_PHASES, Phase, phase_after


@dataclass(frozen=True)
class PhaseFacts:
    """What a move of the project depends on."""

    approved: bool  # an approved decision of the deciding body backs the move
    gate: str | None = None  # the gate decided (gate moves)
    gate_leaves: Phase | None = None  # the phase that gate leaves, under the rule set
    left_phase: Phase | None = None  # the phase a suspended project left
    missing_deliverables: tuple[str, ...] = ()  # required deliverables not submitted


PASS_GATE = "pass_gate"  # noqa: S105 - a trigger name
SUSPEND = "suspend"
RESUME = "resume"
ABANDON = "abandon"


def trigger_for(subject: str) -> str:
    """The move a decision on `subject` makes: a gate id passes the gate; suspend, resume
    and abandon are moves of their own."""
    return subject if subject in (SUSPEND, RESUME, ABANDON) else PASS_GATE


APPROVED = Requirement[PhaseFacts](
    "approved_decision", lambda f: f.approved, "an approved decision"
)
DELIVERABLES = Requirement[PhaseFacts](
    "deliverables_submitted",
    lambda f: not f.missing_deliverables,
    lambda f: f"the required deliverables {', '.join(f.missing_deliverables)}",
)


def _gate_leaves(phase: Phase) -> Requirement[PhaseFacts]:
    return Requirement(
        f"gate_leaves_{phase.value}",
        lambda f: f.gate_leaves is phase,
        lambda f: (
            f"a decision on the gate leaving {phase.value} "
            f"(gate {f.gate} leaves {f.gate_leaves.value if f.gate_leaves else 'no phase'})"
        ),
    )


def _left(phase: Phase) -> Requirement[PhaseFacts]:
    return Requirement(
        f"left_{phase.value}",
        lambda f: f.left_phase is phase,
        f"a suspension from {phase.value}",
    )


MOVES: list[Move[Phase, PhaseFacts]] = [
    *(
        Move(PASS_GATE, (p,), phase_after(p), (APPROVED, _gate_leaves(p), DELIVERABLES))
        for p in ACTIVE_PHASES
    ),
    Move(SUSPEND, ACTIVE_PHASES, Phase.SUSPENDED, (APPROVED,)),
    *(Move(RESUME, (Phase.SUSPENDED,), p, (APPROVED, _left(p))) for p in ACTIVE_PHASES),
    Move(ABANDON, (*ACTIVE_PHASES, Phase.SUSPENDED), Phase.ABANDONED, (APPROVED,)),
]


def _describe(phase: Phase) -> str:
    return phase.value if phase is Phase.SUSPENDED or phase.is_terminal else f"in {phase.value}"


PROJECT_LIFE_CYCLE = LifeCycle(
    "Project phases (ANAP)", Phase, Phase.OPPORTUNITY, MOVES, describe=_describe, kind="project"
)
