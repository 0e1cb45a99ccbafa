"""Deliverables: the documents each phase requires, submitted by the project manager."""

from __future__ import annotations

import re
from uuid import UUID

from domain.authorization import Operation, authorize
from domain.errors import InvalidCommand
from domain.principal import Principal
from domain.project import Deliverable, Project
from domain.services.projects import project_target
from domain.services.results import CommandResult
from domain.services.rulesets import RuleSetService
from domain.store import EventStore
from domain.values import require_text
from governance_rules.ruleset import Deliverable as RequiredDeliverable

_CHECKSUM = re.compile(r"^(sha256:)?([0-9a-f]{64})$")


def parse_checksum(value: str) -> str:
    match = _CHECKSUM.match(value.strip().lower())
    if not match:
        raise InvalidCommand(
            "checksum must be a SHA-256 in hex (64 characters), optionally after 'sha256:'",
            field="checksum",
        )
    return f"sha256:{match.group(2)}"


class DeliverableService:
    def __init__(self, store: EventStore, rulesets: RuleSetService) -> None:
        self.store = store
        self.rulesets = rulesets

    def submit(
        self,
        principal: Principal,
        project_id: UUID,
        *,
        kind: str,
        title: str,
        version: str,
        reference: str,
        checksum: str,
        expected_version: int | None = None,
    ) -> CommandResult:
        project: Project = self.store.load(Project, project_id, what=f"project {project_id}")
        authorize(principal, Operation.DELIVERABLE_SUBMIT, project_target(project))
        project.check_version(expected_version)
        rules = self.rulesets.in_force().rules
        phase = rules.phase_of(kind)
        if phase is None:
            known = ", ".join(d.kind for d in rules.deliverables_of(project.phase)) or "none"
            raise InvalidCommand(
                f"{rules.label} knows no deliverable {kind!r} "
                f"(deliverables of {project.phase.value}: {known})",
                field="kind",
            )
        project.submit_deliverable(
            actor=principal.actor,
            deliverable=Deliverable(
                kind=kind,
                phase=phase,
                title=require_text(title, field="title", max_length=200),
                version=require_text(version, field="version", max_length=32),
                reference=require_text(reference, field="reference", max_length=1000),
                checksum=parse_checksum(checksum),
            ),
        )
        return CommandResult(project.id, project.version, self.store.record(project))

    def missing(self, project_id: UUID) -> list[RequiredDeliverable]:
        """The deliverables the rule set in force requires in the project's phase and that
        are not submitted yet."""
        project: Project = self.store.load(Project, project_id, what=f"project {project_id}")
        submitted = project.submitted_kinds(project.phase)
        required = self.rulesets.in_force().rules.required_deliverables(project.phase)
        return [d for d in required if d.kind not in submitted]
