"""Commands on reference data (establishments, functional areas): administrators only."""

from __future__ import annotations

from domain.authorization import Operation, authorize
from domain.errors import DuplicateCode
from domain.principal import Principal
from domain.reference import Category, ReferenceEntry, reference_id_for
from domain.services.results import CommandResult
from domain.store import EventStore
from domain.values import parse_code, require_reason, require_text


class ReferenceService:
    def __init__(self, store: EventStore) -> None:
        self.store = store

    def define(
        self, principal: Principal, *, category: Category, code: str, name: str
    ) -> CommandResult:
        authorize(principal, Operation.REFERENCE_MANAGE)
        code = parse_code(code)
        name = require_text(name, field="name", max_length=200)
        duplicate = DuplicateCode(f"{category.value} {code} already exists", field="code")
        if self.store.exists(reference_id_for(category, code)):
            raise duplicate
        entry = ReferenceEntry.define(
            actor=principal.actor, category=category, code=code, name=name
        )
        return self._result(entry, self.store.record(entry, conflict=duplicate))

    def rename(
        self, principal: Principal, *, category: Category, code: str, name: str, reason: str
    ) -> CommandResult:
        authorize(principal, Operation.REFERENCE_MANAGE)
        entry = self._load(category, code)
        entry.rename(
            actor=principal.actor,
            name=require_text(name, field="name", max_length=200),
            reason=require_reason(reason),
        )
        return self._result(entry, self.store.record(entry))

    def retire(
        self, principal: Principal, *, category: Category, code: str, reason: str
    ) -> CommandResult:
        authorize(principal, Operation.REFERENCE_MANAGE)
        entry = self._load(category, code)
        entry.retire(actor=principal.actor, reason=require_reason(reason))
        return self._result(entry, self.store.record(entry))

    def reinstate(
        self, principal: Principal, *, category: Category, code: str, reason: str
    ) -> CommandResult:
        authorize(principal, Operation.REFERENCE_MANAGE)
        entry = self._load(category, code)
        entry.reinstate(actor=principal.actor, reason=require_reason(reason))
        return self._result(entry, self.store.record(entry))

    def _load(self, category: Category, code: str) -> ReferenceEntry:
        words = category.value.replace("_", " ")
        entry: ReferenceEntry = self.store.load(
            ReferenceEntry, reference_id_for(category, code.strip().upper()), what=f"{words} {code}"
        )
        return entry

    @staticmethod
    def _result(entry: ReferenceEntry, position: int) -> CommandResult:
        return CommandResult(entry.id, entry.version, position)
