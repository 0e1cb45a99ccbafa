from uuid import uuid4

import pytest

from domain.authorization import MATRIX, Operation, Target, authorize, may
from domain.errors import Forbidden
from domain.principal import SYSTEM, Principal
from domain.values import Role


def test_every_operation_has_a_row_in_the_matrix() -> None:
    assert set(MATRIX) == set(Operation)


def test_auditors_may_perform_no_write() -> None:
    auditor = Principal(uuid4(), frozenset({Role.AUDITOR}))
    writes = [op for op in Operation if not op.value.endswith(".read")]
    assert writes
    assert not any(may(auditor, op, Target(owner_id=auditor.person_id)) for op in writes)


def test_a_project_manager_updates_only_projects_they_manage() -> None:
    manager = Principal(uuid4(), frozenset({Role.PROJECT_MANAGER}))
    authorize(manager, Operation.PROJECT_UPDATE, Target(manager_id=manager.person_id))
    with pytest.raises(Forbidden, match="projects they manage"):
        authorize(manager, Operation.PROJECT_UPDATE, Target(manager_id=uuid4()))


def test_a_role_without_the_operation_is_told_so() -> None:
    staff = Principal(uuid4(), frozenset({Role.STAFF}))
    with pytest.raises(Forbidden, match=r"staff may not perform project\.register"):
        authorize(staff, Operation.PROJECT_REGISTER)


def test_tokens_for_oneself_but_not_for_others() -> None:
    staff = Principal(uuid4(), frozenset({Role.STAFF}))
    assert may(staff, Operation.TOKEN_ISSUE, Target(owner_id=staff.person_id))
    assert not may(staff, Operation.TOKEN_ISSUE, Target(owner_id=uuid4()))


def test_the_system_principal_acts_as_administrator() -> None:
    assert SYSTEM.actor == "system"
    assert may(SYSTEM, Operation.REFERENCE_MANAGE)


def test_a_team_lead_acts_on_their_teams_objects_only() -> None:
    lead = Principal(uuid4(), frozenset({Role.STAFF}))
    led = Target(team_lead_ids=frozenset({lead.person_id}))  # type: ignore[arg-type]
    assert may(lead, Operation.TIMESHEET_VALIDATE, led)
    assert not may(lead, Operation.TIMESHEET_VALIDATE, Target(team_lead_ids=frozenset({uuid4()})))
    with pytest.raises(Forbidden, match="the teams they lead"):
        authorize(lead, Operation.MCO_SERVICE_MEASURE, Target(manager_id=lead.person_id))


def test_a_role_may_hold_several_scopes_for_one_operation() -> None:
    manager = Principal(uuid4(), frozenset({Role.PROJECT_MANAGER}))
    me = manager.person_id
    assert may(manager, Operation.TIMESHEET_READ, Target(owner_id=me))
    assert may(manager, Operation.TIMESHEET_READ, Target(manager_id=me))
    assert may(manager, Operation.TIMESHEET_READ, Target(team_lead_ids=frozenset({me})))  # type: ignore[arg-type]
    assert not may(manager, Operation.TIMESHEET_READ, Target(owner_id=uuid4(), manager_id=uuid4()))
    with pytest.raises(Forbidden, match="projects they manage or the teams they lead"):
        authorize(manager, Operation.TIMESHEET_VALIDATE, Target(owner_id=me))
