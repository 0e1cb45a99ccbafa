"""A project's priority scores: each scoring is an event naming who scored which criteria,
why, and under which rule set. Past scorings are never rewritten: a later rule set weighs
the same recorded scores differently."""

from __future__ import annotations

from uuid import UUID, uuid5

from domain.aggregate import JalonAggregate
from domain.errors import InvalidCommand

SCORES_NAMESPACE = UUID("3c6f2a1e-7b94-4d08-9e5a-1f2b3c4d5e6f")


def scores_id_for(project_id: UUID) -> UUID:
    return uuid5(SCORES_NAMESPACE, str(project_id))


class ProjectScores(JalonAggregate):
    class Started(JalonAggregate.Created):
        project_id: UUID

    class Scored(JalonAggregate.Event):
        """Scores of the criteria named (the others keep their earlier scores)."""

        project_id: UUID
        scores: dict[str, int]
        rule_set_hash: str  # the rule set whose criteria and scales the scores were checked by
        reason: str

        def apply(self, aggregate: ProjectScores) -> None:
            aggregate.scores.update(self.scores)

    def __init__(self, project_id: UUID) -> None:
        self.project_id = project_id
        self.scores: dict[str, int] = {}

    @classmethod
    def start(cls, *, actor: str, project_id: UUID) -> ProjectScores:
        return cls._create(
            cls.Started, id=scores_id_for(project_id), actor=actor, project_id=project_id
        )

    def score(self, *, actor: str, scores: dict[str, int], rule_set_hash: str, reason: str) -> None:
        changed = {k: v for k, v in sorted(scores.items()) if self.scores.get(k) != v}
        if not changed:
            raise InvalidCommand("the project already has these scores", field="scores")
        self.trigger_event(
            self.Scored,
            actor=actor,
            project_id=self.project_id,
            scores=changed,
            rule_set_hash=rule_set_hash,
            reason=reason,
        )
