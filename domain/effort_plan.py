"""A project's planned effort: hours per month (the plan that time spent is compared to)."""

from __future__ import annotations

from uuid import UUID, uuid5

from domain.aggregate import JalonAggregate
from domain.calendar import Month
from domain.errors import InvalidCommand

EFFORT_PLAN_NAMESPACE = UUID("9e3d5b71-2c4a-4f86-b1e0-6a7c8d9f0b25")


def effort_plan_id_for(project_id: UUID) -> UUID:
    return uuid5(EFFORT_PLAN_NAMESPACE, str(project_id))


class EffortPlan(JalonAggregate):
    class Started(JalonAggregate.Created):
        project_id: UUID

    class Planned(JalonAggregate.Event):
        """Planned minutes for the months named (0 removes a month from the plan)."""

        project_id: UUID
        months: dict[str, int]
        reason: str

        def apply(self, aggregate: EffortPlan) -> None:
            for month, minutes in self.months.items():
                if minutes:
                    aggregate.months[month] = minutes
                else:
                    aggregate.months.pop(month, None)

    def __init__(self, project_id: UUID) -> None:
        self.project_id = project_id
        self.months: dict[str, int] = {}

    @classmethod
    def start(cls, *, actor: str, project_id: UUID) -> EffortPlan:
        return cls._create(
            cls.Started, id=effort_plan_id_for(project_id), actor=actor, project_id=project_id
        )

    def plan(self, *, actor: str, months: dict[Month, int], reason: str) -> None:
        changes = {
            str(month): minutes
            for month, minutes in sorted(months.items())
            if self.months.get(str(month), 0) != minutes
        }
        if not changes:
            raise InvalidCommand("the plan already has these hours", field="months")
        self.trigger_event(
            self.Planned, actor=actor, project_id=self.project_id, months=changes, reason=reason
        )
