"""The load tool: an async HTTP client in its own process, N connections kept busy.

    python -m bench.load_client URL [--method GET|POST] [--connections 8] [--seconds 5]
        [--header 'Name: value' ...] [--body JSON]

`{i}` in the URL is replaced by the connection's number (0..N-1), or by the i-th of `--ids`
(comma-separated) when given, so that each connection targets its own object. Prints one JSON line: requests, errors (transport failures and
non-2xx answers), statuses, throughput (req/s) and latency percentiles (ms) over the
measured window (after a warm-up)."""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections import Counter

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
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args))), flush=True)


if __name__ == "__main__":
    main()
