"""`jalon portfolio --rank` and `jalon scores ...`: priority scores and the ranked portfolio."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from uuid import UUID

import typer

from api.cli.context import opened
from api.cli.output import Format, console, emit, fail
from domain.errors import DomainError
from domain.principal import SYSTEM
from governance_rules.priority import priority_score
from projections.queries.portfolio import find_project
from projections.queries.ranking import choose_rule_set, criteria_of, rank, scores_at

RANK_COLUMNS = [
    "rank", "code", "name", "establishment", "phase", "score", "complete", "envelope",
    "planned_hours",
]  # fmt: skip

app = typer.Typer(help="Priority scores of projects (criteria of the rule set).")
RuleSetOption = Annotated[
    str | None, typer.Option("--ruleset", help="sha256 (8+ hex digits) or name-vN")
]
AtOption = Annotated[str | None, typer.Option("--at", help="scores as of (ISO 8601)")]


def _instant(at: str | None) -> datetime:
    if at is None:
        return datetime.now(UTC)
    try:
        instant = datetime.fromisoformat(at)
    except ValueError:
        fail(f"--at: {at!r} is not an ISO 8601 instant (2026-01-31T12:00Z)")
    return instant if instant.tzinfo else instant.replace(tzinfo=UTC)


def print_ranking(ruleset: str | None, at: str | None, fmt: Format) -> None:
    with opened() as jalon, jalon.database.reading() as cursor:
        try:
            ranked = rank(cursor, at=_instant(at), ruleset=ruleset)
        except DomainError as error:
            fail(error.message)
    rows = [
        {
            "rank": r.rank, "code": r.code, "name": r.name, "establishment": r.establishment,
            "phase": r.phase, "score": r.score.total, "complete": r.score.complete,
            "envelope": r.envelope, "planned_hours": r.planned_hours,
        }
        for r in ranked.rows
    ]  # fmt: skip
    title = f"Ranking under {ranked.rule_set.rules.label} ({ranked.rule_set.content_hash[:12]})"
    emit(rows, RANK_COLUMNS, fmt, title=title)


def _pairs(values: list[str]) -> dict[str, int]:
    scores = {}
    for value in values:
        key, _, number = value.partition("=")
        if not number.strip().isdigit():
            fail(f"{value!r}: write CRITERION=SCORE, e.g. patient_safety=4")
        scores[key.strip()] = int(number)
    return scores


@app.command("set")
def set_scores(
    project: Annotated[str, typer.Argument(help="project code")],
    scores: Annotated[list[str], typer.Argument(help="CRITERION=SCORE ...")],
    reason: Annotated[str, typer.Option()],
) -> None:
    """Record scores of a project (under the rule set in force)."""
    values = _pairs(scores)
    with opened() as jalon:
        with jalon.database.reading() as cursor:
            found = find_project(cursor, project)
        if found is None:
            fail(f"no project {project}")
        try:
            result = jalon.scoring.score(
                SYSTEM, UUID(str(found["id"])), scores=values, reason=reason
            )
        except DomainError as error:
            fail(error.message)
        jalon.wait_for(result.position)
    console.print(f"{found['code']}: scores recorded (version {result.version})")


@app.command("show")
def show(
    project: Annotated[str, typer.Argument(help="project code")],
    ruleset: RuleSetOption = None,
    at: AtOption = None,
    fmt: Annotated[Format, typer.Option("--format")] = Format.TABLE,
) -> None:
    """A project's priority score and its breakdown."""
    instant = _instant(at)
    with opened() as jalon, jalon.database.reading() as cursor:
        found = find_project(cursor, project)
        if found is None:
            fail(f"no project {project}")
        try:
            adopted = choose_rule_set(cursor, ruleset, instant)
            criteria = criteria_of(adopted)
        except DomainError as error:
            fail(error.message)
        project_id = str(found["id"])
        score = priority_score(criteria, scores_at(cursor, instant, project_id).get(project_id, {}))
    rows = [
        {"criterion": p.key, "weight": p.weight, "value": p.value, "points": p.points}
        for p in score.parts
    ]
    rows.append({"criterion": "total", "points": score.total})
    title = f"{found['code']} under {adopted.rules.label}"
    emit(rows, ["criterion", "weight", "value", "points"], fmt, title=title)
