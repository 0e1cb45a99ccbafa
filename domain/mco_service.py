"""An MCO service (patient file, lab system, network...) kept in operation by a team, with its
commitments, monthly availability measurements and incidents."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from uuid import UUID, uuid5

from domain.aggregate import JalonAggregate
from domain.calendar import Month
from domain.commitments import Commitments
from domain.errors import Conflict, InvalidCommand, NotFound

MCO_SERVICE_NAMESPACE = UUID("2b8e6f4a-9c1d-4e73-a5b0-8d3f7e2c1a96")
PRIORITIES = (1, 2, 3, 4)


def mco_service_id_for(code: str) -> UUID:
    return uuid5(MCO_SERVICE_NAMESPACE, code)


class McoService(JalonAggregate):
    class Registered(JalonAggregate.Created):
        code: str
        name: str
        team_id: UUID
        availability_target: Decimal
        p1_resolution_minutes: int
        effective_from: str

    class CommitmentsChanged(JalonAggregate.Event):
        availability_target: Decimal
        p1_resolution_minutes: int
        effective_from: str  # the first month they apply to
        reason: str

        def apply(self, aggregate: McoService) -> None:
            aggregate.commitments = Commitments(
                self.availability_target, self.p1_resolution_minutes
            )
            aggregate.effective_from = Month.parse(self.effective_from)

    class AvailabilityRecorded(JalonAggregate.Event):
        """Either minutes of unavailability (planned, unplanned) or an availability percent."""

        month: str
        month_minutes: int
        planned_minutes: int | None
        unplanned_minutes: int | None
        availability: Decimal | None
        supersedes_earlier: bool

        def apply(self, aggregate: McoService) -> None:
            aggregate.measured_months.add(self.month)

    class IncidentRecorded(JalonAggregate.Event):
        incident_id: UUID
        priority: int
        opened_at: datetime
        resolved_at: datetime | None
        summary: str

        def apply(self, aggregate: McoService) -> None:
            if self.resolved_at is None:
                aggregate.open_incidents[self.incident_id] = self.opened_at

    class IncidentResolved(JalonAggregate.Event):
        incident_id: UUID
        resolved_at: datetime

        def apply(self, aggregate: McoService) -> None:
            aggregate.open_incidents.pop(self.incident_id, None)

    def __init__(
        self,
        code: str,
        name: str,
        team_id: UUID,
        availability_target: Decimal,
        p1_resolution_minutes: int,
        effective_from: str,
    ) -> None:
        self.code = code
        self.name = name
        self.team_id = team_id
        self.commitments = Commitments(availability_target, p1_resolution_minutes)
        self.effective_from = Month.parse(effective_from)
        self.measured_months: set[str] = set()
        self.open_incidents: dict[UUID, datetime] = {}

    @classmethod
    def register(
        cls,
        *,
        actor: str,
        code: str,
        name: str,
        team_id: UUID,
        commitments: Commitments,
        effective_from: Month,
    ) -> McoService:
        return cls._create(
            cls.Registered,
            id=mco_service_id_for(code),
            actor=actor,
            code=code,
            name=name,
            team_id=team_id,
            availability_target=commitments.availability_target,
            p1_resolution_minutes=commitments.p1_resolution_minutes,
            effective_from=str(effective_from),
        )

    def change_commitments(
        self, *, actor: str, commitments: Commitments, effective_from: Month, reason: str
    ) -> None:
        if effective_from < self.effective_from:
            raise InvalidCommand(
                f"effective_from must not be before {self.effective_from}, "
                "when the current commitments took effect",
                field="effective_from",
            )
        if commitments == self.commitments:
            raise InvalidCommand(f"service {self.code} already has these commitments")
        self.trigger_event(
            self.CommitmentsChanged,
            actor=actor,
            availability_target=commitments.availability_target,
            p1_resolution_minutes=commitments.p1_resolution_minutes,
            effective_from=str(effective_from),
            reason=reason,
        )

    def record_availability(
        self,
        *,
        actor: str,
        month: Month,
        month_minutes: int,
        planned_minutes: int | None,
        unplanned_minutes: int | None,
        availability: Decimal | None,
    ) -> None:
        self.trigger_event(
            self.AvailabilityRecorded,
            actor=actor,
            month=str(month),
            month_minutes=month_minutes,
            planned_minutes=planned_minutes,
            unplanned_minutes=unplanned_minutes,
            availability=availability,
            supersedes_earlier=str(month) in self.measured_months,
        )

    def record_incident(
        self,
        *,
        actor: str,
        incident_id: UUID,
        priority: int,
        opened_at: datetime,
        resolved_at: datetime | None,
        summary: str,
    ) -> None:
        if priority not in PRIORITIES:
            raise InvalidCommand(f"priority must be 1 to 4, got {priority}", field="priority")
        if resolved_at is not None and resolved_at < opened_at:
            raise InvalidCommand("resolved_at is before opened_at", field="resolved_at")
        if incident_id in self.open_incidents:
            raise Conflict(f"incident {incident_id} is already recorded")
        self.trigger_event(
            self.IncidentRecorded,
            actor=actor,
            incident_id=incident_id,
            priority=priority,
            opened_at=opened_at,
            resolved_at=resolved_at,
            summary=summary,
        )

    def resolve_incident(self, *, actor: str, incident_id: UUID, resolved_at: datetime) -> None:
        opened_at = self.open_incidents.get(incident_id)
        if opened_at is None:
            raise NotFound(f"service {self.code} has no open incident {incident_id}")
        if resolved_at < opened_at:
            raise InvalidCommand(
                "resolved_at is before the incident was opened", field="resolved_at"
            )
        self.trigger_event(
            self.IncidentResolved, actor=actor, incident_id=incident_id, resolved_at=resolved_at
        )
