"""The rule book: which rule set is in force. Adopting one records its full text and the
sha256 of that text, so every later decision can name the rules it was taken under."""

from __future__ import annotations

from uuid import UUID, uuid5

from domain.aggregate import JalonAggregate
from domain.errors import Conflict
from governance_rules.loading import LoadedRuleSet

RULE_BOOK_ID = uuid5(UUID("5a1e9b7c-3d2f-4c8e-a6b0-9e7d1c2f3a4b"), "rule-book")


class RuleBook(JalonAggregate):
    class Opened(JalonAggregate.Created):
        pass

    class RuleSetAdopted(JalonAggregate.Event):
        name: str
        version: int
        content_hash: str
        source: str
        reason: str

        def apply(self, aggregate: RuleBook) -> None:
            aggregate.content_hash = self.content_hash
            aggregate.source = self.source
            aggregate.label = f"{self.name} v{self.version}"

    def __init__(self) -> None:
        self.content_hash: str | None = None
        self.source: str | None = None
        self.label: str | None = None

    @classmethod
    def open(cls, *, actor: str) -> RuleBook:
        return cls._create(cls.Opened, id=RULE_BOOK_ID, actor=actor)

    def adopt(self, *, actor: str, reason: str, rule_set: LoadedRuleSet) -> None:
        if rule_set.content_hash == self.content_hash:
            raise Conflict(
                f"{self.label} ({rule_set.content_hash[:12]}) is already the rule set in force"
            )
        self.trigger_event(
            self.RuleSetAdopted,
            actor=actor,
            reason=reason,
            name=rule_set.rules.name,
            version=rule_set.rules.version,
            content_hash=rule_set.content_hash,
            source=rule_set.source,
        )
