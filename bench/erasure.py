"""Erasure on the demo group (issue 11): erase a project manager and a staff member, then
look for their names and e-mails in every row of every table (views, directory, credentials,
events), before and after a full rebuild, and compare the time-share report.

    python -m bench.erasure [--backend sqlite|postgres] [--it-staff 20] [--seed 7]

Prints the time each step takes and exits 1 when a name is found or a total moved.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime
from typing import Any

from bench.common import backends
from demo.loader import build_history
from domain.calendar import Month
from domain.principal import SYSTEM
from domain.values import Role
from governance_rules.run_share import RunShareCeiling
from infrastructure.bootstrap import Jalon, bootstrap
from infrastructure.settings import Settings
from projections.queries.timeshare import time_share_report

NOW = datetime(2026, 11, 15, 12, 0, tzinfo=UTC)


def _tables(jalon: Jalon) -> list[str]:
    if jalon.database.dialect == "sqlite":
        sql = "SELECT name FROM sqlite_master WHERE type='table'"
    else:
        sql = "SELECT table_name FROM information_schema.tables WHERE table_schema=current_schema()"
    with jalon.database.reading() as cursor:
        return [str(next(iter(dict(r).values()))) for r in cursor.execute(sql).fetchall()]


def _found(jalon: Jalon, needles: list[str]) -> list[str]:
    hits = []
    with jalon.database.reading() as cursor:
        for table in _tables(jalon):
            rows = cursor.execute(f"SELECT * FROM {table}").fetchall()  # noqa: S608
            text = "\n".join(repr(dict(r)) for r in rows)
            hits += [f"{table}: {n}" for n in needles if n in text]
    return hits


def _report(jalon: Jalon) -> dict[str, Any]:
    last = Month.containing(NOW, jalon.settings.zone)
    with jalon.database.reading() as cursor:
        return time_share_report(
            cursor, first=last.plus(-36), last=last, by="team", ceiling=RunShareCeiling()
        )


def run(url: str, it_staff: int, seed: int) -> bool:
    jalon = bootstrap(Settings(database_url=url))
    try:
        started = time.perf_counter()
        cast = build_history(jalon, seed=seed, now=NOW, it_staff=it_staff)
        jalon.runner.catch_up()
        print(f"  demo loaded ({jalon.runner.log.head_position()} events) "
              f"in {time.perf_counter() - started:.1f} s")  # fmt: skip
        chosen = [cast.first(Role.PROJECT_MANAGER), cast.with_role(Role.STAFF)[-1]]
        needles = []
        for person in chosen:
            details = jalon.directory.details(person.person_id)
            assert details is not None
            needles += [details.display_name, details.email]
        before = _report(jalon)
        print(f"  before erasure: {len(_found(jalon, needles))} hits (the directory)")
        started = time.perf_counter()
        for person in chosen:
            result = jalon.privacy.erase(SYSTEM, person.person_id, reason="bench: GDPR request")
            jalon.wait_for(result.position)
        print(f"  2 erasures in {time.perf_counter() - started:.2f} s")
        hits = _found(jalon, needles)
        same = _report(jalon) == before
        print(f"  after erasure: {len(hits)} hits {hits[:5]}, report unchanged: {same}")
        started = time.perf_counter()
        jalon.runner.rebuild()
        print(f"  full rebuild in {time.perf_counter() - started:.1f} s")
        rebuilt_hits = _found(jalon, needles)
        rebuilt_same = _report(jalon) == before
        print(f"  after rebuild: {len(rebuilt_hits)} hits, report unchanged: {rebuilt_same}")
        return not hits and not rebuilt_hits and same and rebuilt_same
    finally:
        jalon.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backend", choices=["sqlite", "postgres"])
    parser.add_argument("--it-staff", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    ok = True
    for name, make_url in backends(args.backend):
        print(f"{name}:")
        with make_url() as url:  # type: ignore[attr-defined]
            ok = run(url, args.it_staff, args.seed) and ok
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
