"""MCO services: their commitments over time, monthly availability measurements, incidents.
Percentages are kept as integer thousandths of a percent (99.5 % → 99500)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import ClassVar

from infrastructure.database import Cursor, Database
from infrastructure.sqlvalues import timestamp_text
from projections.base import Projection
from projections.events import RecordedEvent

PERCENT_SCALE = 1000

_DDL = [
    "CREATE TABLE IF NOT EXISTS mco_services ("
    "service_id TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, "
    "team_id TEXT NOT NULL, registered_at TEXT NOT NULL, version BIGINT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS mco_commitments ("
    "service_id TEXT NOT NULL, effective_from TEXT NOT NULL, target_mpct BIGINT NOT NULL, "
    "p1_resolution_minutes BIGINT NOT NULL, recorded_at TEXT NOT NULL, "
    "PRIMARY KEY (service_id, effective_from))",
    "CREATE TABLE IF NOT EXISTS mco_availability ("
    "service_id TEXT NOT NULL, month TEXT NOT NULL, month_minutes BIGINT NOT NULL, "
    "planned_minutes BIGINT, unplanned_minutes BIGINT, availability_mpct BIGINT, "
    "recorded_at TEXT NOT NULL, recorded_by TEXT NOT NULL, corrections BIGINT NOT NULL, "
    "PRIMARY KEY (service_id, month))",
    "CREATE TABLE IF NOT EXISTS mco_incidents ("
    "incident_id TEXT PRIMARY KEY, service_id TEXT NOT NULL, priority BIGINT NOT NULL, "
    "opened_at TEXT NOT NULL, resolved_at TEXT, summary TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS mco_incidents_opened ON mco_incidents (opened_at)",
]


def thousandths(percent: Decimal | None) -> int | None:
    return None if percent is None else int(percent * PERCENT_SCALE)


class CommitmentsProjection(Projection):
    name = "commitments"
    version = 1
    tables = ("mco_services", "mco_commitments", "mco_availability", "mco_incidents")
    topics_prefixes: ClassVar[tuple[str, ...]] = ("domain.mco_service:",)

    def ddl(self, database: Database) -> list[str]:
        return list(_DDL)

    def apply(self, cursor: Cursor, events: Sequence[RecordedEvent]) -> None:
        for event in events:
            d = event.data
            service_id = event.object_id
            at = timestamp_text(event.timestamp)
            match event.name:
                case "McoService.Registered":
                    cursor.execute(
                        "INSERT INTO mco_services (service_id, code, name, team_id, "
                        "registered_at, version) VALUES (%s, %s, %s, %s, %s, %s)",
                        (service_id, d["code"], d["name"], str(d["team_id"]), at,
                         event.originator_version),
                    )  # fmt: skip
                    _commit(cursor, service_id, event)
                case "McoService.CommitmentsChanged":
                    _commit(cursor, service_id, event)
                case "McoService.AvailabilityRecorded":
                    cursor.execute(
                        "INSERT INTO mco_availability (service_id, month, month_minutes, "
                        "planned_minutes, unplanned_minutes, availability_mpct, recorded_at, "
                        "recorded_by, corrections) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, 0) "
                        "ON CONFLICT (service_id, month) DO UPDATE SET "
                        "month_minutes=excluded.month_minutes, "
                        "planned_minutes=excluded.planned_minutes, "
                        "unplanned_minutes=excluded.unplanned_minutes, "
                        "availability_mpct=excluded.availability_mpct, "
                        "recorded_at=excluded.recorded_at, recorded_by=excluded.recorded_by, "
                        "corrections=mco_availability.corrections + 1",
                        (service_id, d["month"], d["month_minutes"], d["planned_minutes"],
                         d["unplanned_minutes"], thousandths(d["availability"]), at, event.actor),
                    )  # fmt: skip
                case "McoService.IncidentRecorded":
                    resolved = d["resolved_at"]
                    cursor.execute(
                        "INSERT INTO mco_incidents (incident_id, service_id, priority, "
                        "opened_at, resolved_at, summary) VALUES (%s, %s, %s, %s, %s, %s)",
                        (str(d["incident_id"]), service_id, d["priority"],
                         timestamp_text(d["opened_at"]),
                         None if resolved is None else timestamp_text(resolved), d["summary"]),
                    )  # fmt: skip
                case "McoService.IncidentResolved":
                    cursor.execute(
                        "UPDATE mco_incidents SET resolved_at=%s WHERE incident_id=%s",
                        (timestamp_text(d["resolved_at"]), str(d["incident_id"])),
                    )
            if event.name != "McoService.Registered":
                cursor.execute(
                    "UPDATE mco_services SET version=%s WHERE service_id=%s",
                    (event.originator_version, service_id),
                )


def _commit(cursor: Cursor, service_id: str, event: RecordedEvent) -> None:
    d = event.data
    cursor.execute(
        "INSERT INTO mco_commitments (service_id, effective_from, target_mpct, "
        "p1_resolution_minutes, recorded_at) VALUES (%s, %s, %s, %s, %s) "
        "ON CONFLICT (service_id, effective_from) DO UPDATE SET "
        "target_mpct=excluded.target_mpct, "
        "p1_resolution_minutes=excluded.p1_resolution_minutes, recorded_at=excluded.recorded_at",
        (service_id, d["effective_from"], thousandths(d["availability_target"]),
         d["p1_resolution_minutes"], timestamp_text(event.timestamp)),
    )  # fmt: skip
