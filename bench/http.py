"""HTTP load: the API served by uvicorn against bare FastAPI baselines, same settings, same
load tool, in the same run.

    python -m bench.http [--backend sqlite|postgres] [--rounds 3] [--seconds 5] [--projects 130]

Per backend: a demo-like portfolio (bench/portfolio_data.py) is loaded into a fresh store; the
API (`uvicorn --factory api.asgi:create`, one process) and the baselines (bench/bare_server.py,
one process, same flags) run on loopback; the client (bench/load_client.py) runs in its own
process. Each round measures, one after the other:
- reads: authenticated `GET /api/v1/portfolio` vs the same JSON bytes from memory, at 8 and
  32 connections (targets: throughput >= 0.8x, p99 <= 1.5x);
- writes: `POST .../status-reports` by 16 clients on 16 distinct projects (read-your-writes
  included) vs a bare endpoint saving one event with a bare eventsourcing Application on the
  same backend (target: throughput >= 0.7x, 0 errors).
Medians over the rounds are printed, with the ratios."""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import httpx

from bench.common import backends, median
from bench.portfolio_data import load_portfolio, past_month, weather
from bench.servers import ROOT, Server, api_server
from infrastructure.bootstrap import bootstrap
from infrastructure.settings import Settings

WRITERS = 16


def load(url: str, *, connections: int, seconds: float, method: str = "GET",
         headers: Sequence[str] = (), body: str | None = None,
         ids: str | None = None) -> dict[str, Any]:  # fmt: skip
    command = [
        sys.executable, "-m", "bench.load_client", url, "--method", method,
        "--connections", str(connections), "--seconds", str(seconds),
    ]  # fmt: skip
    for header in headers:
        command += ["--header", header]
    if body is not None:
        command += ["--body", body]
    if ids is not None:
        command += ["--ids", ids]
    output = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    return dict(json.loads(output.stdout))


def measure(
    backend: str, make_url: Callable[[], AbstractContextManager[str]], args: argparse.Namespace
) -> dict[str, dict[str, float]]:
    samples: dict[str, list[dict[str, Any]]] = {}
    with make_url() as url, make_url() as bare_url, tempfile.TemporaryDirectory() as tmp:
        jalon = bootstrap(Settings(database_url=url))
        try:
            portfolio = load_portfolio(jalon, projects=args.projects)
            today = jalon.today()
        finally:
            jalon.close()
        auth = f"Authorization: Bearer {portfolio.token}"
        api = api_server(url).start("/api/v1/health")
        bare: Server | None = None
        try:
            answer = httpx.get(
                api.base + "/api/v1/portfolio",
                headers={"Authorization": f"Bearer {portfolio.token}"},
            )
            answer.raise_for_status()
            assert len(answer.json()["items"]) == min(args.projects, 200)
            json_file = Path(tmp) / "portfolio.json"
            json_file.write_bytes(answer.content)
            bare = Server(
                "bench.bare_server:create",
                {"BENCH_BARE_JSON": str(json_file), "BENCH_BARE_DATABASE_URL": bare_url,
                 "BENCH_BARE_AGGREGATES": str(WRITERS)},
            ).start("/bare/portfolio")  # fmt: skip
            writers = ",".join(str(p) for p in portfolio.projects[:WRITERS])
            for round_number in range(args.rounds):
                body = json.dumps(
                    {"month": past_month(round_number, today), "weather": weather_of(round_number),
                     "comment": "charge"}
                )  # fmt: skip
                runs = {
                    **{
                        f"read{c}": (api.base + "/api/v1/portfolio", c, "GET", [auth], None)
                        for c in (8, 32)
                    },
                    **{
                        f"bare_read{c}": (bare.base + "/bare/portfolio", c, "GET", [], None)
                        for c in (8, 32)
                    },
                    "write": (
                        api.base + "/api/v1/projects/{i}/status-reports",
                        WRITERS,
                        "POST",
                        [auth],
                        body,
                    ),
                    "bare_write": (
                        bare.base + "/bare/projects/{i}/status-reports",
                        WRITERS,
                        "POST",
                        [],
                        body,
                    ),
                }
                for name, (target, connections, method, headers, payload) in runs.items():
                    result = load(
                        target, connections=connections, seconds=args.seconds, method=method,
                        headers=headers, body=payload, ids=writers if name == "write" else None,
                    )  # fmt: skip
                    samples.setdefault(name, []).append(result)
                    print(
                        f"  {backend} round {round_number + 1} {name:<11} {summary(result)}",
                        flush=True,
                    )
        finally:
            api.stop()
            if bare is not None:
                bare.stop()
    return {
        name: {
            "rps": median([r["rps"] for r in results]),
            "p99_ms": median([r["p99_ms"] for r in results]),
            "errors": sum(r["errors"] for r in results),
        }
        for name, results in samples.items()
    }


def weather_of(n: int) -> dict[str, str]:
    return weather(random.Random(n))


def summary(result: dict[str, Any]) -> str:
    return (
        f"{result['rps']:8.0f} req/s  p50 {result['p50_ms']:6.1f} ms  p99 {result['p99_ms']:6.1f} ms"
        f"  errors {result['errors']}  {result['statuses']}"
    )


def report(backend: str, figures: dict[str, dict[str, float]]) -> None:
    print(f"\n{backend}: medians of the rounds")
    print(
        f"{'':<10}{'Jalon req/s':>12}{'bare req/s':>12}{'ratio':>8}{'Jalon p99':>11}{'bare p99':>10}{'ratio':>8}  target"
    )
    for c in (8, 32):
        j, b = figures[f"read{c}"], figures[f"bare_read{c}"]
        ok = j["rps"] >= 0.8 * b["rps"] and j["p99_ms"] <= 1.5 * b["p99_ms"]
        print(
            f"{'read ' + str(c):<10}{j['rps']:>12.0f}{b['rps']:>12.0f}{j['rps'] / b['rps']:>8.2f}"
            f"{j['p99_ms']:>9.1f}ms{b['p99_ms']:>8.1f}ms{j['p99_ms'] / b['p99_ms']:>8.2f}"
            f"  >=0.8x, p99 <=1.5x: {'ok' if ok else 'MISSED'}"
        )
    j, b = figures["write"], figures["bare_write"]
    ok = j["rps"] >= 0.7 * b["rps"] and j["errors"] == 0
    print(
        f"{'write 16':<10}{j['rps']:>12.0f}{b['rps']:>12.0f}{j['rps'] / b['rps']:>8.2f}"
        f"{j['p99_ms']:>9.1f}ms{b['p99_ms']:>8.1f}ms{j['p99_ms'] / b['p99_ms']:>8.2f}"
        f"  >=0.7x, 0 errors ({j['errors']:.0f}): {'ok' if ok else 'MISSED'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", choices=["sqlite", "postgres"])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--projects", type=int, default=130)
    args = parser.parse_args()
    for name, make_url in backends(args.backend):
        report(name, measure(name, make_url, args))  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
