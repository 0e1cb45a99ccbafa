"""Scale-out: 1 then 2 API processes and one projection worker against one PostgreSQL.

    python -m bench.scaleout [--projects 130] [--reports 3] [--clients 16] [--seconds 10]
        [--rounds 2] [--interval 0.05]

A demo-like portfolio (bench/portfolio_data.py) is loaded into a fresh schema; then, for 1
and for 2 API processes (`uvicorn --factory api.asgi:create`, `JALON_PROJECTIONS=worker`)
and a `jalon projections run` worker process (polling every `--interval` s), in rounds:
- reads: `--clients` connections spread over the processes keep `GET /api/v1/portfolio`
  busy;
- writes with read-your-writes: each client, on its own project, records a status report
  through one process, then reads the portfolio through the *next* process (another one when
  there are two) and checks that its project's row shows at least the version the write
  answered. Every violation is counted (target: none).
The load runs in this process (asyncio httpx), the servers and the worker in their own.
Medians over the rounds are printed: reads/s, writes/s (each write followed by its read),
p99 latencies, errors, and the ratio 2 processes / 1 process."""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field

import httpx

from bench.common import median, postgres_url
from bench.load_client import percentile
from bench.portfolio_data import load_portfolio, past_month
from bench.servers import ROOT, Server, api_server
from infrastructure.bootstrap import bootstrap
from infrastructure.settings import Settings

GREEN = {"quality": "green", "cost": "green", "deadline": "green", "risk": "green"}


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    stale_reads: int = 0  # read-your-writes violations

    def record(self, started: float, status: str) -> None:
        self.latencies.append(time.perf_counter() - started)
        self.statuses[status] += 1

    def figures(self, seconds: float) -> dict[str, float]:
        ok = sum(n for s, n in self.statuses.items() if s.startswith("2"))
        self.latencies.sort()
        return {
            "rps": ok / seconds,
            "p99_ms": percentile(self.latencies, 0.99) * 1000,
            "errors": sum(self.statuses.values()) - ok,
            "stale": self.stale_reads,
        }


async def _get(client: httpx.AsyncClient, url: str, tally: Tally) -> httpx.Response | None:
    started = time.perf_counter()
    try:
        answer = await client.get(url)
    except httpx.HTTPError as error:
        tally.record(started, type(error).__name__)
        return None
    tally.record(started, str(answer.status_code))
    return answer


async def reads(bases: list[str], token: str, clients: int, seconds: float) -> Tally:
    tally = Tally()
    stop_at = time.perf_counter() + seconds
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(headers=headers, timeout=30) as client:

        async def one(i: int) -> None:
            url = f"{bases[i % len(bases)]}/api/v1/portfolio"
            while time.perf_counter() < stop_at:
                await _get(client, url, tally)

        await asyncio.gather(*(one(i) for i in range(clients)))
    return tally


async def writes(
    bases: list[str], token: str, projects: list[str], month: str, seconds: float
) -> tuple[Tally, Tally]:
    """Each client writes through one process and reads its write through the next."""
    written, read = Tally(), Tally()
    stop_at = time.perf_counter() + seconds
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(headers=headers, timeout=30) as client:

        async def one(i: int, project: str) -> None:
            write_to, read_from = bases[i % len(bases)], bases[(i + 1) % len(bases)]
            body = {"month": month, "weather": GREEN, "comment": f"scale-out {i}"}
            while time.perf_counter() < stop_at:
                started = time.perf_counter()
                try:
                    answer = await client.post(
                        f"{write_to}/api/v1/projects/{project}/status-reports", json=body
                    )
                except httpx.HTTPError as error:
                    written.record(started, type(error).__name__)
                    continue
                written.record(started, str(answer.status_code))
                if answer.status_code != 201:
                    continue
                version = answer.json()["version"]
                page = await _get(client, f"{read_from}/api/v1/portfolio", read)
                if page is None or page.status_code != 200:
                    continue
                rows = {r["id"]: r for r in page.json()["items"]}
                if project not in rows or rows[project]["version"] < version:
                    read.stale_reads += 1

        await asyncio.gather(*(one(i, p) for i, p in enumerate(projects)))
    return written, read


