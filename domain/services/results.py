from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID


@dataclass(frozen=True)
class CommandResult:
    """What a command returns: the object, its new version, and the position of its last
    event in the global log (clients wait for projections to reach it: read-your-writes)."""

    id: UUID
    version: int
    position: int
