"""Commands on MCO services: registration and commitments (PMO), monthly availability and
incidents (the team that keeps the service running)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

from domain.authorization import Operation, Target, authorize
from domain.calendar import Month, minutes_in_month
from domain.clock import event_timestamp
from domain.commitments import Commitments, check_percent
from domain.errors import DuplicateCode, InvalidCommand, NotFound
from domain.mco_service import McoService, mco_service_id_for
from domain.principal import Principal
from domain.services.results import CommandResult
from domain.store import EventStore
from domain.team import Team, team_id_for
from domain.values import parse_code, parse_decimal, require_reason, require_text


def commitments_of(
    availability_target: Decimal | str, p1_resolution_hours: Decimal | str | int
) -> Commitments:
    target = _decimal(availability_target, field="availability_target")
    hours = _decimal(p1_resolution_hours, field="p1_resolution_hours")
    minutes = hours * 60
    if minutes != minutes.to_integral_value():
        raise InvalidCommand(
            "p1_resolution_hours must be whole minutes", field="p1_resolution_hours"
        )
    return Commitments(target, int(minutes))


class McoServices:
    def __init__(self, store: EventStore, timezone: ZoneInfo) -> None:
        self.store = store
        self.timezone = timezone

    def register(
        self,
        principal: Principal,
        *,
        code: str,
        name: str,
        team: str,
        commitments: Commitments,
        effective_from: str,
    ) -> CommandResult:
        authorize(principal, Operation.MCO_SERVICE_MANAGE)
        code = parse_code(code)
        duplicate = DuplicateCode(f"an MCO service with code {code} already exists", field="code")
        self.store.require_absent(mco_service_id_for(code), duplicate)
        operator = self._team(team)
        service = McoService.register(
            actor=principal.actor,
            code=code,
            name=require_text(name, field="name", max_length=200),
            team_id=operator.id,
            commitments=commitments,
            effective_from=Month.parse(effective_from, field="effective_from"),
        )
        return _result(service, self.store.record(service, conflict=duplicate))

    def change_commitments(
        self,
        principal: Principal,
        code: str,
        *,
        commitments: Commitments,
        effective_from: str,
        reason: str,
    ) -> CommandResult:
        month = Month.parse(effective_from, field="effective_from")
        reason = require_reason(reason)
        return self._update(
            principal,
            code,
            Operation.MCO_SERVICE_MANAGE,
            lambda s: s.change_commitments(
                actor=principal.actor, commitments=commitments, effective_from=month, reason=reason
            ),
        )

    def record_availability(
        self,
        principal: Principal,
        code: str,
        *,
        month: str,
        planned_minutes: int | None = None,
        unplanned_minutes: int | None = None,
        availability: Decimal | str | None = None,
    ) -> CommandResult:
        """Minutes of planned and unplanned unavailability, or an availability percent."""
        measured = Month.parse(month)
        if measured > Month.of(self._now().astimezone(self.timezone).date()):
            raise InvalidCommand(f"month {measured} has not started yet", field="month")
        length = minutes_in_month(measured, self.timezone)
        percent = None if availability is None else _decimal(availability, field="availability")
        _check_measure(length, planned_minutes, unplanned_minutes, percent)
        return self._update(
            principal,
            code,
            Operation.MCO_SERVICE_MEASURE,
            lambda s: s.record_availability(
                actor=principal.actor, month=measured, month_minutes=length,
                planned_minutes=planned_minutes, unplanned_minutes=unplanned_minutes,
                availability=percent,
            ),
        )  # fmt: skip

    def record_incident(
        self,
        principal: Principal,
        code: str,
        *,
        priority: int,
        opened_at: datetime,
        summary: str,
        resolved_at: datetime | None = None,
        incident_id: UUID | None = None,
    ) -> CommandResult:
        incident_id = incident_id or uuid4()
        self._require_past(opened_at, "opened_at")
        if resolved_at is not None:
            self._require_past(resolved_at, "resolved_at")
        text = require_text(summary, field="summary", max_length=500)
        result = self._update(
            principal,
            code,
            Operation.MCO_SERVICE_MEASURE,
            lambda s: s.record_incident(
                actor=principal.actor, incident_id=incident_id, priority=priority,
                opened_at=opened_at, resolved_at=resolved_at, summary=text,
            ),
        )  # fmt: skip
        return CommandResult(incident_id, result.version, result.position)

    def resolve_incident(
        self, principal: Principal, code: str, incident_id: UUID, *, resolved_at: datetime
    ) -> CommandResult:
        self._require_past(resolved_at, "resolved_at")
        return self._update(
            principal,
            code,
            Operation.MCO_SERVICE_MEASURE,
            lambda s: s.resolve_incident(
                actor=principal.actor, incident_id=incident_id, resolved_at=resolved_at
            ),
        )

    def load(self, code: str) -> McoService:
        service: McoService = self.store.load(
            McoService, mco_service_id_for(parse_code(code)), what=f"MCO service {code}"
        )
        return service

    def _update(
        self,
        principal: Principal,
        code: str,
        operation: Operation,
        change: Callable[[McoService], None],
    ) -> CommandResult:
        service = self.load(code)
        lead = self.store.read(Team, service.team_id, what="team").lead_id
        authorize(principal, operation, Target(team_lead_ids=frozenset({lead})))
        change(service)
        return _result(service, self.store.record(service))

    def _team(self, code: str) -> Team:
        try:
            team: Team = self.store.read(Team, team_id_for(parse_code(code)), what="team")
        except NotFound:
            raise InvalidCommand(f"unknown team {code!r}", field="team") from None
        return team

    def _require_past(self, instant: datetime, field: str) -> None:
        if instant.tzinfo is None:
            raise InvalidCommand(
                f"{field} needs a time zone (e.g. 2025-10-03T14:05:00+02:00)", field=field
            )
        if instant > self._now():
            raise InvalidCommand(f"{field} is in the future", field=field)

    @staticmethod
    def _now() -> datetime:
        return event_timestamp()


def _check_measure(
    month_minutes: int, planned: int | None, unplanned: int | None, availability: Decimal | None
) -> None:
    by_minutes = planned is not None or unplanned is not None
    if by_minutes == (availability is not None):
        raise InvalidCommand(
            "give either planned_minutes and unplanned_minutes, or availability",
            field="availability",
        )
    if availability is not None:
        check_percent(availability, field="availability")
        return
    for name, value in (("planned_minutes", planned), ("unplanned_minutes", unplanned)):
        if value is None or value < 0:
            raise InvalidCommand(f"{name} must be 0 or more", field=name)
    assert planned is not None
    assert unplanned is not None
    if planned + unplanned > month_minutes:
        raise InvalidCommand(
            f"planned and unplanned minutes add up to more than the month ({month_minutes} min)",
            field="unplanned_minutes",
        )


def _decimal(value: Decimal | str | int, *, field: str) -> Decimal:
    return parse_decimal(value, field=field, what="a decimal number")


def _result(service: McoService, position: int) -> CommandResult:
    return CommandResult(service.id, service.version, position)
