"""Personal data (GDPR): erasing a person's details.

The erasure is an event (`Person.Erased`, naming no personal data) recorded first; the
details, credentials and sessions outside the event log are deleted next. If the deletion
fails after the event, running the erasure again finishes it (no second event)."""

from __future__ import annotations

from uuid import UUID

from domain.authorization import Operation, authorize
from domain.clock import event_timestamp
from domain.errors import Conflict, InvalidCommand
from domain.person import Person
from domain.ports import PersonalDataStore
from domain.principal import Principal
from domain.services.results import CommandResult
from domain.store import EventStore
from domain.values import require_reason


class PrivacyService:
    def __init__(self, store: EventStore, personal_data: PersonalDataStore) -> None:
        self.store = store
        self.personal_data = personal_data

    def erase(self, principal: Principal, person_id: UUID, *, reason: str) -> CommandResult:
        authorize(principal, Operation.PERSON_ERASE)
        if principal.person_id == person_id:
            raise InvalidCommand("you cannot erase yourself", field="person_id")
        person: Person = self.store.load(Person, person_id, what=f"person {person_id}")
        reason = require_reason(reason)
        if person.erased:
            if not self.personal_data.erase(person_id, event_timestamp()):
                raise Conflict(f"person #{person.number}'s personal data were already erased")
            return CommandResult(person.id, person.version, 0)
        person.erase(actor=principal.actor, reason=reason)
        position = self.store.record(person)
        self.personal_data.erase(person_id, event_timestamp())
        return CommandResult(person.id, person.version, position)

    def authorize_export(self, principal: Principal) -> None:
        """Subject access reads views and the log (api/, projections/); the matrix says who."""
        authorize(principal, Operation.PERSON_EXPORT)

    def number(self, person_id: UUID) -> int:
        person: Person = self.store.load(Person, person_id, what=f"person {person_id}")
        return person.number
