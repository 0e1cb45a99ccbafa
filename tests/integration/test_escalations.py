"""Escalations through the service and the board view, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import Conflict, Forbidden, InvalidCommand
from domain.services.escalations import ActionInput
from infrastructure.bootstrap import Jalon
from projections.queries.escalations import board, get_escalation, list_escalations
from tests.integration.helpers import register
from tests.support import Group


def test_an_escalation_walks_its_life_cycle_with_actors_and_reasons(
    jalon: Jalon, group: Group
) -> None:
    project = register(jalon, group).id
    service = jalon.escalations
    opened = service.open(group.pmo, project_id=project, reason="budget drift")
    eid = opened.id
    with pytest.raises(Forbidden):  # another manager's project
        service.acknowledge(group.other_manager, eid, reason="seen")
    with pytest.raises(Conflict, match="possible only from"):
        service.agree_action_plan(
            group.manager, eid, reason="plan",
            actions=[ActionInput("re-plan", group.manager.person_id, date(2026, 1, 31))],
        )  # fmt: skip
    service.acknowledge(group.manager, eid, reason="seen, will propose a plan")
    with pytest.raises(Conflict, match="at least one action"):
        service.agree_action_plan(group.manager, eid, reason="plan", actions=[])
    assert group.manager.person_id is not None
    service.agree_action_plan(
        group.manager, eid, reason="agreed with the PMO",
        actions=[ActionInput("re-plan the build", group.manager.person_id, date(2026, 1, 31))],
    )  # fmt: skip
    with pytest.raises(Conflict, match="an assistant assigned"):
        service.start_monitoring(group.manager, eid, reason="go")
    with pytest.raises(Forbidden):
        service.assign_assistant(group.manager, eid, assistant_id=group.pmo.person_id, reason="x")
    assert group.pmo.person_id is not None
    service.assign_assistant(group.pmo, eid, assistant_id=group.pmo.person_id, reason="I help")
    service.start_monitoring(group.manager, eid, reason="plan running")
    with pytest.raises(Forbidden):
        service.close(group.manager, eid, reason="done")
    last = service.close(group.pmo, eid, reason="back on track")
    with pytest.raises(Conflict, match="is closed"):
        service.cancel(group.pmo, eid, reason="oops")
    jalon.wait_for(last.position)
    with jalon.database.reading() as cursor:
        detail = get_escalation(cursor, str(eid))
        counts = board(cursor)["counts"]
    assert detail is not None
    assert detail["state"] == "closed" and detail["origin"] == "manual"
    assert [s["step"] for s in detail["steps"]] == [
        "opened", "acknowledged", "action_plan_agreed", "assistant_assigned",
        "monitoring_started", "closed",
    ]  # fmt: skip
    assert [s["reason"] for s in detail["steps"]][-1] == "back on track"
    assert detail["actions"][0]["due"] == "2026-01-31"
    assert detail["assistant"]["id"] == str(group.pmo.person_id)
    assert counts["closed"] == 1 and counts["opened"] == 0


def test_refusals_record_nothing(jalon: Jalon, group: Group) -> None:
    project = register(jalon, group).id
    with pytest.raises(Forbidden):
        jalon.escalations.open(group.manager, project_id=project, reason="help")
    with pytest.raises(InvalidCommand, match="reason"):
        jalon.escalations.open(group.pmo, project_id=project, reason="  ")
    eid = jalon.escalations.open(group.pmo, project_id=project, reason="help").id
    with pytest.raises(InvalidCommand) as error:
        jalon.escalations.assign_assistant(
            group.pmo, eid, assistant_id=project, reason="not a person"
        )
    assert error.value.field == "assistant_id"
    jalon.escalations.cancel(group.pmo, eid, reason="opened by mistake")
    jalon.runner.catch_up()
    with jalon.database.reading() as cursor:
        rows = list_escalations(cursor)
        assert [r["state"] for r in rows] == ["cancelled"]
        assert list_escalations(cursor, state="opened") == []
