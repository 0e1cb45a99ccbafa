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
