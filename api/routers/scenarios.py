"""Scenarios (issue 7): built by the PMO, evaluated month by month, presented to the
decision body and arbitrated by its chair."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response, status

from api.deps import Allow, JalonDep, committed
from api.routers.prioritisation import window
from api.routing import JalonRoute
from api.schemas.common import CommandOut
from api.schemas.prioritisation import (
    ArbitrationIn,
    ChoiceIn,
    EnvelopeIn,
    EvaluationOut,
    OverloadOut,
    PresentationIn,
    ScenarioDetailOut,
    ScenarioIn,
    ScenarioOut,
    budget_months,
    plan_out,
    team_loads,
    unassigned_hours,
)
from domain.authorization import Operation
from domain.calendar import Month
from domain.principal import Principal
from projections.queries.scenarios import evaluate_scenario, list_scenarios, scenario_detail

router = APIRouter(route_class=JalonRoute, prefix="/api/v1/scenarios", tags=["scenarios"])

Reader = Annotated[Principal, Depends(Allow(Operation.PORTFOLIO_READ))]
Builder = Annotated[Principal, Depends(Allow(Operation.SCENARIO_MANAGE))]
Arbiter = Annotated[Principal, Depends(Allow(Operation.SCENARIO_ARBITRATE))]
MonthQuery = Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}$")]


@router.get("")
def scenarios(principal: Reader, jalon: JalonDep) -> list[ScenarioOut]:
    with jalon.database.reading() as cursor:
        return [ScenarioOut.model_validate(s) for s in list_scenarios(cursor)]


@router.post("", status_code=status.HTTP_201_CREATED)
def draft(body: ScenarioIn, principal: Builder, jalon: JalonDep, response: Response) -> CommandOut:
    """A new scenario (unique code), with the envelope available each year."""
    result = jalon.scenarios.draft(
        principal,
        code=body.code,
        name=body.name,
        envelopes={int(y): a for y, a in body.envelopes.items()},
        reason=body.reason,
    )
    return committed(jalon, result, response)


@router.get("/{code}")
def scenario(code: str, principal: Reader, jalon: JalonDep) -> ScenarioDetailOut:
    with jalon.database.reading() as cursor:
        return ScenarioDetailOut.model_validate(scenario_detail(cursor, code))


@router.post("/{code}/choices")
def choose(
    code: str, body: ChoiceIn, principal: Builder, jalon: JalonDep, response: Response
) -> CommandOut:
    """Select a project (shifted by some months, on a team) or leave it out."""
    result = jalon.scenarios.choose(
        principal,
        code,
        project_id=body.project_id,
        selected=body.selected,
        shift_months=body.shift_months,
        team=body.team,
        reason=body.reason,
        expected_version=body.expected_version,
    )
    return committed(jalon, result, response)


@router.put("/{code}/envelopes/{year}")
def set_envelope(
    code: str,
    year: Annotated[int, Path(ge=2000, le=2100)],
    body: EnvelopeIn,
    principal: Builder,
    jalon: JalonDep,
    response: Response,
) -> CommandOut:
    result = jalon.scenarios.set_envelope(
        principal, code, year=year, amount=body.amount, reason=body.reason
    )
    return committed(jalon, result, response)


@router.get("/{code}/evaluation")
def evaluation(
    code: str,
    principal: Reader,
    jalon: JalonDep,
    from_: Annotated[str | None, Query(alias="from", pattern=r"^\d{4}-\d{2}$")] = None,
    to: MonthQuery = None,
) -> EvaluationOut:
    """Month by month: spending against the year's envelope, each team's load against what
    run leaves it (overloaded months flagged). Default: this month and the 35 after."""
    months = window(jalon, from_, to, default_months=36)
    with jalon.database.reading() as cursor:
        now = datetime.now(UTC)
        current = Month.containing(now, jalon.settings.zone)
        found = evaluate_scenario(cursor, code, months, now, current)
    result = found.evaluation
    return EvaluationOut(
        scenario=ScenarioOut.model_validate(found.scenario),
        from_=str(months[0]),
        to=str(months[-1]),
        budget=budget_months(result),
        months_over_budget=[str(m) for m in result.months_over_budget],
        teams=team_loads(result),
        overloaded=[
            OverloadOut(team=t.team, month=str(t.month), free=t.free) for t in result.overloaded
        ],
        unassigned=unassigned_hours(result),
        projects=[plan_out(info, plan, months) for info, plan in found.kept],
    )


@router.post("/{code}/presentation")
def present(
    code: str, body: PresentationIn, principal: Builder, jalon: JalonDep, response: Response
) -> CommandOut:
    """Put the scenario before a decision body (PMO)."""
    result = jalon.scenarios.present(principal, code, body_id=body.body_id, reason=body.reason)
    return committed(jalon, result, response)


@router.post("/{code}/arbitration")
def arbitrate(
    code: str, body: ArbitrationIn, principal: Arbiter, jalon: JalonDep, response: Response
) -> CommandOut:
    """The chair of the body it was presented to accepts (recording each candidate's G1
    decision), sends back for amendment, or rejects the scenario, with a reason."""
    result = jalon.scenarios.arbitrate(principal, code, outcome=body.outcome, reason=body.reason)
    return committed(jalon, result, response)
