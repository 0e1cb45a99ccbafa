"""Reference data: the group's establishments and the functional areas."""

from __future__ import annotations

from enum import StrEnum
from uuid import UUID, uuid5

from domain.aggregate import JalonAggregate
from domain.errors import Conflict, InvalidCommand

REFERENCE_NAMESPACE = UUID("0b8f7a52-93d4-4b8e-8f0c-3d1f6a2e9c71")
GROUP_WIDE = "GHT"  # the group as a whole (groupement hospitalier de territoire)


class Category(StrEnum):
    ESTABLISHMENT = "establishment"
    FUNCTIONAL_AREA = "functional_area"


def reference_id_for(category: Category, code: str) -> UUID:
    return uuid5(REFERENCE_NAMESPACE, f"{category.value}:{code}")


class ReferenceEntry(JalonAggregate):
    class Defined(JalonAggregate.Created):
        category: str
        code: str
        name: str

    class Renamed(JalonAggregate.Event):
        name: str
        reason: str

        def apply(self, aggregate: ReferenceEntry) -> None:
            aggregate.name = self.name

    class Retired(JalonAggregate.Event):
        reason: str

        def apply(self, aggregate: ReferenceEntry) -> None:
            aggregate.active = False

    class Reinstated(JalonAggregate.Event):
        reason: str

        def apply(self, aggregate: ReferenceEntry) -> None:
            aggregate.active = True

    def __init__(self, category: str, code: str, name: str) -> None:
        self.category = Category(category)
        self.code = code
        self.name = name
        self.active = True

    @classmethod
    def define(cls, *, actor: str, category: Category, code: str, name: str) -> ReferenceEntry:
        return cls._create(
            cls.Defined,
            id=reference_id_for(category, code),
            actor=actor,
            category=category.value,
            code=code,
            name=name,
        )

    def rename(self, *, actor: str, name: str, reason: str) -> None:
        if name == self.name:
            raise InvalidCommand(f"{self.code} is already named {name!r}", field="name")
        self.trigger_event(self.Renamed, actor=actor, name=name, reason=reason)

    def retire(self, *, actor: str, reason: str) -> None:
        if not self.active:
            raise Conflict(f"{self.category.value} {self.code} is already retired")
        self.trigger_event(self.Retired, actor=actor, reason=reason)

    def reinstate(self, *, actor: str, reason: str) -> None:
        if self.active:
            raise Conflict(f"{self.category.value} {self.code} is active")
        self.trigger_event(self.Reinstated, actor=actor, reason=reason)
