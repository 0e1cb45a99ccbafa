"""The ANAP-style phases of a project."""

from __future__ import annotations

from enum import StrEnum


class Phase(StrEnum):
    OPPORTUNITY = "opportunity"
    FRAMING = "framing"
    DESIGN = "design"
    BUILD = "build"
    DEPLOYMENT = "deployment"
    CLOSURE = "closure"
    CLOSED = "closed"
    SUSPENDED = "suspended"
    ABANDONED = "abandoned"

    @property
    def is_terminal(self) -> bool:
        return self in (Phase.CLOSED, Phase.ABANDONED)

    @property
    def is_active(self) -> bool:
        """One of the working phases, each left through its gate."""
        return self in ACTIVE_PHASES


# The working phases in order; each is left through one gate to the next (closure → closed).
ACTIVE_PHASES: tuple[Phase, ...] = (
    Phase.OPPORTUNITY,
    Phase.FRAMING,
    Phase.DESIGN,
    Phase.BUILD,
    Phase.DEPLOYMENT,
    Phase.CLOSURE,
)


def phase_after(phase: Phase) -> Phase:
    """The phase a project enters when it passes the gate leaving `phase`."""
    index = ACTIVE_PHASES.index(phase)
    return ACTIVE_PHASES[index + 1] if index + 1 < len(ACTIVE_PHASES) else Phase.CLOSED
