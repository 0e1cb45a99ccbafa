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
