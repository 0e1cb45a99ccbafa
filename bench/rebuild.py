"""Rebuilding every view from the log, against the bare library reading and decoding the same
log; then the portfolio as of random past instants.

    python -m bench.rebuild [--backend sqlite|postgres] [--events 1000000] [--queries 300]
                            [--batch 10000] [--projects N]

For each backend, on a fresh store: a synthetic history (bench/history.py: ~1,000 projects
over five years for 1,000,000 events, monthly status reports, budget revisions, milestones,
risks, weekly time sheets) recorded through the services in batches; then, each in a fresh
process so that its peak memory is its own:
- the bare library (`recorder.select_notifications` + `mapper.to_domain_event`, 1,000 at a
  time) reading and decoding the whole log, 3 times (median);
- `runner.rebuild()` of every view from position 0 (the views' batch size is `--batch`);
then `--queries` portfolio reads as of random instants of the five years (the API's first
page of 200 rows, and the whole portfolio as the CLI prints it): p50 and p99; then how fast
the database alone writes the rebuilt views' rows (bench/write_floor.py).
Targets: rebuild / bare >= 0.8; as_of p50 <= 50 ms, p99 <= 200 ms; rebuild peak RSS <= 300 MB.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta
from typing import Any

from bench.common import backends
from bench.history import SyntheticHistory
from bench.write_floor import write_floor
from infrastructure.bootstrap import bootstrap
from infrastructure.eventstore import open_event_store
from infrastructure.location import parse_database_url
from infrastructure.settings import Settings
from projections.queries.portfolio import PortfolioFilter, list_portfolio


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_bare(url: str) -> dict[str, float]:
    """The bare library: read and decode every event, 1,000 at a time."""
    settings = Settings(database_url=url)
    store = open_event_store(parse_database_url(url), settings)
    try:
        started_mb = _peak_mb()
        started = time.perf_counter()
        count, start = 0, 1
        while True:
            notifications = store.recorder.select_notifications(start, 1000)
            if not notifications:
                break
            for notification in notifications:
                store.mapper.to_domain_event(notification)
            count += len(notifications)
            start = notifications[-1].id + 1
        seconds = time.perf_counter() - started
    finally:
        store.close()
    return {"events": count, "seconds": seconds, "start_mb": started_mb, "peak_mb": _peak_mb()}


def child_rebuild(url: str, batch: int) -> dict[str, float]:
    """Every view dropped and rebuilt from position 0."""
    jalon = bootstrap(Settings(database_url=url))
    try:
        jalon.runner.rebuild_batch_size = batch
        started_mb = _peak_mb()
        started = time.perf_counter()
        position = jalon.runner.rebuild()
        seconds = time.perf_counter() - started
    finally:
        jalon.close()
    # on PostgreSQL a second process takes a share (infrastructure/rebuild_elsewhere.py)
    helper_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"events": position, "seconds": seconds, "start_mb": started_mb,
            "peak_mb": _peak_mb(), "helper_mb": helper_mb}  # fmt: skip


def _in_child(*args: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.rebuild", "--child", *args], capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"{args[0]} failed:\n{done.stderr[-2000:]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def as_of_latencies(url: str, span: tuple[datetime, datetime], queries: int) -> dict[str, Any]:
    """Milliseconds per portfolio read as of random instants (first page; whole portfolio)."""
    rng = random.Random(7)
    seconds = int((span[1] - span[0]).total_seconds())
    jalon = bootstrap(Settings(database_url=url))
    page: list[float] = []
    whole: list[float] = []
    try:
        for index in range(queries):
            instant = span[0] + timedelta(seconds=rng.randrange(seconds))
            for limit, samples in ((200, page), (100_000, whole)):
                started = time.perf_counter()
                with jalon.database.reading() as cursor:
                    rows, total = list_portfolio(
                        cursor, PortfolioFilter(), limit=limit, as_of=instant
                    )
                samples.append((time.perf_counter() - started) * 1000)
                assert len(rows) == min(total, limit)
            if index == 0:
                with jalon.database.reading() as cursor:
                    now, _ = list_portfolio(cursor, PortfolioFilter(), limit=100_000)
                    later = span[1] + timedelta(days=3650)
                    assert (
                        list_portfolio(cursor, PortfolioFilter(), limit=100_000, as_of=later)[0]
                        == now
                    ), "as_of after the last event differs from the current view"
    finally:
        jalon.close()
    return {
        "page_p50": statistics.median(page),
        "page_p99": percentile(page, 0.99),
        "whole_p50": statistics.median(whole),
        "whole_p99": percentile(whole, 0.99),
    }


def measure(
    make_url: Any, events: int, queries: int, batch: int, projects: int | None
) -> dict[str, Any]:
    with make_url() as url:
        jalon = bootstrap(Settings(database_url=url))
        try:
            history = SyntheticHistory(jalon, events, projects=projects)
            started = time.perf_counter()
            recorded = history.record()
            generated = time.perf_counter() - started
            print(f"  history: {recorded:,} events ({history.projects_count:,} projects, "
                  f"{history.people_count:,} people) in {generated:.0f} s", flush=True)  # fmt: skip
        finally:
            jalon.close()
        bare = [_in_child("bare", url) for _ in range(3)]
        print(f"  bare library: {[round(b['events'] / b['seconds']) for b in bare]} events/s",
              flush=True)  # fmt: skip
        rebuilt = _in_child("rebuild", url, str(batch))
        latencies = as_of_latencies(url, history.span(), queries)
        jalon = bootstrap(Settings(database_url=url))
        try:
            with jalon.database.reading() as cursor:
                history_rows = int(cursor.scalar("SELECT COUNT(*) FROM portfolio_history"))
            floor_seconds, view_rows = write_floor(jalon)
        finally:
            jalon.close()
    bare_rate = statistics.median(b["events"] / b["seconds"] for b in bare)
    rebuild_rate = rebuilt["events"] / rebuilt["seconds"]
    return {
        "events": recorded,
        "history_rows": history_rows,
        "bare": bare_rate,
        "rebuild": rebuild_rate,
        "ratio": rebuild_rate / bare_rate,
        "rebuild_s": rebuilt["seconds"],
        "floor": rebuilt["events"] / floor_seconds,
        "view_rows": view_rows,
        "peak_mb": rebuilt["peak_mb"],
        "helper_mb": rebuilt["helper_mb"],
        "start_mb": rebuilt["start_mb"],
        **latencies,
    }


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        kind, url, *rest = sys.argv[2:]
        result = child_bare(url) if kind == "bare" else child_rebuild(url, int(rest[0]))
        print(json.dumps(result))
        return
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", choices=["sqlite", "postgres"])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument(
        "--batch", type=int, default=10_000, help="events per view transaction of the rebuild"
    )
    parser.add_argument(
        "--projects", type=int, help="projects (default events / 1000); time sheets make the rest"
    )
    args = parser.parse_args()
    print(f"rebuild of every view and as_of reads, {args.events:,} events, "
          f"{args.queries} as_of reads")  # fmt: skip
    for name, make_url in backends(args.backend):
        print(f"{name}:", flush=True)
        r = measure(make_url, args.events, args.queries, args.batch, args.projects)
        print(
            f"  rebuild {r['rebuild']:,.0f} events/s ({r['rebuild_s']:.0f} s), bare library "
            f"{r['bare']:,.0f} events/s, ratio {r['ratio']:.2f} (target >= 0.8)\n"
            f"  the database alone writes the views' {r['view_rows']:,} rows at "
            f"{r['floor']:,.0f} events/s (bench/write_floor.py): "
            f"{r['floor'] / r['bare']:.2f} of the bare library\n"
            f"  peak RSS of the rebuild process {r['peak_mb']:.0f} MB "
            f"({r['start_mb']:.0f} MB before it; its helper process, if any: "
            f"{r['helper_mb']:.0f} MB; target <= 300)\n"
            f"  as_of, first page of 200: p50 {r['page_p50']:.1f} ms, p99 {r['page_p99']:.1f} ms;"
            f" whole portfolio: p50 {r['whole_p50']:.1f} ms, p99 {r['whole_p99']:.1f} ms "
            f"(targets 50 / 200; {r['history_rows']:,} history rows)",
            flush=True,
        )


if __name__ == "__main__":
    main()
