"""`make bench` / `python -m bench`: every benchmark, one after the other.

Each module is also runnable alone (`python -m bench.commands --help`)."""

from __future__ import annotations

import runpy
import sys

BENCHMARKS = [
    "bench.commands",
    "bench.timeshare",
    "bench.http",
    "bench.scaleout",
    "bench.memory",
    "bench.verify",
    "bench.scenarios",
    "bench.rebuild",
]


def main() -> None:
    for module in BENCHMARKS:
        print(f"\n=== {module} ===", flush=True)
        sys.argv = [module]
        runpy.run_module(module, run_name="__main__")


if __name__ == "__main__":
    main()
