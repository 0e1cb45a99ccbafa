"""What-if on an existing history (the demo's): reading the governance slice of the log and
replaying it under a rule set, against the bare reading of the same rows with the library's
decoder in the same run.

    python -m bench.what_if --database sqlite:///jalon.db [--rule-set FILE]
                            [--from 2024-01] [--to 2026-10] [--rounds 3]

Each round: (1) bare: the same stored rows read and every one decoded by the store's
decoder (cipher, transcoder, upcasting); (2) `what_if`: the slice read as the replay reads it
(time sheets without the transcoder's hooks), then replayed month by month and compared with
the recorded escalations. Medians of wall and CPU seconds, and the ratio what-if / bare."""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.common import median
from domain.principal import SYSTEM
from domain.services.what_if import what_if
from governance_rules.loading import SHIPPED
from infrastructure.bootstrap import bootstrap
from infrastructure.settings import Settings
from projections.history import governance_history, slice_rows


def timed(action: Callable[[], Any]) -> tuple[float, float, Any]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--rule-set", type=Path, default=SHIPPED / "anap-default-v2.yaml")
    parser.add_argument("--from", dest="first", default="2024-01")
    parser.add_argument("--to", dest="last", default="2026-10")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    jalon = bootstrap(Settings(database_url=args.database))
    source = args.rule_set.read_text(encoding="utf-8")
    log, zone = jalon.runner.log, jalon.settings.zone

    def bare() -> int:
        decode, count = log.decoder.decode, 0
        for rows in slice_rows(log):
            for r in rows:
                decode(
                    r["position"], r["originator_id"], r["originator_version"], r["topic"],
                    r["state"],
                )  # fmt: skip
            count += len(rows)
        return count

    def replayed() -> dict[str, Any]:
        history = governance_history(log)
        return what_if(SYSTEM, history, source=source, first=args.first, last=args.last, zone=zone)

    try:
        rows: dict[str, list[tuple[float, float]]] = {"bare": [], "what_if": []}
        for _ in range(args.rounds):
            wall, cpu, count = timed(bare)
            rows["bare"].append((wall, cpu))
            wall, cpu, report = timed(replayed)
            rows["what_if"].append((wall, cpu))
        print(f"{count:,} events in the slice; {report['summary']}")
        for name, times in rows.items():
            print(f"{name:8} wall {median([w for w, _ in times]):6.2f} s   "
                  f"cpu {median([c for _, c in times]):6.2f} s")  # fmt: skip
        ratio = median([w for w, _ in rows["what_if"]]) / median([w for w, _ in rows["bare"]])
        print(f"ratio what_if / bare (wall medians): {ratio:.2f}")
    finally:
        jalon.close()


if __name__ == "__main__":
    main()
