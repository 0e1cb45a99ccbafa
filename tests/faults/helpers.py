"""What the fault tests read back: a project's recorded status reports, the views."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.project import Project
from infrastructure.bootstrap import Jalon
from tests.integration.helpers import view_rows

VIEWS = [
    ("portfolio_projects", "project_id"),
    ("project_status_reports", "position"),
    ("people", "person_id"),
    ("reference_entries", "entry_id"),
]


def recorded_reports(jalon: Jalon, project_id: UUID) -> list[Any]:
    """The project's StatusReported events, in version order."""
    mapper = jalon.store.mapper
    events = [mapper.to_domain_event(s) for s in jalon.store.recorder.select_events(project_id)]
    return [e for e in events if isinstance(e, Project.StatusReported)]


def views(jalon: Jalon) -> dict[str, list[dict[str, object]]]:
    return {table: view_rows(jalon, table, order) for table, order in VIEWS}
