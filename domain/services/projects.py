"""Commands on projects."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

from domain.authorization import Operation, Target, authorize
from domain.calendar import Month
from domain.clock import event_timestamp
from domain.errors import DuplicateCode, InvalidCommand
from domain.principal import Principal
from domain.project import BudgetLine, Project, project_id_for
from domain.services.lookups import References
from domain.services.results import CommandResult
from domain.store import EventStore
from domain.values import (
    Dimension,
    PriorityCriterion,
    ProjectKind,
    Role,
    Weather,
    parse_code,
    parse_euros,
    require_reason,
    require_text,
)


@dataclass(frozen=True)
class ProjectRegistration:
    code: str
    name: str
    establishment: str
    functional_area: str
    kind: ProjectKind
    sponsor_id: UUID
    manager_id: UUID
    description: str = ""
    priority_criteria: list[str] = field(default_factory=list)


def _criteria(values: list[str]) -> list[str]:
    try:
        return sorted({PriorityCriterion(v).value for v in values})
    except ValueError:
        known = ", ".join(c.value for c in PriorityCriterion)
        raise InvalidCommand(
            f"priority_criteria must be among: {known}", field="priority_criteria"
        ) from None


def project_target(project: Project) -> Target:
    return Target(manager_id=project.manager_id, establishment=project.establishment)


class ProjectService:
    def __init__(self, store: EventStore, timezone: ZoneInfo) -> None:
        self.store = store
        self.timezone = timezone
        self.references = References(store)

    def register(self, principal: Principal, command: ProjectRegistration) -> CommandResult:
        code = parse_code(command.code)
        establishment = self.references.establishment(command.establishment)
        target = Target(manager_id=command.manager_id, establishment=establishment)
        authorize(principal, Operation.PROJECT_REGISTER, target)
        duplicate = DuplicateCode(f"a project with code {code} already exists", field="code")
        if self.store.exists(project_id_for(code)):
            raise duplicate
        self.references.person(command.manager_id, field="manager_id", role=Role.PROJECT_MANAGER)
        self.references.person(command.sponsor_id, field="sponsor_id")
        project = Project.register(
            actor=principal.actor,
            code=code,
            name=require_text(command.name, field="name", max_length=200),
            establishment=establishment,
            functional_area=self.references.functional_area(command.functional_area),
            kind=command.kind,
            sponsor_id=command.sponsor_id,
            manager_id=command.manager_id,
            description=require_text(
                command.description, field="description", max_length=5000, allow_empty=True
            ),
            priority_criteria=_criteria(command.priority_criteria),
        )
        return self._result(project, self.store.record(project, conflict=duplicate))

    def update_charter(
        self,
        principal: Principal,
        project_id: UUID,
        *,
        changes: dict[str, Any],
        reason: str,
        expected_version: int | None = None,
    ) -> CommandResult:
        normalised = self._normalise_charter(changes)
        return self._update(
            principal,
            project_id,
            expected_version,
            lambda p: p.update_charter(
                actor=principal.actor, reason=require_reason(reason), changes=normalised
            ),
        )

    def change_manager(
        self,
        principal: Principal,
        project_id: UUID,
        *,
        manager_id: UUID,
        reason: str,
        expected_version: int | None = None,
    ) -> CommandResult:
        def change(project: Project) -> None:
            self.references.person(manager_id, field="manager_id", role=Role.PROJECT_MANAGER)
            project.change_manager(
                actor=principal.actor, reason=require_reason(reason), manager_id=manager_id
            )

        return self._update(
            principal, project_id, expected_version, change, Operation.PROJECT_REASSIGN
        )

    def record_budget(
        self,
        principal: Principal,
        project_id: UUID,
        *,
        year: int,
        envelope: Decimal | str,
        committed: Decimal | str,
        spent: Decimal | str,
        forecast: Decimal | str,
        reason: str,
        expected_version: int | None = None,
    ) -> CommandResult:
        line = BudgetLine(
            year=year,
            envelope=parse_euros(envelope, field="envelope"),
            committed=parse_euros(committed, field="committed"),
            spent=parse_euros(spent, field="spent"),
            forecast=parse_euros(forecast, field="forecast"),
        )
        return self._update(
            principal,
            project_id,
            expected_version,
            lambda p: p.record_budget(
                actor=principal.actor, reason=require_reason(reason), line=line
            ),
        )

    def add_milestone(
        self,
        principal: Principal,
        project_id: UUID,
        *,
        name: str,
        baseline: date,
        expected_version: int | None = None,
        milestone_id: UUID | None = None,
    ) -> CommandResult:
        milestone_id = milestone_id or uuid4()
        name = require_text(name, field="name", max_length=200)
        result = self._update(
            principal,
            project_id,
            expected_version,
            lambda p: p.add_milestone(
                actor=principal.actor, milestone_id=milestone_id, name=name, baseline=baseline
            ),
        )
        return CommandResult(milestone_id, result.version, result.position)

    def reforecast_milestone(
        self,
        principal: Principal,
        project_id: UUID,
        milestone_id: UUID,
        *,
        forecast: date,
        reason: str,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._update(
            principal,
            project_id,
            expected_version,
            lambda p: p.reforecast_milestone(
                actor=principal.actor,
                reason=require_reason(reason),
                milestone_id=milestone_id,
                forecast=forecast,
            ),
        )

    def achieve_milestone(
        self,
        principal: Principal,
        project_id: UUID,
        milestone_id: UUID,
        *,
        achieved_on: date,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._update(
            principal,
            project_id,
            expected_version,
            lambda p: p.achieve_milestone(
                actor=principal.actor,
                milestone_id=milestone_id,
                achieved_on=achieved_on,
                today=self._today(),
            ),
        )

    def report_status(
        self,
        principal: Principal,
        project_id: UUID,
        *,
        month: str,
        weather: dict[str, str],
        comment: str,
        expected_version: int | None = None,
    ) -> CommandResult:
        parsed_month = Month.parse(month)
        parsed_weather = _weather(weather)
        text = require_text(comment, field="comment", max_length=5000, allow_empty=True)
        return self._update(
            principal,
            project_id,
            expected_version,
            lambda p: p.report_status(
                actor=principal.actor,
                month=parsed_month,
                weather=parsed_weather,
                comment=text,
                current_month=Month.of(self._today()),
            ),
        )

    def add_risk(
        self,
        principal: Principal,
        project_id: UUID,
        *,
        title: str,
        gravity: int,
        probability: int,
        owner_id: UUID,
        treatment_plan: str,
        expected_version: int | None = None,
        risk_id: UUID | None = None,
    ) -> CommandResult:
        risk_id = risk_id or uuid4()
        title = require_text(title, field="title", max_length=200)
        plan = require_text(
            treatment_plan, field="treatment_plan", max_length=5000, allow_empty=True
        )

        def add(project: Project) -> None:
            self.references.person(owner_id, field="owner_id")
            project.add_risk(
                actor=principal.actor,
                risk_id=risk_id,
                title=title,
                gravity=gravity,
                probability=probability,
                owner_id=owner_id,
                treatment_plan=plan,
            )

        result = self._update(principal, project_id, expected_version, add)
        return CommandResult(risk_id, result.version, result.position)

    def reassess_risk(
        self,
        principal: Principal,
        project_id: UUID,
        risk_id: UUID,
        *,
        gravity: int,
        probability: int,
        reason: str,
        treatment_plan: str | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        plan = (
            None
            if treatment_plan is None
            else require_text(
                treatment_plan, field="treatment_plan", max_length=5000, allow_empty=True
            )
        )
        return self._update(
            principal,
            project_id,
            expected_version,
            lambda p: p.reassess_risk(
                actor=principal.actor,
                reason=require_reason(reason),
                risk_id=risk_id,
                gravity=gravity,
                probability=probability,
                treatment_plan=plan,
            ),
        )

    def close_risk(
        self,
        principal: Principal,
        project_id: UUID,
        risk_id: UUID,
        *,
        reason: str,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._update(
            principal,
            project_id,
            expected_version,
            lambda p: p.close_risk(
                actor=principal.actor, reason=require_reason(reason), risk_id=risk_id
            ),
        )

    def load(self, project_id: UUID) -> Project:
        project: Project = self.store.load(Project, project_id, what=f"project {project_id}")
        return project

    def _update(
        self,
        principal: Principal,
        project_id: UUID,
        expected_version: int | None,
        change: Callable[[Project], None],
        operation: Operation = Operation.PROJECT_UPDATE,
    ) -> CommandResult:
        project = self.load(project_id)
        authorize(principal, operation, project_target(project))
        project.check_version(expected_version)
        change(project)
        return self._result(project, self.store.record(project))

    def _today(self) -> date:
        return event_timestamp().astimezone(self.timezone).date()

    def _normalise_charter(self, changes: dict[str, Any]) -> dict[str, Any]:
        normalised: dict[str, Any] = {}
        for name, value in changes.items():
            match name:
                case "name":
                    normalised[name] = require_text(value, field="name", max_length=200)
                case "description":
                    normalised[name] = require_text(
                        value, field="description", max_length=5000, allow_empty=True
                    )
                case "functional_area":
                    normalised[name] = self.references.functional_area(value)
                case "sponsor_id":
                    normalised[name] = self.references.person(value, field="sponsor_id").id
                case "priority_criteria":
                    normalised[name] = _criteria(value)
                case _:
                    raise InvalidCommand(f"{name} is not a charter field", field=name)
        return normalised

    @staticmethod
    def _result(project: Project, position: int) -> CommandResult:
        return CommandResult(project.id, project.version, position)


def _weather(values: dict[str, str]) -> dict[Dimension, Weather]:
    parsed: dict[Dimension, Weather] = {}
    for key, value in values.items():
        try:
            dimension = Dimension(key)
        except ValueError:
            raise InvalidCommand(
                f"weather: {key!r} is not a QCDR dimension (quality, cost, deadline, risk)",
                field="weather",
            ) from None
        try:
            parsed[dimension] = Weather(value)
        except ValueError:
            raise InvalidCommand(
                f"weather.{key}: {value!r} is not green, yellow, orange or red",
                field=f"weather.{key}",
            ) from None
    return parsed
