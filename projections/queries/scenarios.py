"""Scenarios: the list, one scenario with its choices and arbitrations, and its evaluation
month by month (read from the views; nothing live is changed).

A scenario's evaluation keeps the committed projects (past G1, not ended, not suspended) as
planned, unless it leaves one out or shifts it, and adds the candidates it selects, shifted
by the months it says and loaded on the team it names (else the team that worked most on
them)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from domain.calendar import Month
from domain.errors import NotFound
from domain.planning import Evaluation, ProjectPlan, evaluate
from infrastructure.database import Cursor
from projections.queries.capacity import (
    COMMITTED_PHASES,
    RECENT_MONTHS,
    ProjectInfo,
    hours_per_person,
    project_plans,
    team_capacities,
)


def list_scenarios(cursor: Cursor) -> list[dict[str, Any]]:
    rows = cursor.execute(
        "SELECT s.*, (SELECT COUNT(*) FROM scenario_choices c WHERE c.scenario_id = "
        "s.scenario_id AND c.selected = 1) AS selected FROM scenarios s ORDER BY s.code"
    ).fetchall()
    return [_scenario(r) for r in rows]


def _scenario(row: Any) -> dict[str, Any]:
    return {
        "id": row["scenario_id"],
        "code": row["code"],
        "name": row["name"],
        "state": row["state"],
        "envelopes": {y: Decimal(a) for y, a in json.loads(row["envelopes"]).items()},
        "body_id": row["body_id"],
        "drafted_at": row["drafted_at"],
        "drafted_by": row["drafted_by"],
        "updated_at": row["updated_at"],
        "version": row["version"],
        **({"selected": row["selected"]} if "selected" in row else {}),
    }


def scenario_detail(cursor: Cursor, code: str) -> dict[str, Any]:
    row = cursor.execute("SELECT * FROM scenarios WHERE code=%s", (code.upper(),)).fetchone()
    if row is None:
        raise NotFound(f"scenario {code} not found")
    detail = _scenario(row)
    detail["choices"] = [
        {
            "project_id": c["project_id"],
            "code": c["code"],
            "name": c["name"],
            "phase": c["phase"],
            "selected": bool(c["selected"]),
            "shift_months": c["shift_months"],
            "team": c["team"],
            "reason": c["reason"],
        }
        for c in cursor.execute(
            "SELECT c.*, p.code, p.name, p.phase FROM scenario_choices c JOIN "
            "portfolio_projects p ON p.project_id = c.project_id WHERE c.scenario_id=%s "
            "ORDER BY p.code",
            (row["scenario_id"],),
        ).fetchall()
    ]
    detail["arbitrations"] = [
        {
            "outcome": a["outcome"],
            "reason": a["reason"],
            "body_id": a["body_id"],
            "decided_by": a["decided_by"],
            "decided_at": a["decided_at"],
            "go": json.loads(a["go"]),
            "no_go": json.loads(a["no_go"]),
        }
        for a in cursor.execute(
            "SELECT * FROM scenario_arbitrations WHERE scenario_id=%s ORDER BY position",
            (row["scenario_id"],),
        ).fetchall()
    ]
    return detail


@dataclass(frozen=True)
class ScenarioEvaluation:
    scenario: dict[str, Any]
    evaluation: Evaluation
    kept: list[tuple[ProjectInfo, ProjectPlan]]


def evaluate_scenario(
    cursor: Cursor, code: str, months: list[Month], at: datetime, current: Month | None = None
) -> ScenarioEvaluation:
    detail = scenario_detail(cursor, code)
    choices = {c["project_id"]: c for c in detail["choices"]}
    teams = team_capacities(cursor, months, hours_per_person(cursor, at), current)
    infos, plans = project_plans(cursor, months[0].plus(-RECENT_MONTHS))
    kept = []
    for info in infos:
        choice = choices.get(info.project_id)
        plan = plans[info.project_id]
        if choice is not None:
            if choice["selected"]:
                kept.append((info, plan.shifted(choice["shift_months"], choice["team"])))
        elif info.phase in COMMITTED_PHASES:
            kept.append((info, plan))
    envelopes = {int(y): a for y, a in detail["envelopes"].items()}
    evaluation = evaluate(months, teams, [p for _, p in kept], envelopes)
    return ScenarioEvaluation(detail, evaluation, kept)
