"""Who is acting: a person (by pseudonymous id) and the roles they hold now."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from domain.aggregate import SYSTEM_ACTOR
from domain.values import Role


@dataclass(frozen=True)
class Principal:
    person_id: UUID | None
    roles: frozenset[Role]
    establishment: str | None = None

    @property
    def actor(self) -> str:
        """How events name this principal."""
        return SYSTEM_ACTOR if self.person_id is None else str(self.person_id)

    @property
    def is_system(self) -> bool:
        return self.person_id is None

    def holds(self, role: Role) -> bool:
        return role in self.roles


# Operators at the server's console (the CLI, the demo loader) act as the system, with the
# administrator's rights; events name them "system".
SYSTEM = Principal(person_id=None, roles=frozenset({Role.ADMIN}))
