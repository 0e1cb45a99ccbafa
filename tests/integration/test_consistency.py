"""Uniqueness under concurrency, optimistic concurrency, all-or-nothing commands."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from domain.errors import Conflict, DuplicateCode, InvalidCommand, StaleVersion
from infrastructure.bootstrap import Jalon
from tests.integration.helpers import GREEN, register
from tests.support import Group


def test_eight_threads_register_the_same_code_and_exactly_one_succeeds(
    jalon: Jalon, group: Group
) -> None:
    barrier = threading.Barrier(8)

    def attempt(index: int) -> str:
        barrier.wait()
        try:
            register(jalon, group, code="SAME", name=f"attempt {index}")
        except DuplicateCode:
            return "duplicate"
        return "registered"

    with ThreadPoolExecutor(8) as pool:
        outcomes = list(pool.map(attempt, range(8)))
    assert sorted(outcomes) == ["duplicate"] * 7 + ["registered"]
    with jalon.database.reading() as cursor:
        jalon.runner.catch_up()
        assert cursor.scalar("SELECT COUNT(*) FROM portfolio_projects WHERE code='SAME'") == 1


def test_concurrent_updates_from_the_same_version_one_wins(jalon: Jalon, group: Group) -> None:
    project = register(jalon, group).id
    barrier = threading.Barrier(4)

    def attempt(month: int) -> str:
        barrier.wait()
        try:
            jalon.projects.report_status(
                group.manager,
                project,
                month=f"2025-0{month}",
                weather=GREEN,
                comment="",
                expected_version=1,
            )
        except (StaleVersion, Conflict):
            return "conflict"
        return "ok"

    with ThreadPoolExecutor(4) as pool:
        outcomes = list(pool.map(attempt, range(1, 5)))
    assert outcomes.count("ok") == 1
    assert jalon.projects.load(project).version == 2


def test_a_refused_command_records_nothing(jalon: Jalon, group: Group) -> None:
    project = register(jalon, group).id
    head = jalon.runner.log.head_position()
    with pytest.raises(InvalidCommand):
        jalon.projects.record_budget(group.manager, project, year=2025, envelope="1", committed="1",
                                     spent="-5", forecast="1", reason="bad")  # fmt: skip
    assert jalon.runner.log.head_position() == head


def test_a_failed_batch_records_none_of_its_events(jalon: Jalon, group: Group) -> None:
    head = jalon.runner.log.head_position()

    def two_registrations() -> None:
        with jalon.store.batch():
            register(jalon, group, code="B-1")
            register(jalon, group, code="B-2", establishment="NOWHERE")

    with pytest.raises(InvalidCommand):
        two_registrations()
    assert jalon.runner.log.head_position() == head


def test_a_batch_is_one_transaction_whose_commands_see_each_other(
    jalon: Jalon, group: Group
) -> None:
    with jalon.store.batch() as batch:
        project = register(jalon, group, code="B-1").id
        jalon.projects.report_status(
            group.manager, project, month="2025-01", weather=GREEN, comment=""
        )
        with pytest.raises(DuplicateCode):
            register(jalon, group, code="B-1")
    assert batch.last_position == jalon.runner.log.head_position()
    assert jalon.projects.load(project).version == 2
