"""Group commit (domain/group_commit.py), both backends: commands that arrive while a group
is being recorded share the next transaction; each is answered with its own events; a stale
command in a group is refused alone; a failing group records nothing."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from uuid import UUID

import pytest

from domain.errors import Conflict
from domain.services.results import CommandResult
from infrastructure.bootstrap import Jalon
from tests.support import Group, project_registration

GREEN = {"quality": "green", "cost": "green", "deadline": "green", "risk": "green"}


class HeldGroup:
    """Holds the first group inside its transaction until released, so that the commands
    sent meanwhile queue up and form the next group."""

    def __init__(self, jalon: Jalon, monkeypatch: pytest.MonkeyPatch) -> None:
        self.commit = jalon.store.group_commit
        self.entered = threading.Event()
        self.release = threading.Event()
        record = self.commit._record

        def held(processing):  # type: ignore[no-untyped-def]
            if not self.entered.is_set():
                self.entered.set()
                assert self.release.wait(10)
            return record(processing)

        monkeypatch.setattr(self.commit, "_record", held)

    def queue(
        self, pool: ThreadPoolExecutor, commands: list[Callable[[], CommandResult]]
    ) -> list[Future[CommandResult]]:
        first = pool.submit(commands[0])
        assert self.entered.wait(10)
        rest = [pool.submit(command) for command in commands[1:]]
        deadline = time.monotonic() + 10
        while self.commit.waiting < len(rest):
            assert time.monotonic() < deadline, "the commands did not queue"
            time.sleep(0.01)
        self.release.set()
        return [first, *rest]


@dataclass
class Scene:
    jalon: Jalon
    group: Group
    projects: list[UUID]
    pool: ThreadPoolExecutor
    monkeypatch: pytest.MonkeyPatch

    def report(self, project: UUID, month: str = "2025-01") -> Callable[[], CommandResult]:
        return lambda: self.jalon.projects.report_status(
            self.group.manager, project, month=month, weather=GREEN, comment="suivi"
        )

    def held(self) -> HeldGroup:
        return HeldGroup(self.jalon, self.monkeypatch)

    def version(self, project: UUID) -> int:
        return self.jalon.projects.load(project).version


@pytest.fixture
def scene(jalon: Jalon, group: Group, monkeypatch: pytest.MonkeyPatch) -> Iterator[Scene]:
    projects = [
        jalon.projects.register(group.pmo, project_registration(group, f"GC-{i:02d}")).id
        for i in range(6)
    ]
    with ThreadPoolExecutor(max_workers=8) as pool:
        yield Scene(jalon, group, projects, pool, monkeypatch)


def test_commands_sent_meanwhile_share_one_transaction(scene: Scene) -> None:
    held = scene.held()
    futures = held.queue(scene.pool, [scene.report(p) for p in scene.projects])
    results = [f.result(timeout=20) for f in futures]
    assert held.commit.groups == 1 and held.commit.largest == len(scene.projects) - 1
    assert len({r.position for r in results}) == len(scene.projects)
    for project, result in zip(scene.projects, results, strict=True):
        assert result.id == project
        stored = scene.jalon.store.recorder.select_events(project, gt=result.version - 1)
        assert [e.originator_version for e in stored] == [result.version]
        assert scene.version(project) == result.version
    scene.jalon.wait_for(max(r.position for r in results))
    with scene.jalon.database.reading() as cursor:
        reported = cursor.scalar(
            "SELECT COUNT(*) FROM audit_trail WHERE action = 'Project.StatusReported'"
        )
    assert reported == len(scene.projects)


def test_a_stale_command_in_a_group_is_refused_alone(scene: Scene) -> None:
    first, same, other = scene.projects[:3]
    futures = scene.held().queue(
        scene.pool,
        [
            scene.report(first),
            scene.report(same),  # both read version 1 of the same project
            scene.report(same, "2025-02"),
            scene.report(other),
        ],
    )
    outcomes = [_outcome(f) for f in futures]
    assert outcomes[0] == outcomes[3] == "recorded"
    assert sorted(outcomes[1:3]) == ["conflict", "recorded"]
    assert scene.version(same) == scene.version(other) == 2


def test_a_failing_group_records_nothing_and_fails_every_command(scene: Scene) -> None:
    record = scene.jalon.store.group_commit._record

    def disk_full_for_groups(processing):  # type: ignore[no-untyped-def]
        if len(processing.events) > 1:
            raise OSError("No space left on device")
        return record(processing)

    scene.monkeypatch.setattr(scene.jalon.store.group_commit, "_record", disk_full_for_groups)
    futures = scene.held().queue(scene.pool, [scene.report(p) for p in scene.projects])
    outcomes = [_outcome(f) for f in futures]
    others = len(scene.projects) - 1
    assert outcomes == ["recorded"] + ["failed"] * others
    assert [scene.version(p) for p in scene.projects] == [2] + [1] * others


def _outcome(future: Future[CommandResult]) -> str:
    try:
        future.result(timeout=20)
    except Conflict:
        return "conflict"
    except OSError:
        return "failed"
    return "recorded"
