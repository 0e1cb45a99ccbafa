"""Disk full for SQLite (only under `make faults`: it mounts a small tmpfs, which needs root).
Commands on a full disk answer 503 saying so and record nothing half-way; every acknowledged
command is still there, and the store is readable and writable again once space is freed."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from bench.portfolio_data import load_portfolio, past_month
from infrastructure.bootstrap import bootstrap
from infrastructure.settings import Settings
from tests.faults.helpers import recorded_reports, system
from tests.integration.helpers import GREEN


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.fail("the disk-full test mounts a tmpfs: run `make faults` as root")
    system("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount))
    try:
        yield mount
    finally:
        system("umount", str(mount))


def test_a_full_disk_refuses_commands_and_loses_nothing(small_disk: Path) -> None:
    jalon = bootstrap(Settings(database_url=f"sqlite:///{small_disk / 'jalon.db'}"))
    try:
        portfolio = load_portfolio(jalon, projects=2, reports=1)
        project = portfolio.projects[0]
        month = past_month(0, jalon.today())
        acknowledged: list[str] = []
        refusal: Any = None
        with TestClient(
            create_app(jalon, background_projections=False),
            headers={"Authorization": f"Bearer {portfolio.token}"},
        ) as http:

            def report(comment: str) -> Any:
                answer = http.post(
                    f"/api/v1/projects/{project}/status-reports",
                    json={"month": month, "weather": GREEN, "comment": comment},
                )
                if answer.status_code == 201:
                    acknowledged.append(comment)
                return answer

            comment = ""
            for n in range(2000):  # 3 MB fill up well before
                comment = f"{n:05d} " + "x" * 4000
                refusal = report(comment)
                if refusal.status_code != 201:
                    break
            assert refusal is not None and refusal.status_code == 503, refusal.text
            assert "no space left" in refusal.json()["detail"]
            recorded = [e.comment for e in recorded_reports(jalon, project)]
            assert comment not in recorded  # the refused command recorded nothing
            assert acknowledged and set(acknowledged) <= set(recorded)

            # space is freed: the filesystem grows
            system("mount", "-o", "remount,size=8m", str(small_disk))
            assert report("after space was freed").status_code == 201
            assert http.get(f"/api/v1/projects/{project}").status_code == 200
        recorded = [e.comment for e in recorded_reports(jalon, project)]
        assert recorded[-1] == "after space was freed"
        assert set(acknowledged) <= set(recorded)
    finally:
        jalon.close()
