"""Schemathesis against the whole API, in-process (ASGI), authenticated, every phase
(examples, coverage, fuzzing, stateful), with the six checks that must never fail.

    python -m bench.fuzz [--max-examples 200] [--seed N] [--backend sqlite|postgres]

`make fuzz` runs it. A bounded run is part of `make test` (tests/e2e/test_fuzzing.py). The
app runs on a fresh database (a SQLite file, or a PostgreSQL schema dropped afterwards)
holding a small group (tests.support.seed_group) and one project; requests carry an
administrator's token, so that every route is reachable.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import schemathesis
from schemathesis.engine import events

from api.app import create_app
from bench.common import backends
from domain.principal import SYSTEM
from infrastructure.bootstrap import Jalon, bootstrap
from infrastructure.settings import Settings
from tests.support import project_registration, seed_group

CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
    "ignored_auth",
)
PHASES = ("examples", "coverage", "fuzzing", "stateful")


@dataclass(frozen=True)
class Finding:
    check: str
    operation: str
    message: str
    reproduce: str

    def __str__(self) -> str:
        return f"{self.check} on {self.operation}: {self.message}\n    {self.reproduce}"


@dataclass
class Report:
    scenarios: int
    findings: list[Finding]
    errors: list[str]
    phases: dict[str, str] = field(default_factory=dict)  # phase → status or why skipped

    @property
    def passed(self) -> bool:
        return not self.findings and not self.errors


@contextmanager
def fuzz_target(backend: str = "sqlite") -> Iterator[tuple[Jalon, str]]:
    """A fresh Jalon with a small group, and an administrator's bearer token."""
    [(_, database_url)] = backends(backend)
    with database_url() as url:  # type: ignore[attr-defined]
        jalon = bootstrap(Settings(database_url=url))
        try:
            group = seed_group(jalon.reference, jalon.people)
            jalon.projects.register(SYSTEM, project_registration(group, "DPI-01"))
            assert group.admin.person_id is not None
            result, token, _ = jalon.people.issue_token(SYSTEM, group.admin.person_id, valid_days=1)
            jalon.wait_for(result.position)
            yield jalon, token.bearer
        finally:
            jalon.close()


def configuration(bearer: str, max_examples: int, seed: int | None) -> schemathesis.Config:
    checks: dict[str, object] = {"enabled": False} | {name: {"enabled": True} for name in CHECKS}
    settings: dict[str, object] = {
        "headers": {"Authorization": f"Bearer {bearer}"},
        "cache": {"enabled": False},
        "generation": {"max-examples": max_examples, "database": "none"},
        "checks": checks,
        "phases": {phase: {"enabled": True} for phase in PHASES}
        | {"examples": {"enabled": True, "fill-missing": True}},
    }
    if seed is not None:  # the same run every time (CI)
        settings["seed"] = seed
        settings["generation"] = {
            "max-examples": max_examples, "database": "none", "deterministic": True,
        }  # fmt: skip
    return schemathesis.Config.from_dict(settings)


def run(max_examples: int, seed: int | None = None, backend: str = "sqlite") -> Report:
    logger = logging.getLogger("jalon")
    level = logger.level
    logger.setLevel(logging.ERROR)  # thousands of refused sign-ins and 4xx: errors only
    try:
        with fuzz_target(backend) as (jalon, bearer):
            app = create_app(jalon, background_projections=False)
            schema = schemathesis.openapi.from_asgi(
                "/openapi.json", app, config=configuration(bearer, max_examples, seed)
            )
            return _collect(schemathesis.engine.from_schema(schema).execute())
    finally:
        logger.setLevel(level)


def _collect(stream: Iterable[events.EngineEvent]) -> Report:
    report = Report(scenarios=0, findings=[], errors=[])
    seen: set[tuple[str, str, str]] = set()
    for event in stream:
        if isinstance(event, events.ScenarioFinished):
            report.scenarios += 1
            for checks in event.recorder.checks.values():
                for check in checks:
                    if check.failure_info is None:
                        continue
                    failure = check.failure_info.failure
                    key = (check.name, event.recorder.label, failure.title)
                    if key not in seen:
                        seen.add(key)
                        report.findings.append(
                            Finding(
                                check.name,
                                event.recorder.label,
                                f"{failure.title}: {failure.message}"[:600],
                                check.failure_info.code_sample[:600],
                            )
                        )
        elif isinstance(event, events.PhaseFinished):
            skipped = event.phase.skip_reason
            report.phases[event.phase.name.value] = (
                f"skipped ({skipped.value})" if skipped else event.status.value
            )
        elif isinstance(event, events.NonFatalError | events.FatalError):
            report.errors.append(repr(getattr(event, "value", getattr(event, "exception", event))))
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=200)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    report = run(args.max_examples, args.seed, args.backend)
    for finding in report.findings:
        print(finding)
    for error in report.errors:
        print("error:", error)
    print("phases:", ", ".join(f"{name} {status}" for name, status in report.phases.items()))
    print(
        f"{report.scenarios} scenarios, {len(report.findings)} failures, "
        f"{len(report.errors)} errors ({', '.join(CHECKS)})"
    )
    sys.exit(0 if report.passed else 1)


if __name__ == "__main__":
    main()
