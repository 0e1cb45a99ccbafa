"""Real headless Chromium (Debian's /usr/bin/chromium, driven by playwright) against the
app served by uvicorn in a thread on a free port, over a SQLite history made for the tests.

Without /usr/bin/chromium these tests skip with the reason, except under CI=true where they
fail (`.ci/system-packages` installs it)."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

import pytest
import uvicorn

from api.app import create_app
from domain.principal import SYSTEM
from domain.project import project_id_for
from infrastructure.bootstrap import Jalon, bootstrap
from infrastructure.settings import Settings
from tests.conftest import IN_CI
from tests.support import (
    Governance,
    Group,
    project_registration,
    seed_governance,
    seed_group,
    submit_deliverables,
    today,
)
from tests.web import bearer

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[3] / "artifacts" / "screenshots"
LAUNCH_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def require_chromium() -> None:
    if CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK):
        return
    reason = f"{CHROMIUM} is missing (apt-get install chromium, as .ci/system-packages does)"
    if IN_CI:
        pytest.fail(f"CI=true requires Chromium: {reason}")
    pytest.skip(reason)


@dataclass
class Site:
    url: str
    jalon: Jalon
    group: Group
    gov: Governance
    tokens: dict[str, str]
    review_id: UUID


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _history(jalon: Jalon) -> tuple[Group, Governance, UUID]:
    group = seed_group(jalon.reference, jalon.people)
    gov = seed_governance(jalon)
    for code, establishment, manager in [
        ("DPI-01", "CHRU", group.manager),
        ("DPI-02", "CHRU", group.manager),
        ("TOUL-01", "CH-TOUL", group.other_manager),
    ]:
        project = jalon.projects.register(
            group.pmo, project_registration(group, code, establishment=establishment,
                                            manager_id=manager.person_id)
        ).id  # fmt: skip
        jalon.projects.record_budget(
            group.pmo, project, year=today().year, envelope="1250000", committed="300000",
            spent="500000", forecast="1300000", reason="budget",
        )  # fmt: skip
        for month, weather in [(1, "green"), (2, "orange")]:
            jalon.projects.report_status(
                group.pmo, project, month=f"{today().year}-{month:02d}",
                weather=dict.fromkeys(("quality", "cost", "deadline", "risk"), weather),
                comment="",
            )  # fmt: skip
    dpi_id = project_id_for("DPI-01")
    submit_deliverables(jalon, group.manager, dpi_id)
    review = jalon.gate_reviews.request_gate(group.manager, dpi_id, gate="G1").id
    jalon.gate_reviews.schedule(SYSTEM, review, body_id=gov.decision_body, meeting_date=today())
    return group, gov, review


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    require_chromium()
    folder = tmp_path_factory.mktemp("site")
    jalon = bootstrap(Settings(database_url=f"sqlite:///{folder / 'jalon.db'}"))
    group, gov, review = _history(jalon)
    jalon.wait_for(jalon.runner.log.head_position())
    tokens = {
        role: bearer(jalon, getattr(group, role))
        for role in ("admin", "pmo", "manager", "member", "auditor", "staff")
    }
    tokens["chair"] = bearer(jalon, gov.chair)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(jalon), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield Site(f"http://127.0.0.1:{port}", jalon, group, gov, tokens, review)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        jalon.close()


@pytest.fixture(scope="module")
def browser(site: Site) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def screenshot(page: object, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]
