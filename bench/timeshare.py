"""Bulk import of time entries through the application service, against the bare library's
batched save of the same events; then the time-share report over three years.

    python -m bench.timeshare [--backend sqlite|postgres] [--rounds 3] [--entries 100000]
                              [--batch 1000] [--profile 25]

Each round, on a fresh store: ~160 people × 156 weeks of 4-line validated sheets imported
through `TimeSheetBatches.import_validated` (rules, references, authorization), `--batch`
sheets per call, each call one transaction; the bare library saving an aggregate with
the same event, in batches of the same size, on the same backend; the views catching up; and
the time-share report over 36 months for the whole group (by team, then by establishment).
Medians are printed; targets: service / bare >= 0.7, report <= 500 ms. `--profile N` first
runs one more service import under cProfile (not counted) and prints its N costliest
functions.
"""

from __future__ import annotations

import argparse
import cProfile
import math
import pstats
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate, event

from bench.common import backends, bare_application, median
from domain.calendar import IsoWeek, Month
from domain.clock import recording_at
from domain.ports import PersonDetails
from domain.principal import SYSTEM
from domain.services.timesheet_batches import WeekInput
from domain.timesheet import LineInput
from domain.values import ProjectKind, Role
from governance_rules.run_share import RunShareCeiling
from infrastructure.bootstrap import Jalon, bootstrap
from infrastructure.settings import Settings
from projections.queries.timeshare import Grouping, time_share_report
from tests.support import Group, project_registration, seed_group

LINES_PER_SHEET = 4
WEEKS = 156
TEAMS = 10
LAST_WEEK = IsoWeek(2026, 40)
REASON = "reprise de l'historique"


class BareSheet(Aggregate):
    """The same event as TimeSheet.Imported, with no rule around it."""

    @event("Imported")
    def __init__(
        self, actor: str, person_id: UUID, week: str, lines: list[dict[str, Any]],
        warnings: list[str], reason: str,
    ) -> None:  # fmt: skip
        self.person_id = person_id
        self.lines = lines


@dataclass
class World:
    people: list[UUID]
    runs: list[UUID]
    builds: list[UUID]


def weeks() -> list[IsoWeek]:
    first = IsoWeek.of(LAST_WEEK.monday - timedelta(weeks=WEEKS - 1))
    return [IsoWeek.of(first.monday + timedelta(weeks=i)) for i in range(WEEKS)]


def prepare(jalon: Jalon, people: int) -> tuple[Group, World]:
    """The group, 10 MCO teams with their run projects, 30 build projects, the people."""
    group = seed_group(jalon.reference, jalon.people)
    with recording_at(datetime(2022, 1, 3, tzinfo=UTC)), jalon.store.batch():
        builds = [
            jalon.projects.register(group.pmo, project_registration(group, f"B-{i:02d}")).id
            for i in range(30)
        ]
        runs = []
        for i in range(TEAMS):
            run = jalon.projects.register(
                group.pmo, project_registration(group, f"R-{i:02d}", kind=ProjectKind.RUN)
            ).id
            assert group.staff.person_id is not None
            jalon.teams.form(group.pmo, code=f"T-{i:02d}", name=f"Team {i}",
                             establishment="CHRU" if i % 2 else "GHT", lead_id=group.staff.person_id)  # fmt: skip
            jalon.teams.attach_run_project(group.pmo, f"T-{i:02d}", project_id=run)
            runs.append(run)
        staff = []
        for i in range(people):
            person = jalon.people.register(
                SYSTEM, details=PersonDetails(f"p{i}", f"P {i}", f"p{i}@example.org"),
                establishment="CHRU", roles=[Role.STAFF], reason="bench",
            ).id  # fmt: skip
            jalon.teams.assign(
                group.pmo, person, team=f"T-{i % TEAMS:02d}", since=date(2022, 1, 3), reason="bench"
            )
            staff.append(person)
    jalon.runner.catch_up()
    return group, World(staff, runs, builds)


Sheet = tuple[UUID, str, list[LineInput]]


def sheets(world: World, count: int) -> list[Sheet]:
    drawn: list[Sheet] = []
    for week_index, week in enumerate(weeks()):
        for person_index, person in enumerate(world.people):
            if len(drawn) == count:
                return drawn
            b = (week_index + person_index) % len(world.builds)
            lines = [
                LineInput(world.runs[person_index % TEAMS], "20", "support"),
                LineInput(world.builds[b], "7.5", "recette"),
                LineInput(world.builds[(b + 1) % len(world.builds)], "5"),
                LineInput(world.builds[(b + 2) % len(world.builds)], "5", "déploiement"),
            ]
            drawn.append((person, str(week), lines))
    return drawn


def service_import(jalon: Jalon, group: Group, drawn: list[Any], batch: int) -> float:
    """Entries per second through the application service, one batch per transaction."""
    weeks = [WeekInput(person, week, lines) for person, week, lines in drawn]
    started = time.perf_counter()
    for start in range(0, len(weeks), batch):
        jalon.timesheet_batches.import_validated(
            group.pmo, weeks[start : start + batch], reason=REASON
        )
    return len(drawn) * LINES_PER_SHEET / (time.perf_counter() - started)


