"""Batches: many commands, one transaction; each aggregate read once."""

from __future__ import annotations

import pytest

from domain.calendar import Month
from domain.errors import Conflict
from domain.project import Project
from domain.values import Dimension, Weather
from tests.support import Group, project_registration
from tests.unit.conftest import Services

GREEN = {"quality": "green", "cost": "green", "deadline": "green", "risk": "green"}


def test_commands_in_a_batch_see_each_other_and_are_recorded_together(
    services: Services, group: Group
) -> None:
    project = services.projects.register(group.pmo, project_registration(group)).id
    head = services.store.recorder.max_notification_id()
    with services.store.batch() as batch:
        services.projects.report_status(
            group.manager, project, month="2025-01", weather=GREEN, comment=""
        )
        services.projects.report_status(
            group.manager, project, month="2025-02", weather=GREEN, comment=""
        )
        assert services.store.recorder.max_notification_id() == head  # nothing recorded yet
    assert batch.last_position == head + 2
    loaded = services.store.get(project)
    assert isinstance(loaded, Project) and loaded.reported_months == {"2025-01", "2025-02"}


def test_a_read_in_a_batch_is_a_copy_that_a_failed_command_cannot_spoil(
    services: Services, group: Group
) -> None:
    project = services.projects.register(group.pmo, project_registration(group)).id
    with services.store.batch():
        first = services.store.get(project)
        assert isinstance(first, Project)
        first.reported_months.add("2099-01")  # a command that changed it, then failed
        again = services.store.read(Project, project, what="project")
        assert "2099-01" not in again.reported_months
        assert services.store.get(project) is not again


def test_a_batch_that_loses_a_race_records_nothing(services: Services, group: Group) -> None:
    project = services.projects.register(group.pmo, project_registration(group)).id
    head = services.store.recorder.max_notification_id()

    def race() -> None:
        with services.store.batch():
            services.projects.report_status(
                group.manager, project, month="2025-01", weather=GREEN, comment=""
            )
            rival = services.store.repository.get(project)  # someone else, meanwhile
            rival.report_status(
                actor="x", month=Month(2025, 3), weather=dict.fromkeys(Dimension, Weather.GREEN),
                comment="", current_month=Month(2026, 1),
            )  # fmt: skip
            services.store.save(rival)

    with pytest.raises(Conflict):
        race()
    assert services.store.recorder.max_notification_id() == head + 1  # only the rival's event
