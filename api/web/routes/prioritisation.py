"""Prioritisation on screen, read-only (issue 7's capabilities): the ranked candidate
projects under the rule set in force, each team's capacity month by month, and a scenario's
evaluation; the same queries as the API (api/routers/prioritisation.py, scenarios.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from api.deps import JalonDep
from api.routers.prioritisation import window
from api.web.deps import Page, Viewer
from api.web.templating import render
from domain.authorization import Operation
from domain.calendar import Month
from lifecycle.phases import Phase
from projections.queries.capacity import live_capacity
from projections.queries.people import list_reference
from projections.queries.ranking import rank
from projections.queries.rulesets import rule_set_in_force
from projections.queries.scenarios import evaluate_scenario, list_scenarios, scenario_detail

router = APIRouter(include_in_schema=False)
Reader = Annotated[Viewer, Depends(Page(Operation.PORTFOLIO_READ))]
ReportReader = Annotated[Viewer, Depends(Page(Operation.REPORT_READ))]
FromQuery = Annotated[str | None, Query(alias="from", pattern=r"^\d{4}-\d{2}$")]
ToQuery = Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}$")]
CANDIDATE_PHASES = ["opportunity", "framing", "design", "build", "deployment", "suspended"]


@router.get("/prioritisation")
def ranking_page(
    request: Request, viewer: Reader, jalon: JalonDep, phase: Phase | None = None,
    establishment: Annotated[str, Query(max_length=32)] = "",
) -> Response:  # fmt: skip
    now = datetime.now(UTC)
    with jalon.database.reading() as cursor:
        in_force = rule_set_in_force(cursor, now)
        ranked = (
            rank(cursor, at=now, phase=phase.value if phase else None,
                 establishment=establishment.upper() or None)
            if in_force and in_force.rules.prioritisation else None
        )  # fmt: skip
        context: dict[str, Any] = {
            "ranking": ranked, "scenarios": list_scenarios(cursor),
            "establishments": list_reference(cursor, "establishment"),
            "phases": CANDIDATE_PHASES,
            "query": {"phase": phase.value if phase else "", "establishment": establishment},
        }  # fmt: skip
    return render(request, "prioritisation/ranking.html", context, viewer=viewer)


@router.get("/capacity")
def capacity_page(
    request: Request, viewer: ReportReader, jalon: JalonDep, from_: FromQuery = None,
    to: ToQuery = None,
) -> Response:  # fmt: skip
    months = window(jalon, from_, to, default_months=12)
    now = datetime.now(UTC)
    with jalon.database.reading() as cursor:
        found = live_capacity(cursor, months, now, Month.containing(now, jalon.settings.zone))
    context = {
        "months": [str(m) for m in months], "teams": _by_team(found.evaluation.teams),
        "hours_per_person": found.hours_per_person,
        "query": {"from": str(months[0]), "to": str(months[-1])},
    }  # fmt: skip
    return render(request, "prioritisation/capacity.html", context, viewer=viewer)


@router.get("/scenarios/{code}")
def scenario_page(
    request: Request, viewer: Reader, jalon: JalonDep,
    code: Annotated[str, Path(max_length=32)], from_: FromQuery = None, to: ToQuery = None,
) -> Response:  # fmt: skip
    months = window(jalon, from_, to, default_months=36)
    now = datetime.now(UTC)
    with jalon.database.reading() as cursor:
        detail = scenario_detail(cursor, code)
        found = evaluate_scenario(
            cursor, code, months, now, Month.containing(now, jalon.settings.zone)
        )
    result = found.evaluation
    context = {
        "scenario": detail,
        "budget": [b for b in result.budget if b.spend or b.over],
        "overloaded": result.overloaded,
        "kept": [
            {"info": info, "team": plan.team, "hours": sum(plan.effort.values(), Decimal(0)),
             "budget": sum(plan.budget.values(), Decimal(0))}
            for info, plan in found.kept
        ],
        "query": {"from": str(months[0]), "to": str(months[-1])},
    }  # fmt: skip
    return render(request, "prioritisation/scenario.html", context, viewer=viewer)


def _by_team(rows: list[Any]) -> dict[str, list[Any]]:
    teams: dict[str, list[Any]] = {}
    for row in rows:
        teams.setdefault(row.team, []).append(row)
    return teams
