"""Memory of the API process with a large history.

    python -m bench.memory [--backend sqlite|postgres] [--events 100000] [--projects 130]

Loads the demo-like portfolio, then status reports until the store holds `--events` events
(1,000 per transaction, through the service), brings the views up to date, starts the API
(`uvicorn --factory api.asgi:create`, one process) and prints its resident memory (RSS)
after start, after 200 portfolio reads and after 200 status reports spread over every
project (which loads every project's aggregate). Target: <= 250 MB with 1,000,000 events."""

from __future__ import annotations

import argparse
import json
import time

import httpx

from bench.common import backends
from bench.portfolio_data import GREEN_REPORT, load_portfolio, past_month
from bench.servers import api_server
from infrastructure.bootstrap import bootstrap
from infrastructure.settings import Settings

BATCH = 1000


def grow(url: str, events: int, projects: int) -> tuple[list[str], str, str, float]:
    jalon = bootstrap(Settings(database_url=url))
    try:
        portfolio = load_portfolio(jalon, projects=projects)
        started = time.perf_counter()
        today = jalon.today()
        head = jalon.runner.log.head_position()
        i = 0
        while head < events:
            with jalon.store.batch() as batch:
                for _ in range(min(BATCH, events - head)):
                    project = portfolio.projects[i % len(portfolio.projects)]
                    jalon.projects.report_status(
                        portfolio.group.pmo, project, month=past_month(i, today),
                        weather=GREEN_REPORT, comment=f"Rapport {i}",
                    )  # fmt: skip
                    i += 1
            head = batch.last_position
        jalon.runner.batch_size = 5000
        jalon.runner.catch_up()
        elapsed = time.perf_counter() - started
        month = past_month(0, today)
        return [str(p) for p in portfolio.projects], portfolio.token, month, elapsed
    finally:
        jalon.close()


def measure(url: str, args: argparse.Namespace) -> dict[str, float]:
    projects, token, month, elapsed = grow(url, args.events, args.projects)
    figures = {"history_s": elapsed}
    server = api_server(url).start("/api/v1/health")
    try:
        figures["rss_start_mb"] = server.rss_mb()
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=server.base, headers=headers, timeout=60) as client:
            for _ in range(200):
                client.get("/api/v1/portfolio").raise_for_status()
            figures["rss_reads_mb"] = server.rss_mb()
            body = {"month": month, "weather": GREEN_REPORT, "comment": "m"}
            for n in range(200):
                client.post(
                    f"/api/v1/projects/{projects[n % len(projects)]}/status-reports", json=body
                ).raise_for_status()
            figures["rss_writes_mb"] = server.rss_mb()
    finally:
        server.stop()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", choices=["sqlite", "postgres"])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--projects", type=int, default=130)
    args = parser.parse_args()
    for name, make_url in backends(args.backend):
        with make_url() as url:  # type: ignore[attr-defined]
            figures = measure(url, args)
        verdict = "ok" if figures["rss_writes_mb"] <= 250 else "ABOVE 250 MB"
        print(f"{name}: {args.events:,} events  {json.dumps(figures)}  {verdict}", flush=True)


if __name__ == "__main__":
    main()
