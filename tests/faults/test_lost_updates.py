"""Lost updates: many clients updating the same 4 projects with expected versions. Every
answer is a success or a 409, and each project's history is exactly its acknowledged
commands, each at the version it was acknowledged with."""

from __future__ import annotations

import threading
from collections import defaultdict
from uuid import UUID

from api.errors import status_for
from bench.portfolio_data import past_month
from domain.errors import DomainError
from infrastructure.bootstrap import Jalon
from tests.faults.conftest import size
from tests.faults.helpers import recorded_reports
from tests.integration.helpers import GREEN, register
from tests.support import Group

CLIENTS = size(4, 32)
UPDATES = size(12, 200)


def test_conflicting_updates_lose_nothing(jalon: Jalon, group: Group) -> None:
    projects = [register(jalon, group, code=f"LU-{n}").id for n in range(4)]
    month = past_month(0, jalon.today())
    acknowledged: dict[UUID, list[tuple[int, str]]] = defaultdict(list)
    statuses: list[int] = []
    lock = threading.Lock()
    start = threading.Barrier(CLIENTS)

    def client(k: int) -> None:
        start.wait()
        for m in range(UPDATES):
            project = projects[(k + m) % 4]
            comment = f"client {k} update {m}"
            version = jalon.projects.load(project).version
            try:
                result = jalon.projects.report_status(
                    group.manager, project, month=month, weather=GREEN, comment=comment,
                    expected_version=version,
                )  # fmt: skip
            except DomainError as error:
                with lock:
                    statuses.append(status_for(error))
            else:
                with lock:
                    statuses.append(201)
                    acknowledged[project].append((result.version, comment))

    threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(statuses) == CLIENTS * UPDATES
    assert set(statuses) <= {201, 409}
    assert statuses.count(201) >= 4  # some updates won
    for project in projects:
        recorded = [(e.originator_version, e.comment) for e in recorded_reports(jalon, project)]
        assert recorded == sorted(acknowledged[project])
        assert jalon.projects.load(project).version == 1 + len(recorded)
