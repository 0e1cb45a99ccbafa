"""Application-service commands against a bare eventsourcing Application saving the same event.

    python -m bench.commands [--backend sqlite|postgres] [--rounds 5] [--count 300]

Each round measures, on the same backend and in the same process: the bare library (load the
aggregate, trigger the event, save), Jalon's service command (roles, validation, references,
save), and the same command followed by read-your-writes (views updated). Medians and the
ratio service / bare are printed; the target is a ratio >= 0.8.
"""

from __future__ import annotations

import argparse
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from bench.common import backends, bare_application, median, rate
from domain.services.projects import ProjectRegistration
from domain.values import ProjectKind
from infrastructure.bootstrap import Jalon, bootstrap
from infrastructure.settings import Settings
from tests.support import Group, seed_group

WEATHER = {"quality": "green", "cost": "yellow", "deadline": "green", "risk": "orange"}


class BareProject(Aggregate):
    """The cheapest aggregate recording the same event: it keeps no state that grows."""

    @event("Registered")
    def __init__(self, code: str) -> None:
        self.code = code
        self.last_month = ""

    @event("StatusReported")
    def report(self, actor: str, month: str, weather: dict[str, str], comment: str) -> None:
        self.last_month = month


def month(i: int) -> str:
    return f"{2020 + (i // 12) % 6}-{i % 12 + 1:02d}"


def prepare(jalon: Jalon) -> tuple[Group, UUID]:
    group = seed_group(jalon.reference, jalon.people)
    project = jalon.projects.register(
        group.pmo,
        ProjectRegistration(
            code="BENCH-1", name="Bench", establishment="CHRU", functional_area="DPI",
            kind=ProjectKind.BUILD, sponsor_id=group.member.person_id,
            manager_id=group.manager.person_id,
        ),
    )  # fmt: skip
    jalon.wait_for(project.position)
    return group, project.id


def measure(backend: str, make_url: Any, rounds: int, count: int) -> dict[str, float]:
    bare_rates, service_rates, ryw_rates = [], [], []
    with make_url() as url, make_url() as bare_url:
        jalon = bootstrap(Settings(database_url=url))
        bare = bare_application(bare_url)
        try:
            group, project = prepare(jalon)
            bare_project = BareProject(code="BENCH-1")
            bare.save(bare_project)

            def bare_command(i: int) -> None:
                aggregate = bare.repository.get(bare_project.id)
                aggregate.report(actor="x", month=month(i), weather=WEATHER, comment="bench")
                bare.save(aggregate)

            def service_command(i: int) -> None:
                jalon.projects.report_status(
                    group.manager, project, month=month(i), weather=WEATHER, comment="bench"
                )

            def service_then_read(i: int) -> None:
                result = jalon.projects.report_status(
                    group.manager, project, month=month(i), weather=WEATHER, comment="bench"
                )
                jalon.wait_for(result.position)

            for _ in range(rounds):
                bare_rates.append(rate(count, bare_command))
                service_rates.append(rate(count, service_command))
                jalon.runner.catch_up()
                ryw_rates.append(rate(count, service_then_read))
        finally:
            jalon.close()
            bare.close()
    bare_median = median(bare_rates)
    return {
        "bare": bare_median,
        "service": median(service_rates),
        "service+ryw": median(ryw_rates),
        "ratio": median(service_rates) / bare_median,
        "ratio_ryw": median(ryw_rates) / bare_median,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", choices=["sqlite", "postgres"])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--count", type=int, default=300)
    args = parser.parse_args()
    print(
        f"status-report command, {args.rounds} rounds x {args.count} commands, medians (commands/s)"
    )
    print(
        f"{'backend':<10}{'bare lib':>10}{'service':>10}{'+RYW':>10}{'ratio':>8}{'ratio+RYW':>11}  target >= 0.8"
    )
    for name, make_url in backends(args.backend):
        r = measure(name, make_url, args.rounds, args.count)
        verdict = "ok" if r["ratio"] >= 0.8 else "BELOW TARGET"
        print(
            f"{name:<10}{r['bare']:>10.0f}{r['service']:>10.0f}{r['service+ryw']:>10.0f}"
            f"{r['ratio']:>8.2f}{r['ratio_ryw']:>11.2f}  {verdict}"
        )


if __name__ == "__main__":
    main()
