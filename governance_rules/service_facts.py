"""MCO services as recorded so far, for the commitment rule: each service's team, its
commitments over time, its monthly availability (the latest measurement) and its incidents.
A month is judged like the commitments report judges it (`domain.commitments.assess`), a
priority-1 incident still open counting up to the instant of the judgement."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from decimal import Decimal
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from domain.calendar import Month
from domain.commitments import Commitments, assess, availability_from_minutes
from governance_rules.escalation_rules import ServiceMonth
from governance_rules.history_event import HistoryEvent


@dataclass
class _Incident:
    priority: int
    opened_at: datetime
    resolved_at: datetime | None


@dataclass
class _Service:
    code: str
    team_id: UUID
    commitments: dict[str, Commitments] = field(default_factory=dict)  # effective from → ...
    availability: dict[str, Decimal] = field(default_factory=dict)  # month → percent
    incidents: dict[str, _Incident] = field(default_factory=dict)

    def in_force(self, month: str) -> Commitments | None:
        started = [m for m in self.commitments if m <= month]
        return self.commitments[max(started)] if started else None


class ServiceFacts:
    def __init__(self, zone: ZoneInfo) -> None:
        self.zone = zone
        self.services: dict[UUID, _Service] = {}

    def apply(self, event: HistoryEvent) -> None:
        d, name = event.data, event.name
        if name == "McoService.Registered":
            self.services[event.originator_id] = _Service(str(d["code"]), UUID(str(d["team_id"])))
        service = self.services.get(event.originator_id)
        if service is None:
            return
        if name in ("McoService.Registered", "McoService.CommitmentsChanged"):
            service.commitments[str(d["effective_from"])] = Commitments(
                Decimal(str(d["availability_target"])), int(d["p1_resolution_minutes"])
            )
        elif name == "McoService.AvailabilityRecorded":
            service.availability[str(d["month"])] = _availability(d)
        elif name == "McoService.IncidentRecorded":
            service.incidents[str(d["incident_id"])] = _Incident(
                int(d["priority"]), d["opened_at"], d["resolved_at"]
            )
        elif name == "McoService.IncidentResolved":
            incident = service.incidents.get(str(d["incident_id"]))
            if incident is not None:
                incident.resolved_at = d["resolved_at"]

    def month(self, month: Month, at: datetime) -> list[tuple[UUID, ServiceMonth]]:
        """Each service with commitments in force in the month, judged at `at`: its team
        and its verdict (by service code)."""
        start = datetime.combine(month.first_day, time(0), tzinfo=self.zone)
        end = datetime.combine(month.next().first_day, time(0), tzinfo=self.zone)
        judged = []
        for service in sorted(self.services.values(), key=lambda s: s.code):
            commitments = service.in_force(str(month))
            if commitments is None:
                continue
            p1 = [
                int(((i.resolved_at or at) - i.opened_at).total_seconds() // 60)
                for i in service.incidents.values()
                if i.priority == 1 and start <= i.opened_at < end
            ]
            availability = service.availability.get(str(month))
            verdict = assess(commitments, availability, p1)
            judged.append((
                service.team_id,
                ServiceMonth(
                    service.code, str(month), verdict.verdict.value, availability,
                    commitments.availability_target, verdict.p1_over_limit,
                ),
            ))  # fmt: skip
        return judged


def _availability(d: dict[str, Any]) -> Decimal:
    if d["availability"] is not None:
        return Decimal(str(d["availability"]))
    return availability_from_minutes(
        int(d["month_minutes"]), int(d["planned_minutes"]), int(d["unplanned_minutes"])
    )
