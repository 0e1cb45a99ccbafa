"""Checks that the objects a command refers to exist and may be used."""

from __future__ import annotations

from uuid import UUID

from domain.errors import InvalidCommand, NotFound
from domain.person import Person
from domain.reference import Category, ReferenceEntry, reference_id_for
from domain.store import EventStore
from domain.values import Role


class References:
    def __init__(self, store: EventStore) -> None:
        self.store = store

    def active_entry(self, category: Category, code: str, *, field: str) -> ReferenceEntry:
        words = category.value.replace("_", " ")
        try:
            entry = self.store.read(ReferenceEntry, reference_id_for(category, code), what=words)
        except NotFound:
            raise InvalidCommand(f"unknown {words} {code!r}", field=field) from None
        if not entry.active:
            raise InvalidCommand(f"{words} {code!r} is retired", field=field)
        return entry

    def establishment(self, code: str, *, field: str = "establishment") -> str:
        return self.active_entry(Category.ESTABLISHMENT, code.strip().upper(), field=field).code

    def functional_area(self, code: str, *, field: str = "functional_area") -> str:
        return self.active_entry(Category.FUNCTIONAL_AREA, code.strip().upper(), field=field).code

    def person(self, person_id: UUID, *, field: str, role: Role | None = None) -> Person:
        try:
            person = self.store.read(Person, person_id, what="person")
        except NotFound:
            raise InvalidCommand(f"{field}: no person {person_id}", field=field) from None
        if not person.enabled:
            raise InvalidCommand(f"{field}: person #{person.number} is disabled", field=field)
        if role is not None and role not in person.roles:
            raise InvalidCommand(
                f"{field}: person #{person.number} does not hold the role {role.value}",
                field=field,
            )
        return person
