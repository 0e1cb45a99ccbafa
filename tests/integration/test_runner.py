"""The catch-up runner: exactly once, rebuilds, version bumps, read-your-writes."""

from __future__ import annotations

import pytest

from infrastructure.bootstrap import Jalon, bootstrap
from infrastructure.rebuild_elsewhere import RebuildShareFailed, in_another_process
from infrastructure.settings import Settings
from projections.portfolio import PortfolioProjection
from projections.runner import ProjectionRunner
from tests.integration.helpers import GREEN, register, view_rows
from tests.support import Group

VIEWS = [
    ("portfolio_projects", "project_id"),
    ("project_status_reports", "position"),
    ("people", "person_id"),
    ("role_grants", "person_id, role, granted_position"),
    ("reference_entries", "entry_id"),
]


def _snapshot(jalon: Jalon) -> dict[str, list[dict[str, object]]]:
    return {table: view_rows(jalon, table, order) for table, order in VIEWS}


def test_a_rebuilt_view_equals_the_incremental_one(jalon: Jalon, group: Group) -> None:
    for index in range(3):
        project = register(jalon, group, code=f"R-{index}").id
        jalon.projects.report_status(
            group.manager, project, month="2025-01", weather=GREEN, comment=""
        )
    jalon.runner.catch_up()
    before = _snapshot(jalon)
    position = jalon.runner.rebuild()
    assert position == jalon.runner.log.head_position()
    assert _snapshot(jalon) == before


def test_catching_up_twice_applies_nothing_twice(jalon: Jalon, group: Group) -> None:
    register(jalon, group)
    jalon.runner.catch_up()
    before = _snapshot(jalon)
    jalon.runner.catch_up()
    assert _snapshot(jalon) == before


def test_rebuilding_one_view_in_several_batches_leaves_the_others_as_they_are(
    jalon: Jalon, group: Group
) -> None:
    for index in range(3):
        register(jalon, group, code=f"P-{index}")
    jalon.runner.catch_up()
    before = _snapshot(jalon)
    jalon.runner.rebuild_batch_size = 2  # the log holds more events than one batch
    assert jalon.runner.rebuild(["people"]) == jalon.runner.log.head_position()
    assert _snapshot(jalon) == before
    assert {s.position for s in jalon.runner.status()} == {jalon.runner.log.head_position()}


def test_read_your_writes_waits_for_the_views(jalon: Jalon, group: Group) -> None:
    result = register(jalon, group, code="RYW")
    assert jalon.wait_for(result.position)
    with jalon.database.reading() as cursor:
        assert (
            cursor.scalar(
                "SELECT code FROM portfolio_projects WHERE project_id=%s", (str(result.id),)
            )
            == "RYW"
        )


def test_a_version_bump_rebuilds_the_view_on_start(jalon: Jalon, group: Group, monkeypatch) -> None:
    register(jalon, group)
    jalon.runner.catch_up()
    before = view_rows(jalon, "portfolio_projects", "project_id")
    monkeypatch.setattr(PortfolioProjection, "version", PortfolioProjection.version + 1)
    restarted = bootstrap(jalon.settings)
    try:
        positions = {s.name: s.position for s in restarted.runner.status()}
        assert positions["portfolio"] == 0
        assert positions["people"] > 0
        restarted.runner.catch_up()
        assert view_rows(restarted, "portfolio_projects", "project_id") == before
    finally:
        restarted.close()


def test_a_worker_process_mode_waits_by_polling(jalon: Jalon, group: Group) -> None:
    result = register(jalon, group, code="W")
    assert not jalon.runner.wait_for(result.position, 0.2, inline=False)
    jalon.runner.catch_up()
    assert jalon.runner.wait_for(result.position, 0.2, inline=False)


def test_a_runner_of_some_views_moves_only_their_positions(jalon: Jalon, group: Group) -> None:
    register(jalon, group, code="PART")
    mine = [p for p in jalon.runner.projections if p.name in {"people", "audit_chain"}]
    part = ProjectionRunner(jalon.database, jalon.runner.log, mine)
    assert part.catch_up() == jalon.runner.log.head_position()
    positions = {s.name: s.position for s in jalon.runner.status()}
    head = jalon.runner.log.head_position()
    assert positions["people"] == positions["audit_chain"] == head
    assert positions["portfolio"] < head  # another runner's view: not moved
    jalon.runner.catch_up()
    assert {s.position for s in jalon.runner.status()} == {head}


def test_on_postgresql_a_rebuild_shares_its_views_with_another_process(
    jalon: Jalon, group: Group
) -> None:
    if jalon.database.dialect == "sqlite":
        assert jalon.runner.rebuild_elsewhere is None  # one writer at a time: no second process
        return
    assert jalon.runner.rebuild_elsewhere is not None
    apart = [p.name for p in jalon.runner.projections if p.self_contained]
    assert sorted(apart) == ["audit_chain", "audit_trail"]
    unreachable = Settings(database_url="postgresql://postgres@127.0.0.1:5432/no_such_database")
    wait = in_another_process(unreachable)(apart, 100)
    with pytest.raises(RebuildShareFailed, match="no_such_database"):
        wait()
