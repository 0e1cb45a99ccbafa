"""A person known to Jalon, by a pseudonymous id and a number.

Names, logins and e-mails are personal data: they never enter events. They live in the
person directory (`domain.ports.PersonDirectory`), which can erase them.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from domain.aggregate import JalonAggregate
from domain.errors import Conflict, InvalidCommand, NotFound
from domain.values import Role


class Person(JalonAggregate):
    class Registered(JalonAggregate.Created):
        number: int
        establishment: str

    class RoleGranted(JalonAggregate.Event):
        role: str
        reason: str

        def apply(self, aggregate: Person) -> None:
            aggregate.roles.add(Role(self.role))

    class RoleRevoked(JalonAggregate.Event):
        role: str
        reason: str

        def apply(self, aggregate: Person) -> None:
            aggregate.roles.discard(Role(self.role))

    class Disabled(JalonAggregate.Event):
        reason: str

        def apply(self, aggregate: Person) -> None:
            aggregate.enabled = False

    class Enabled(JalonAggregate.Event):
        reason: str

        def apply(self, aggregate: Person) -> None:
            aggregate.enabled = True

    class EstablishmentChanged(JalonAggregate.Event):
        establishment: str
        reason: str

        def apply(self, aggregate: Person) -> None:
            aggregate.establishment = self.establishment

    class DetailsChanged(JalonAggregate.Event):
        """Which personal details changed; their values stay in the directory."""

        fields: list[str]

    class PasswordChanged(JalonAggregate.Event):
        """That the password changed; its hash stays in the credential store."""

    class TokenIssued(JalonAggregate.Event):
        token_id: UUID
        expires_at: datetime

        def apply(self, aggregate: Person) -> None:
            aggregate.tokens.add(self.token_id)

    class TokenRevoked(JalonAggregate.Event):
        token_id: UUID
        reason: str

        def apply(self, aggregate: Person) -> None:
            aggregate.tokens.discard(self.token_id)

    class Erased(JalonAggregate.Event):
        """That the person's personal details were erased (GDPR); names none of them. The
        person stays in the history as "erased person #N"."""

        reason: str

        def apply(self, aggregate: Person) -> None:
            aggregate.erased = True
            aggregate.enabled = False
            aggregate.tokens.clear()

    def __init__(self, number: int, establishment: str) -> None:
        self.number = number
        self.establishment = establishment
        self.roles: set[Role] = set()
        self.enabled = True
        self.tokens: set[UUID] = set()
        self.erased = False

    @classmethod
    def register(cls, *, person_id: UUID, actor: str, number: int, establishment: str) -> Person:
        return cls._create(
            cls.Registered, id=person_id, actor=actor, number=number, establishment=establishment
        )

    def grant(self, *, actor: str, role: Role, reason: str) -> None:
        self._refuse_if_erased()
        if role in self.roles:
            raise Conflict(f"person #{self.number} already holds the role {role.value}")
        self.trigger_event(self.RoleGranted, actor=actor, role=role.value, reason=reason)

    def revoke(self, *, actor: str, role: Role, reason: str) -> None:
        if role not in self.roles:
            raise Conflict(f"person #{self.number} does not hold the role {role.value}")
        self.trigger_event(self.RoleRevoked, actor=actor, role=role.value, reason=reason)

    def disable(self, *, actor: str, reason: str) -> None:
        if not self.enabled:
            raise Conflict(f"person #{self.number} is already disabled")
        self.trigger_event(self.Disabled, actor=actor, reason=reason)

    def enable(self, *, actor: str, reason: str) -> None:
        self._refuse_if_erased()
        if self.enabled:
            raise Conflict(f"person #{self.number} is already enabled")
        self.trigger_event(self.Enabled, actor=actor, reason=reason)

    def move_to(self, *, actor: str, establishment: str, reason: str) -> None:
        if establishment == self.establishment:
            raise InvalidCommand("the person already belongs to this establishment")
        self.trigger_event(
            self.EstablishmentChanged, actor=actor, establishment=establishment, reason=reason
        )

    def note_details_changed(self, *, actor: str, fields: list[str]) -> None:
        self.trigger_event(self.DetailsChanged, actor=actor, fields=sorted(fields))

    def note_password_changed(self, *, actor: str) -> None:
        self.trigger_event(self.PasswordChanged, actor=actor)

    def issue_token(self, *, actor: str, token_id: UUID, expires_at: datetime) -> None:
        if not self.enabled:
            raise Conflict(f"person #{self.number} is disabled: no token can be issued")
        self.trigger_event(self.TokenIssued, actor=actor, token_id=token_id, expires_at=expires_at)

    def revoke_token(self, *, actor: str, token_id: UUID, reason: str) -> None:
        if token_id not in self.tokens:
            raise NotFound(f"person #{self.number} has no active token {token_id}")
        self.trigger_event(self.TokenRevoked, actor=actor, token_id=token_id, reason=reason)

    def erase(self, *, actor: str, reason: str) -> None:
        self._refuse_if_erased()
        self.trigger_event(self.Erased, actor=actor, reason=reason)

    def _refuse_if_erased(self) -> None:
        if self.erased:
            raise Conflict(f"person #{self.number}'s personal data were erased")
