"""Adopting a rule set, and reading the one in force (from the rule book itself)."""

from __future__ import annotations

from dataclasses import dataclass

from eventsourcing.application import AggregateNotFoundError

from domain.authorization import Operation, authorize
from domain.errors import Conflict
from domain.principal import Principal
from domain.rulebook import RULE_BOOK_ID, RuleBook
from domain.services.results import CommandResult
from domain.store import EventStore
from domain.values import require_reason
from governance_rules.loading import load
from governance_rules.ruleset import RuleSet


@dataclass(frozen=True)
class RulesInForce:
    rules: RuleSet
    content_hash: str

    @property
    def label(self) -> str:
        return self.rules.label


class RuleSetService:
    def __init__(self, store: EventStore) -> None:
        self.store = store

    def adopt(
        self, principal: Principal, *, source: str, reason: str, file: str = "<rule set>"
    ) -> CommandResult:
        """Adopt a rule set from its text (YAML); it is in force from now on."""
        authorize(principal, Operation.RULESET_ADOPT)
        reason = require_reason(reason)
        loaded = load(source, file=file)
        book = self._book() or RuleBook.open(actor=principal.actor)
        book.adopt(actor=principal.actor, reason=reason, rule_set=loaded)
        position = self.store.record(
            book, conflict=Conflict("another rule set was adopted meanwhile: check and retry")
        )
        return CommandResult(book.id, book.version, position)

    def in_force(self) -> RulesInForce:
        book = self._book()
        if book is None or book.source is None or book.content_hash is None:
            raise Conflict(
                "no rule set is in force: an administrator adopts one "
                "(jalon rules adopt governance_rules/rulesets/anap-default-v1.yaml)"
            )
        return RulesInForce(load(book.source).rules, book.content_hash)

    def _book(self) -> RuleBook | None:
        try:
            book = self.store.get(RULE_BOOK_ID)
        except AggregateNotFoundError:
            return None
        assert isinstance(book, RuleBook)
        return book
