"""The load tool, in its own process, N connections kept busy: `wrk` when it is installed
(Debian's `wrk` package: a C client that leaves the cores to the servers), else an async
Python client (httpx), which spends more CPU than the servers it measures.

    python -m bench.load_client URL [--method GET|POST] [--connections 8] [--seconds 5]
        [--header 'Name: value' ...] [--body JSON] [--tool wrk|python]

`{i}` in the URL is replaced by the connection's number (0..N-1), or by the i-th of `--ids`
(comma-separated) when given, so that each connection targets its own object. Prints one
JSON line: requests, errors (transport failures and non-2xx answers), statuses, throughput
(req/s) and latency percentiles (ms) over the measured window (after a warm-up)."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import httpx


def percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, round(fraction * (len(sorted_values) - 1)))
    return sorted_values[index]


async def run(args: argparse.Namespace) -> dict[str, object]:
    headers = dict(h.split(": ", 1) for h in args.header)
    body = args.body.encode() if args.body else None
    if body:
        headers["Content-Type"] = "application/json"
    limits = httpx.Limits(
        max_connections=args.connections, max_keepalive_connections=args.connections
    )
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    started = time.perf_counter()
    measure_from = started + args.warmup
    stop_at = measure_from + args.seconds

    async with httpx.AsyncClient(limits=limits, timeout=args.timeout, headers=headers) as client:

        async def connection(i: int) -> None:
            ids = args.ids.split(",") if args.ids else None
            url = args.url.replace("{i}", ids[i % len(ids)] if ids else str(i))
            while (now := time.perf_counter()) < stop_at:
                try:
                    answer = await client.request(args.method, url, content=body)
                    status = str(answer.status_code)
                except httpx.HTTPError as error:
                    status = type(error).__name__
                done = time.perf_counter()
                if now >= measure_from:
                    latencies.append(done - now)
                    statuses[status] += 1

        await asyncio.gather(*(connection(i) for i in range(args.connections)))
    elapsed = time.perf_counter() - measure_from
    latencies.sort()
    errors = sum(n for s, n in statuses.items() if not s.startswith("2"))
    return {
        "requests": len(latencies),
        "errors": errors,
        "statuses": dict(statuses),
        "rps": len(latencies) / elapsed,
        "p50_ms": percentile(latencies, 0.50) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
    }


WRK_SCRIPT = Path(__file__).with_name("wrk_load.lua")


def run_wrk(args: argparse.Namespace) -> dict[str, object]:
    """The same measure with wrk: a warm-up run (not counted), then the measured one. With
    per-connection targets, one wrk thread per connection (ids are given out by thread)."""
    parts = urlsplit(args.url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    per_connection = "{i}" in args.url
    threads = args.connections if per_connection else min(2, args.connections)
    env = {
        **os.environ,
        "WRK_METHOD": args.method,
        "WRK_PATH": path,
        "WRK_BODY": args.body or "",
        "WRK_HEADERS": "\n".join(args.header),
        "WRK_IDS": args.ids or "",
    }
    base = f"{parts.scheme}://{parts.netloc}"

    def wrk(seconds: float) -> dict[str, int]:
        command = [
            "wrk", "-t", str(threads), "-c", str(args.connections), "-d", f"{seconds:g}s",
            "--timeout", f"{args.timeout:g}s", "-s", str(WRK_SCRIPT), base,
        ]  # fmt: skip
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
        return dict(json.loads(done.stdout.strip().splitlines()[-1]))

    if args.warmup > 0:
        wrk(args.warmup)
        # wrk stops with requests in flight: let them finish, or the measured run's first
        # write to the same project would race one of them (a 409, counted as an error)
        time.sleep(1.0)
    measured = wrk(args.seconds)
    requests = measured["requests"]
    errors = measured["status_errors"] + measured["socket_errors"]
    return {
        "tool": "wrk",
        "requests": requests,
        "errors": errors,
        "statuses": {
            "2xx/3xx": requests - measured["status_errors"],
            ">=400": measured["status_errors"],
            "socket": measured["socket_errors"],
        },
        "rps": requests / (measured["duration_us"] / 1e6),
        "p50_ms": measured["p50_us"] / 1000,
        "p99_ms": measured["p99_us"] / 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("--method", default="GET")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--warmup", type=float, default=1.0)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--header", action="append", default=[])
    parser.add_argument("--body")
    parser.add_argument("--ids", help="comma-separated values for {i}, one per connection")
    parser.add_argument(
        "--tool", choices=["wrk", "python"], help="default: wrk when installed, else python"
    )
    args = parser.parse_args()
    tool = args.tool or ("wrk" if shutil.which("wrk") else "python")
    result = run_wrk(args) if tool == "wrk" else {"tool": "python", **asyncio.run(run(args))}
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
