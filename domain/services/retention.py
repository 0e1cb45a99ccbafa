"""Applying the time-sheet retention period (GDPR, issue 11)."""

from __future__ import annotations

from datetime import date

from domain.authorization import Operation, authorize
from domain.errors import NotFound
from domain.principal import Principal
from domain.retention import RETENTION_LEDGER_ID, RetentionLedger, retention_cutoff
from domain.services.results import CommandResult
from domain.store import EventStore


class RetentionService:
    def __init__(self, store: EventStore) -> None:
        self.store = store

    def apply(self, principal: Principal, *, months: int, today: date) -> CommandResult:
        """Record that validated weeks starting before the cutoff lose their detail."""
        authorize(principal, Operation.RETENTION_APPLY)
        before = retention_cutoff(today, months)
        try:
            ledger = self.store.load(RetentionLedger, RETENTION_LEDGER_ID, what="retention")
        except NotFound:
            ledger = RetentionLedger.open(actor=principal.actor)
        ledger.erase_detail(actor=principal.actor, before=before, months=months)
        position = self.store.record(ledger)
        return CommandResult(ledger.id, ledger.version, position)