def bare_import(url: str, drawn: list[Any], batch: int) -> float:
    """Entries per second saving the same events with the bare library, same batches."""
    app = bare_application(url)
    try:
        started = time.perf_counter()
        for start in range(0, len(drawn), batch):
            app.save(*[
                BareSheet(actor="pmo", person_id=person, week=week, lines=_payload(lines),
                          warnings=[], reason=REASON)
                for person, week, lines in drawn[start : start + batch]
            ])  # fmt: skip
        return len(drawn) * LINES_PER_SHEET / (time.perf_counter() - started)
    finally:
        app.close()


def _payload(lines: list[LineInput]) -> list[dict[str, Any]]:
    return [
        {
            "project_id": str(x.project_id),
            "activity": x.activity,
            "minutes": int(Decimal(x.hours) * 60),
        }
        for x in lines
    ]


def report_latency(jalon: Jalon, repeat: int) -> dict[str, float]:
    last = Month.of(LAST_WEEK.sunday)
    first = last.plus(-35)
    latencies: dict[str, float] = {}
    groupings: tuple[Grouping, ...] = ("team", "establishment")
    for by in groupings:
        samples = []
        for _ in range(repeat):
            started = time.perf_counter()
            with jalon.database.reading() as cursor:
                report = time_share_report(
                    cursor, first=first, last=last, by=by, ceiling=RunShareCeiling()
                )
            samples.append((time.perf_counter() - started) * 1000)
        assert report["group"]["total"]["validated_hours"] > 0
        latencies[by] = median(samples)
    return latencies


def profile_service(make_url: Any, entries: int, batch: int, top: int) -> None:
    """The service import once more, under cProfile (not measured): its costliest functions."""
    count = entries // LINES_PER_SHEET
    with make_url() as url:
        jalon = bootstrap(Settings(database_url=url))
        try:
            group, world = prepare(jalon, math.ceil(count / WEEKS))
            drawn = sheets(world, count)
            profiler = cProfile.Profile()
            profiler.runcall(service_import, jalon, group, drawn, batch)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(top)
        finally:
            jalon.close()


def measure(make_url: Any, rounds: int, entries: int, batch: int) -> dict[str, float]:
    count = entries // LINES_PER_SHEET
    people = math.ceil(count / WEEKS)
    results: dict[str, list[float]] = {
        k: [] for k in ("bare", "service", "views", "team", "establishment")
    }
    for _ in range(rounds):
        with make_url() as url, make_url() as bare_url:
            elsewhere = World([uuid4() for _ in range(people)], [uuid4()] * TEAMS, [uuid4()] * 30)
            results["bare"].append(bare_import(bare_url, sheets(elsewhere, count), batch))
            jalon = bootstrap(Settings(database_url=url))
            try:
                group, world = prepare(jalon, people)
                drawn = sheets(world, count)
                results["service"].append(service_import(jalon, group, drawn, batch))
                head = jalon.runner.log.head_position()
                jalon.runner.batch_size = 5000
                started = time.perf_counter()
                jalon.runner.catch_up()
                results["views"].append(head / (time.perf_counter() - started))
                for by, latency in report_latency(jalon, 15).items():
                    results[by].append(latency)
            finally:
                jalon.close()
    medians = {k: median(v) for k, v in results.items()}
    medians["ratio"] = medians["service"] / medians["bare"]
    return medians


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", choices=["sqlite", "postgres"])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=1000, help="sheets per transaction")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="profile the first service import, print its N costliest functions")  # fmt: skip
    args = parser.parse_args()
    print(
        f"time-entry import, {args.rounds} rounds x {args.entries:,} entries "
        f"({LINES_PER_SHEET} per sheet, {args.batch} sheets per batch), medians"
    )
    print(
        f"{'backend':<10}{'bare lib':>12}{'service':>12}{'ratio':>8}{'views':>12}"
        f"{'report/team':>13}{'/establishment':>16}"
    )
    print(f"{'':<10}{'entries/s':>12}{'entries/s':>12}{'':>8}{'events/s':>12}{'ms':>13}{'ms':>16}")
    for name, make_url in backends(args.backend):
        if args.profile:
            profile_service(make_url, args.entries, args.batch, args.profile)
        r = measure(make_url, args.rounds, args.entries, args.batch)
        verdict = (
            "ok"
            if r["ratio"] >= 0.7 and max(r["team"], r["establishment"]) <= 500
            else "BELOW TARGET"
        )
        print(
            f"{name:<10}{r['bare']:>12,.0f}{r['service']:>12,.0f}{r['ratio']:>8.2f}"
            f"{r['views']:>12,.0f}{r['team']:>13.0f}{r['establishment']:>16.0f}  {verdict}"
        )


if __name__ == "__main__":
    main()
