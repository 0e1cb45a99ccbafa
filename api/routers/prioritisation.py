"""Priority scores and the ranked portfolio (issue 7)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Response

from api.deps import Allow, JalonDep, committed
from api.routing import JalonRoute
from api.schemas.common import CommandOut, Instant
from api.schemas.prioritisation import (
    CapacityOut,
    ProjectScoresOut,
    RankedOut,
    RankingOut,
    RuleSetRef,
    ScoreOut,
    ScoresIn,
    ScoringOut,
    plan_out,
    team_loads,
    unassigned_hours,
)
from domain.authorization import Operation
from domain.calendar import Month
from domain.errors import InvalidCommand, NotFound
from domain.planning import months_between
from domain.principal import Principal
from governance_rules.priority import priority_score
from infrastructure.bootstrap import Jalon
from lifecycle.phases import Phase
from projections.queries.capacity import live_capacity
from projections.queries.portfolio import find_project
from projections.queries.ranking import (
    choose_rule_set,
    criteria_of,
    rank,
    score_history,
    scores_at,
)
from projections.queries.rulesets import AdoptedRuleSet

router = APIRouter(route_class=JalonRoute, prefix="/api/v1", tags=["prioritisation"])

Reader = Annotated[Principal, Depends(Allow(Operation.PORTFOLIO_READ))]
CapacityReader = Annotated[Principal, Depends(Allow(Operation.REPORT_READ))]
FromQuery = Annotated[str | None, Query(alias="from", pattern=r"^\d{4}-\d{2}$")]
ToQuery = Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}$")]
Scorer = Annotated[Principal, Depends(Allow(Operation.PROJECT_SCORE))]
RuleSetQuery = Annotated[
    str | None,
    Query(
        max_length=64,
        description="an adopted rule set: its sha256 (or 8+ first hex digits) or name-vN; "
        "default: the one in force at `at`",
    ),
]
AtQuery = Annotated[
    Instant | None, Query(description="scores as recorded up to this instant (default now)")
]


def _instant(at: datetime | None) -> datetime:
    return (at if at.tzinfo else at.replace(tzinfo=UTC)) if at else datetime.now(UTC)


def _ref(adopted: AdoptedRuleSet) -> RuleSetRef:
    return RuleSetRef(
        content_hash=adopted.content_hash, label=adopted.rules.label, adopted_at=adopted.adopted_at
    )


@router.put("/projects/{project_id}/scores")
def score(
    project_id: UUID, body: ScoresIn, principal: Scorer, jalon: JalonDep, response: Response
) -> CommandOut:
    """Score some criteria of the rule set in force (the others keep their scores)."""
    result = jalon.scoring.score(
        principal,
        project_id,
        scores=dict(body.scores),
        reason=body.reason,
        expected_version=body.expected_version,
    )
    return committed(jalon, result, response)


NO_CRITERIA: dict[int | str, dict[str, Any]] = {
    409: {"description": "the rule set in force (or named) has no priority criteria"}
}


@router.get("/projects/{project}/scores", responses=NO_CRITERIA)
def project_scores(
    project: str,
    principal: Reader,
    jalon: JalonDep,
    ruleset: RuleSetQuery = None,
    at: AtQuery = None,
) -> ProjectScoresOut:
    """The project's priority score and its breakdown, and every scoring (who, when, why)."""
    instant = _instant(at)
    with jalon.database.reading() as cursor:
        found = find_project(cursor, project)
        if found is None:
            raise NotFound(f"project {project} not found")
        adopted = choose_rule_set(cursor, ruleset, instant)
        criteria = criteria_of(adopted)
        scores = scores_at(cursor, instant, str(found["id"])).get(str(found["id"]), {})
        history = score_history(cursor, str(found["id"]))
    return ProjectScoresOut(
        project_id=str(found["id"]),
        code=found["code"],
        rule_set=_ref(adopted),
        at=instant.isoformat(),
        score=ScoreOut.of(priority_score(criteria, scores)),
        history=[ScoringOut.model_validate(h) for h in history],
    )


@router.get("/portfolio/ranking", responses=NO_CRITERIA)
def ranking(
    principal: Reader,
    jalon: JalonDep,
    ruleset: RuleSetQuery = None,
    at: AtQuery = None,
    phase: Phase | None = None,
    establishment: Annotated[str | None, Query(max_length=32)] = None,
) -> RankingOut:
    """Open build projects by priority score (highest first; ties by code), with
    establishment, phase, approved envelope and planned effort."""
    with jalon.database.reading() as cursor:
        ranked = rank(
            cursor,
            at=_instant(at),
            ruleset=ruleset,
            phase=phase.value if phase else None,
            establishment=establishment.upper() if establishment else None,
        )
    return RankingOut(
        rule_set=_ref(ranked.rule_set),
        at=ranked.at.isoformat(),
        items=[
            RankedOut(
                rank=r.rank,
                project_id=r.project_id,
                code=r.code,
                name=r.name,
                establishment=r.establishment,
                functional_area=r.functional_area,
                phase=r.phase,
                envelope=r.envelope,
                planned_hours=r.planned_hours,
                score=ScoreOut.of(r.score),
            )
            for r in ranked.rows
        ],
    )


MAX_MONTHS = 60


def window(
    jalon: Jalon, first: str | None, last: str | None, *, default_months: int = 12
) -> list[Month]:
    """The months asked (default: this month and the ones after), at most 60."""
    start = (
        Month.parse(first, field="from")
        if first
        else Month.containing(datetime.now(UTC), jalon.settings.zone)
    )
    end = Month.parse(last, field="to") if last else start.plus(default_months - 1)
    if end < start:
        raise InvalidCommand("to must not be before from", field="to")
    if (end.year - start.year) * 12 + end.month - start.month >= MAX_MONTHS:
        raise InvalidCommand(f"at most {MAX_MONTHS} months", field="to")
    return months_between(start, end)


@router.get("/capacity")
def capacity(
    principal: CapacityReader, jalon: JalonDep, from_: FromQuery = None, to: ToQuery = None
) -> CapacityOut:
    """Each team's capacity (staff × hours per person), run load, what is left for projects
    and the committed projects' planned load, month by month (overloaded months flagged);
    each open build project's planned hours and budget per month."""
    months = window(jalon, from_, to)
    with jalon.database.reading() as cursor:
        now = datetime.now(UTC)
        found = live_capacity(cursor, months, now, Month.containing(now, jalon.settings.zone))
    return CapacityOut(
        from_=str(months[0]),
        to=str(months[-1]),
        hours_per_person=found.hours_per_person,
        teams=team_loads(found.evaluation),
        unassigned=unassigned_hours(found.evaluation),
        projects=[plan_out(i, found.plans[i.project_id], months) for i in found.projects],
    )
