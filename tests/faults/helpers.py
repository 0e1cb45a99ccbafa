"""What the fault tests read back: a project's recorded status reports, the views."""

from __future__ import annotations

import subprocess
from typing import Any
from uuid import UUID

from domain.project import Project
from infrastructure.bootstrap import Jalon
from projections.registry import all_projections


def recorded_reports(jalon: Jalon, project_id: UUID) -> list[Any]:
    """The project's StatusReported events, in version order."""
    mapper = jalon.store.mapper
    events = [mapper.to_domain_event(s) for s in jalon.store.recorder.select_events(project_id)]
    return [e for e in events if isinstance(e, Project.StatusReported)]


def views(jalon: Jalon) -> dict[str, list[dict[str, object]]]:
    """Every row of every view, in a canonical order."""
    projections = all_projections(jalon.runner.log.table)
    tables = [table for projection in projections for table in projection.tables]
    with jalon.database.reading() as cursor:
        return {
            table: sorted(
                (dict(r) for r in cursor.execute(f"SELECT * FROM {table}").fetchall()),
                key=lambda row: repr(sorted(row.items())),
            )
            for table in tables
        }


def system(*command: str) -> None:
    """Run one of the machine's administration commands (fixed arguments, from the tests)."""
    subprocess.run(command, check=True, capture_output=True, timeout=60)  # noqa: S603
