"""Scoring a project against the priority criteria of the rule set in force."""

from __future__ import annotations

from uuid import UUID

from domain.authorization import Operation, authorize
from domain.errors import Conflict, InvalidCommand, NotFound
from domain.principal import Principal
from domain.project import Project
from domain.scoring import ProjectScores, scores_id_for
from domain.services.projects import project_target
from domain.services.results import CommandResult
from domain.services.rulesets import RuleSetService
from domain.store import EventStore
from domain.values import require_reason

MAX_CRITERIA = 20


class ScoringService:
    def __init__(self, store: EventStore, rulesets: RuleSetService) -> None:
        self.store = store
        self.rulesets = rulesets

    def score(
        self,
        principal: Principal,
        project_id: UUID,
        *,
        scores: dict[str, int],
        reason: str,
        expected_version: int | None = None,
    ) -> CommandResult:
        """Record scores of some criteria (checked against the rule set in force)."""
        project: Project = self.store.load(Project, project_id, what=f"project {project_id}")
        authorize(principal, Operation.PROJECT_SCORE, project_target(project))
        project.require_open("score it")
        reason = require_reason(reason)
        if not scores:
            raise InvalidCommand("score at least one criterion", field="scores")
        if len(scores) > MAX_CRITERIA:
            raise InvalidCommand(f"at most {MAX_CRITERIA} criteria at once", field="scores")
        in_force = self.rulesets.in_force()
        rules = in_force.rules.prioritisation
        if rules is None:
            raise Conflict(
                f"the rule set in force ({in_force.label}) defines no priority criteria: "
                "an administrator adopts one that does (e.g. anap-priority-v1.yaml)"
            )
        problems = rules.check(scores)
        if problems:
            field = problems[0][0]
            raise InvalidCommand("; ".join(m for _, m in problems), field=field)
        try:
            record: ProjectScores = self.store.load(
                ProjectScores, scores_id_for(project_id), what="project scores"
            )
        except NotFound:
            record = ProjectScores.start(actor=principal.actor, project_id=project_id)
        record.check_version(expected_version)
        record.score(
            actor=principal.actor,
            scores=scores,
            rule_set_hash=in_force.content_hash,
            reason=reason,
        )
        return CommandResult(project_id, record.version, self.store.record(record))
