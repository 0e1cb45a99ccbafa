"""The time-share report (run vs build per month, per team or establishment, and for the
group) and a project's time chart (spent vs planned). Only validated time counts; the rest
is reported as unvalidated."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from domain.calendar import Month
from governance_rules.escalation_rules import Thresholds
from governance_rules.run_share import RunShareCeiling, TeamMonth, run_share
from infrastructure.database import Cursor
from projections.queries.rulesets import rule_set_in_force

Grouping = Literal["team", "establishment"]
Namer = Callable[[str | None], dict[str, Any]]
TREND_MONTHS = 12
NO_TEAM = "(no team)"


def hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"))


def percent(share: Decimal | None) -> Decimal | None:
    return None if share is None else (share * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class Tally:
    """Minutes of one group (or the group as a whole) in one month or over a period."""

    run: int = 0
    build: int = 0
    unvalidated: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, state: str, minutes: int) -> None:
        if state != "validated":
            self.unvalidated[state] = self.unvalidated.get(state, 0) + minutes
        elif kind == "run":
            self.run += minutes
        else:
            self.build += minutes

    def merged(self, other: Tally) -> Tally:
        states = set(self.unvalidated) | set(other.unvalidated)
        return Tally(
            self.run + other.run,
            self.build + other.build,
            {s: self.unvalidated.get(s, 0) + other.unvalidated.get(s, 0) for s in states},
        )

    def figures(self) -> dict[str, Any]:
        return {
            "run_hours": hours(self.run),
            "build_hours": hours(self.build),
            "validated_hours": hours(self.run + self.build),
            "run_share": percent(run_share(self.run, self.build)),
            "unvalidated_hours": hours(sum(self.unvalidated.values())),
        }


def _months(first: Month, last: Month) -> list[Month]:
    months = [first]
    while months[-1] < last:
        months.append(months[-1].next())
    return months


def _tallies(
    cursor: Cursor, column: str, first: Month, last: Month
) -> dict[str | None, dict[str, Tally]]:
    assert column in {"team_id", "establishment"}
    rows = cursor.execute(
        f"SELECT {column} AS key, month, kind, state, SUM(minutes) AS minutes "  # noqa: S608
        f"FROM time_share_months WHERE month >= %s AND month <= %s "
        f"GROUP BY {column}, month, kind, state HAVING SUM(minutes) <> 0",
        (str(first), str(last)),
    ).fetchall()
    tallies: dict[str | None, dict[str, Tally]] = defaultdict(lambda: defaultdict(Tally))
    for row in rows:
        key = row["key"] or None  # people in no team
        tallies[key][row["month"]].add(row["kind"], row["state"], int(row["minutes"]))
    return tallies


def _pooled(by_month: dict[str, Tally], months: list[Month]) -> Tally:
    pooled = Tally()
    for month in months:
        pooled = pooled.merged(by_month.get(str(month), Tally()))
    return pooled


def _trend(by_month: dict[str, Tally], last: Month) -> dict[str, Any]:
    """The last 12 months' run share, pooled, and how the last 6 months compare with the 6
    before (in percentage points)."""
    window = _months(last.plus(1 - TREND_MONTHS), last)
    half = TREND_MONTHS // 2
    early = run_share(*_run_build(_pooled(by_month, window[:half])))
    late = run_share(*_run_build(_pooled(by_month, window[half:])))
    change = None if early is None or late is None else percent(late - early)
    return {
        "months": [
            {
                "month": str(m),
                "run_share": percent(run_share(*_run_build(by_month.get(str(m), Tally())))),
            }
            for m in window
        ],
        "run_share_12_months": percent(run_share(*_run_build(_pooled(by_month, window)))),
        "change_points": change,
    }


def _run_build(tally: Tally) -> tuple[int, int]:
    return tally.run, tally.build


def _row(
    key: str | None,
    by_month: dict[str, Tally],
    months: list[Month],
    ceiling: RunShareCeiling,
    flag: bool,
) -> dict[str, Any]:
    cells = []
    for month in months:
        tally = by_month.get(str(month), Tally())
        cell = {"month": str(month), **tally.figures()}
        cell["above_threshold"] = flag and ceiling.exceeded(tally.run, tally.build)
        cells.append(cell)
    return {
        "key": key,
        "months": cells,
        "total": _pooled(by_month, months).figures(),
        "trend": _trend(by_month, months[-1]),
    }


def time_share_report(
    cursor: Cursor, *, first: Month, last: Month, by: Grouping, ceiling: RunShareCeiling
) -> dict[str, Any]:
    """Run vs build per month for each team or establishment, and for the whole group."""
    if last < first:
        raise ValueError("the report's last month is before its first")
    months = _months(first, last)
    span = (min(first, last.plus(1 - TREND_MONTHS)), last)
    teams = _tallies(cursor, "team_id", *span)
    groups = teams if by == "team" else _tallies(cursor, "establishment", *span)
    names = _team_names(cursor) if by == "team" else _establishment_names(cursor)
    whole: dict[str, Tally] = defaultdict(Tally)
    for by_month in groups.values():
        for month, tally in by_month.items():
            whole[month] = whole[month].merged(tally)
    rows = [
        {**_row(key, by_month, months, ceiling, by == "team" and key is not None), **names(key)}
        for key, by_month in groups.items()
    ]
    rows.sort(key=lambda r: (r["key"] is None, r["name"]))
    unvalidated = _pooled(whole, months).unvalidated
    return {
        "from": str(first),
        "to": str(last),
        "by": by,
        "run_share_threshold": percent(ceiling.threshold),
        "rows": rows,
        "group": {
            "key": "GROUP",
            "name": "whole group",
            **_row(None, whole, months, ceiling, False),
        },
        "alerts": run_share_alerts(teams, months, ceiling, _team_names(cursor)),
        "unvalidated": {
            "hours": hours(sum(unvalidated.values())),
            "by_state": {state: hours(m) for state, m in sorted(unvalidated.items())},
        },
    }


def run_share_alerts(
    teams: dict[str | None, dict[str, Tally]],
    months: list[Month],
    ceiling: RunShareCeiling,
    names: Namer,
) -> list[dict[str, Any]]:
    """Each team and month whose run share exceeds the threshold: an input for escalations."""
    wanted = {str(m) for m in months}
    months_of_teams = [
        TeamMonth(key, month, tally.run, tally.build)
        for key, by_month in teams.items()
        if key is not None
        for month, tally in sorted(by_month.items())
        if month in wanted
    ]
    return [
        {**names(alert.team), "month": alert.month, "run_share": percent(alert.run_share),
         "threshold": percent(alert.threshold)}
        for alert in ceiling.alerts(months_of_teams)
    ]  # fmt: skip


def _team_names(cursor: Cursor) -> Namer:
    teams = {
        r["team_id"]: r
        for r in cursor.execute("SELECT team_id, code, name, establishment FROM teams").fetchall()
    }

    def name(key: str | None) -> dict[str, Any]:
        team = teams.get(key) if key else None
        if team is None:
            return {"team_id": None, "code": None, "name": NO_TEAM, "establishment": None}
        return {"team_id": key, "code": team["code"], "name": team["name"],
                "establishment": team["establishment"]}  # fmt: skip

    return name


def _establishment_names(cursor: Cursor) -> Namer:
    names = {
        r["code"]: r["name"]
        for r in cursor.execute(
            "SELECT code, name FROM reference_entries WHERE category='establishment'"
        ).fetchall()
    }

    def name(key: str | None) -> dict[str, Any]:
        return {"code": key, "name": names.get(key or "", key or "")}

    return name


def project_time_chart(
    cursor: Cursor, project_id: str, *, first: Month | None = None, last: Month | None = None
) -> dict[str, Any]:
    """Hours spent (validated) and planned per month, with running totals from the
    project's first month (also when the chart starts later), and the chart's totals."""
    spent: dict[str, int] = defaultdict(int)
    unvalidated: dict[str, int] = defaultdict(int)
    for row in cursor.execute(
        "SELECT month, state, SUM(minutes) AS minutes FROM time_facts WHERE project_id=%s "
        "GROUP BY month, state",
        (project_id,),
    ).fetchall():
        target = spent if row["state"] == "validated" else unvalidated
        target[row["month"]] += int(row["minutes"])
    planned = {
        r["month"]: int(r["minutes"])
        for r in cursor.execute(
            "SELECT month, minutes FROM effort_plans WHERE project_id=%s", (project_id,)
        ).fetchall()
    }
    known = sorted(set(spent) | set(unvalidated) | set(planned))
    months = _months(Month.parse(known[0]), Month.parse(known[-1])) if known else []
    chart: list[dict[str, Any]] = []
    cumulative_spent, cumulative_planned = 0, 0
    for month in months:
        key = str(month)
        cumulative_spent += spent.get(key, 0)
        cumulative_planned += planned.get(key, 0)
        if (first and month < first) or (last and month > last):
            continue
        chart.append({
            "month": key,
            "spent_hours": hours(spent.get(key, 0)),
            "planned_hours": hours(planned.get(key, 0)),
            "unvalidated_hours": hours(unvalidated.get(key, 0)),
            "cumulative_spent_hours": hours(cumulative_spent),
            "cumulative_planned_hours": hours(cumulative_planned),
        })  # fmt: skip
    shown = {row["month"] for row in chart}
    return {
        "months": chart,
        "spent_hours": hours(sum(m for k, m in spent.items() if k in shown)),
        "planned_hours": hours(sum(m for k, m in planned.items() if k in shown)),
        "unvalidated_hours": hours(sum(m for k, m in unvalidated.items() if k in shown)),
    }


def run_share_ceiling_in_force(cursor: Cursor, at: datetime) -> RunShareCeiling:
    """The run-share threshold of the rule set in force at `at`; the default before any."""
    adopted = rule_set_in_force(cursor, at)
    return RunShareCeiling(Thresholds.of(adopted.rules if adopted else None).run_share_ceiling)