def worker(url: str, interval: float) -> subprocess.Popen[bytes]:
    env = {**os.environ, "JALON_DATABASE_URL": url, "JALON_PROJECTIONS": "worker"}
    command = [sys.executable, "-c", "from api.cli.main import run; run()"]
    return subprocess.Popen(
        [*command, "projections", "run", "--interval", str(interval)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def measure(url: str, processes: int, portfolio_token: str, projects: list[str],
            month: str, args: argparse.Namespace) -> dict[str, dict[str, float]]:  # fmt: skip
    servers: list[Server] = []
    projector = worker(url, args.interval)
    samples: dict[str, list[dict[str, float]]] = {}
    try:
        for _ in range(processes):
            servers.append(api_server(url, JALON_PROJECTIONS="worker").start("/api/v1/health"))
        bases = [s.base for s in servers]
        asyncio.run(reads(bases, portfolio_token, args.clients, 1.0))  # warm-up
        for round_number in range(args.rounds):
            tally = asyncio.run(reads(bases, portfolio_token, args.clients, args.seconds))
            samples.setdefault("read", []).append(tally.figures(args.seconds))
            written, read = asyncio.run(
                writes(bases, portfolio_token, projects[: args.clients], month, args.seconds)
            )
            samples.setdefault("write", []).append(written.figures(args.seconds))
            samples.setdefault("read_after_write", []).append(read.figures(args.seconds))
            for name in ("read", "write", "read_after_write"):
                f = samples[name][-1]
                print(
                    f"  {processes} process(es) round {round_number + 1} {name:<16} "
                    f"{f['rps']:7.1f} req/s  p99 {f['p99_ms']:7.1f} ms  errors {f['errors']:.0f}"
                    f"  stale reads {f['stale']:.0f}",
                    flush=True,
                )
    finally:
        for server in servers:
            server.stop()
        projector.terminate()
        projector.wait(10)
    return {
        name: {
            "rps": median([r["rps"] for r in runs]),
            "p99_ms": median([r["p99_ms"] for r in runs]),
            "errors": sum(r["errors"] for r in runs),
            "stale": sum(r["stale"] for r in runs),
        }
        for name, runs in samples.items()
    }


def report(figures: dict[int, dict[str, dict[str, float]]]) -> None:
    print("\nmedians of the rounds (req/s, p99 ms); errors and stale reads summed")
    print(f"{'':<18}{'1 process':>22}{'2 processes':>22}{'ratio':>8}")
    for name in ("read", "write", "read_after_write"):
        one, two = figures[1][name], figures[2][name]
        print(
            f"{name:<18}{one['rps']:>10.1f}{one['p99_ms']:>10.0f}ms"
            f"{two['rps']:>10.1f}{two['p99_ms']:>10.0f}ms{two['rps'] / one['rps']:>8.2f}"
        )
    errors = sum(f[n]["errors"] for f in figures.values() for n in f)
    stale = sum(f["read_after_write"]["stale"] for f in figures.values())
    print(f"errors: {errors:.0f}; read-your-writes violations: {stale:.0f} (target 0)")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--projects", type=int, default=130)
    parser.add_argument("--reports", type=int, default=3)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--interval", type=float, default=0.05)
    args = parser.parse_args()
    if args.clients > args.projects:
        parser.error("--clients: at most --projects (one project per writing client)")
    with postgres_url() as url:
        jalon = bootstrap(Settings(database_url=url))
        try:
            portfolio = load_portfolio(jalon, projects=args.projects, reports=args.reports)
            month = past_month(0, jalon.today())
        finally:
            jalon.close()
        projects = [str(p) for p in portfolio.projects]
        figures = {n: measure(url, n, portfolio.token, projects, month, args) for n in (1, 2)}
    report(figures)


if __name__ == "__main__":
    main()
