"""API crash: `kill -9` of the API process during a write load. Every command answered 2xx
is in the store after a restart; requests left in doubt, retried with their Idempotency-Key,
record nothing twice; the views converge to what a rebuild from scratch gives."""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from bench.portfolio_data import load_portfolio, past_month
from bench.servers import Server, api_server
from infrastructure.bootstrap import bootstrap
from infrastructure.settings import Settings
from tests.faults.conftest import FULL, size
from tests.faults.helpers import recorded_reports, views
from tests.integration.helpers import GREEN

KILLS = size(1, 5)


def backends() -> list[Any]:
    """Each start of an API process costs seconds: the suite's smoke run (one crash) uses
    SQLite only, `make faults` both backends."""
    postgres = pytest.param("postgres", marks=pytest.mark.postgres)
    return ["sqlite", postgres] if FULL else ["sqlite"]


CLIENTS = 6


@dataclass
class Outcomes:
    acknowledged: set[str] = field(default_factory=set)
    in_doubt: list[tuple[str, str]] = field(default_factory=list)  # (key, project)
    refused: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _send(base: str, token: str, project: str, key: str, month: str) -> httpx.Response:
    return httpx.post(
        f"{base}/api/v1/projects/{project}/status-reports",
        json={"month": month, "weather": GREEN, "comment": key},
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key},
        timeout=30,
    )


def _client(server: Server, token: str, project: str, month: str, outcomes: Outcomes) -> None:
    while True:
        key = f"crash-{uuid.uuid4()}"
        try:
            answer = _send(server.base, token, project, key, month)
        except httpx.TransportError:
            with outcomes.lock:
                outcomes.in_doubt.append((key, project))
            return
        with outcomes.lock:
            if answer.is_success:
                outcomes.acknowledged.add(key)
            else:
                outcomes.refused.append(answer.status_code)


@pytest.fixture(params=backends())
def server_database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'jalon.db'}"
    return str(request.getfixturevalue("postgres_schema"))


def test_acknowledged_commands_survive_kill_9(server_database: str) -> None:
    database_url = server_database
    jalon = bootstrap(Settings(database_url=database_url))
    try:
        portfolio = load_portfolio(jalon, projects=CLIENTS, reports=1)
        month = past_month(0, jalon.today())
    finally:
        jalon.close()
    projects = [str(p) for p in portfolio.projects]
    outcomes = Outcomes()
    retried: Counter[int] = Counter()
    rng = random.Random(10)
    server = api_server(database_url, forked=True).start("/api/v1/health")
    try:
        for _ in range(KILLS):
            clients = [
                threading.Thread(target=_client, args=(server, portfolio.token, p, month, outcomes))
                for p in projects
            ]
            for thread in clients:
                thread.start()
            time.sleep(rng.uniform(0.5, 1.5))
            server.kill()
            for thread in clients:
                thread.join()
            server = api_server(database_url, forked=True).start("/api/v1/health")
            for key, project in outcomes.in_doubt:
                answer = _send(server.base, portfolio.token, project, key, month)
                retried[answer.status_code] += 1
                if answer.is_success:
                    outcomes.acknowledged.add(key)
            outcomes.in_doubt.clear()
    finally:
        server.stop()

    assert outcomes.refused == []
    # 201: ran now or replayed; 409: the dead process had claimed the key (it stays claimed)
    assert set(retried) <= {201, 409}
    assert len(outcomes.acknowledged) > 0
    jalon = bootstrap(Settings(database_url=database_url))
    try:
        recorded = Counter(
            e.comment for p in portfolio.projects for e in recorded_reports(jalon, p)
        )
        crash_keys = {k: n for k, n in recorded.items() if k.startswith("crash-")}
        assert max(crash_keys.values()) == 1  # nothing recorded twice
        assert outcomes.acknowledged <= set(crash_keys)  # nothing acknowledged lost
        jalon.runner.catch_up()
        incremental = views(jalon)
        jalon.runner.rebuild()
        assert views(jalon) == incremental
    finally:
        jalon.close()
