"""Capacity and planned load read from the views: each team's staff and run load per month,
each build project's planned hours and budget per month, and the team its effort falls on.

- Staff of a month: the team's members on the 15th.
- Run load of a month: the team's run hours recorded that month (time sheets not rejected);
  else the effort planned on the run projects it keeps; else, after its last recorded month,
  the mean of its last three recorded months (the run goes on); else 0.
- A project's team: the team whose members booked the most build hours on it over the three
  months before the window (and in it, up to now); none for candidates nobody has worked on
  yet (a scenario names it).
- A project's budget per month: each year's approved envelope spread over that year's
  planned months, in proportion to the hours planned."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from domain.calendar import Month
from domain.planning import Evaluation, ProjectPlan, TeamCapacity, budget_by_month, evaluate
from governance_rules.priority import DEFAULT_MONTHLY_HOURS_PER_PERSON
from infrastructure.database import Cursor
from infrastructure.sqlvalues import euros
from projections.queries.rulesets import rule_set_in_force

SIXTY = Decimal(60)
TREND_MONTHS = 3
RECENT_MONTHS = 3  # whose members work on a project: the last three months
# Projects whose plans are already committed (past G1, not ended, not suspended).
COMMITTED_PHASES = frozenset({"framing", "design", "build", "deployment", "closure"})
CANDIDATE_PHASES = frozenset({"opportunity"})


@lru_cache(maxsize=2048)
def _month(text: str) -> Month:
    return Month.parse(text)


@dataclass(frozen=True)
class ProjectInfo:
    project_id: str
    code: str
    name: str
    phase: str
    establishment: str


def team_capacities(
    cursor: Cursor,
    months: list[Month],
    hours_per_person: Decimal | None = None,
    current: Month | None = None,
) -> list[TeamCapacity]:
    """Staff, capacity and run load of every team; months from `current` on (the month
    under way) are not over, so their run load is planned or the trend, not what is
    recorded so far."""
    hours = hours_per_person or DEFAULT_MONTHLY_HOURS_PER_PERSON
    teams = cursor.execute("SELECT team_id, code, name FROM teams ORDER BY code").fetchall()
    middles = [date(m.year, m.month, 15).isoformat() for m in months]
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(months))
    for row in cursor.execute("SELECT team_id, since, until FROM team_memberships").fetchall():
        since, until, count = row["since"], row["until"], counts[row["team_id"]]
        for index, middle in enumerate(middles):
            if since <= middle and (until is None or until > middle):
                count[index] += 1
    staff = {team: dict(zip(months, count, strict=True)) for team, count in counts.items()}
    observed: dict[str, dict[Month, Decimal]] = defaultdict(dict)
    for row in cursor.execute(
        "SELECT team_id, month, SUM(minutes) AS minutes FROM time_share_months "
        "WHERE kind = 'run' AND state <> 'rejected' GROUP BY team_id, month"
    ).fetchall():
        month = _month(row["month"])
        if current is None or month < current:
            observed[row["team_id"]][month] = Decimal(row["minutes"]) / SIXTY
    planned: dict[str, dict[Month, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for row in cursor.execute(
        "SELECT r.team_id, e.month, e.minutes FROM team_run_projects r "
        "JOIN effort_plans e ON e.project_id = r.project_id"
    ).fetchall():
        planned[row["team_id"]][_month(row["month"])] += Decimal(row["minutes"]) / SIXTY
    return [
        TeamCapacity(
            t["code"],
            t["name"],
            staff.get(t["team_id"], {}),
            hours,
            _run_load(months, observed[t["team_id"]], planned[t["team_id"]]),
        )
        for t in teams
    ]


def _run_load(
    months: list[Month], observed: dict[Month, Decimal], planned: dict[Month, Decimal]
) -> dict[Month, Decimal]:
    recorded = sorted(observed)
    recent = [observed[m] for m in recorded[-TREND_MONTHS:]]
    trend = (sum(recent, Decimal(0)) / len(recent)).quantize(Decimal("0.01")) if recent else None
    load = {}
    for month in months:
        if month in observed:
            load[month] = observed[month].quantize(Decimal("0.01"))
        elif month in planned:
            load[month] = planned[month].quantize(Decimal("0.01"))
        elif trend is not None and month > recorded[-1]:
            load[month] = trend
    return load


def project_plans(
    cursor: Cursor, since: Month, phases: frozenset[str] | None = None
) -> tuple[list[ProjectInfo], dict[str, ProjectPlan]]:
    """Open build projects (in `phases` if given) and their plans; each on the team that
    booked most of its build hours since `since`."""
    rows = cursor.execute(
        "SELECT project_id, code, name, phase, establishment FROM portfolio_projects "
        "WHERE kind = 'build' ORDER BY code"
    ).fetchall()
    infos = [
        ProjectInfo(r["project_id"], r["code"], r["name"], r["phase"], r["establishment"])
        for r in rows
        if (phases is None and r["phase"] not in ("closed", "abandoned"))
        or (phases is not None and r["phase"] in phases)
    ]
    wanted = {i.project_id for i in infos}
    effort: dict[str, dict[Month, Decimal]] = defaultdict(dict)
    for row in cursor.execute("SELECT project_id, month, minutes FROM effort_plans").fetchall():
        if row["project_id"] in wanted:
            effort[row["project_id"]][_month(row["month"])] = Decimal(row["minutes"]) / SIXTY
    envelopes: dict[str, dict[int, Decimal]] = defaultdict(dict)
    for row in cursor.execute(
        "SELECT project_id, year, envelope_cents FROM project_budget_lines"
    ).fetchall():
        if row["project_id"] in wanted:
            envelopes[row["project_id"]][int(row["year"])] = euros(row["envelope_cents"])
    teams = _teams_of_projects(cursor, wanted, since)
    plans = {
        i.project_id: ProjectPlan(
            i.project_id,
            i.code,
            teams.get(i.project_id),
            effort[i.project_id],
            budget_by_month(envelopes[i.project_id], effort[i.project_id]),
        )
        for i in infos
    }
    return infos, plans


def _teams_of_projects(cursor: Cursor, wanted: set[str], since: Month) -> dict[str, str]:
    """The team whose members booked the most build hours on each project since `since`
    (ties: the first code)."""
    teams = cursor.execute("SELECT team_id, code FROM teams").fetchall()
    codes = {r["team_id"]: r["code"] for r in teams}
    booked = cursor.execute(
        "SELECT project_id, team_id, SUM(minutes) AS minutes FROM time_facts "
        "WHERE month >= %s AND kind = 'build' AND team_id IS NOT NULL "
        "GROUP BY project_id, team_id",
        (str(since),),
    ).fetchall()
    best: dict[str, tuple[int, str]] = {}
    for row in booked:
        code = codes.get(row["team_id"])
        if row["project_id"] not in wanted or code is None:
            continue
        minutes = int(row["minutes"])
        current = best.get(row["project_id"])
        if current is None or (minutes, current[1]) > (current[0], code):
            best[row["project_id"]] = (minutes, code)
    return {project: code for project, (_, code) in best.items()}


def hours_per_person(cursor: Cursor, at: datetime) -> Decimal:
    """The hours one person gives a month, from the rule set in force (or the default)."""
    adopted = rule_set_in_force(cursor, at)
    rules = adopted.rules.prioritisation if adopted else None
    return rules.monthly_hours_per_person if rules else DEFAULT_MONTHLY_HOURS_PER_PERSON


@dataclass(frozen=True)
class Capacity:
    evaluation: Evaluation
    projects: list[ProjectInfo]
    plans: dict[str, ProjectPlan]
    hours_per_person: Decimal


def live_capacity(
    cursor: Cursor, months: list[Month], at: datetime, current: Month | None = None
) -> Capacity:
    """Each team's capacity, run load and the load of the committed projects' plans; every
    open build project's plan."""
    hours = hours_per_person(cursor, at)
    teams = team_capacities(cursor, months, hours, current)
    infos, plans = project_plans(cursor, months[0].plus(-RECENT_MONTHS))
    committed = [plans[i.project_id] for i in infos if i.phase in COMMITTED_PHASES]
    return Capacity(evaluate(months, teams, committed, {}), infos, plans, hours)
