"""Portfolio list and project detail."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.visibility import Visibility
from infrastructure.database import Cursor, Row
from infrastructure.sqlvalues import euros, timestamp_text
from projections.portfolio import HISTORY
from projections.queries.names import person_ref

EVERYTHING = Visibility(everything=True)

SORTABLE = {
    "code": "p.code",
    "name": "p.name",
    "establishment": "p.establishment, p.code",
    "phase": "p.phase, p.code",
    "updated_at": "p.updated_at DESC, p.code",
    "slippage": "p.next_milestone_slippage_days DESC, p.code",
    "criticality": "p.max_criticality DESC, p.code",
    "forecast": "p.forecast_cents DESC, p.code",
}

_NAMES = (
    "LEFT JOIN people pm ON pm.person_id = p.manager_id "
    "LEFT JOIN person_directory m ON m.person_id = p.manager_id AND m.erased_at IS NULL "
    "LEFT JOIN people ps ON ps.person_id = p.sponsor_id "
    "LEFT JOIN person_directory s ON s.person_id = p.sponsor_id AND s.erased_at IS NULL "
)
_COLUMNS = (
    "SELECT p.*, m.display_name AS manager_name, pm.number AS manager_number, "
    "s.display_name AS sponsor_name, ps.number AS sponsor_number "
)
_SELECT = f"{_COLUMNS}FROM portfolio_projects p {_NAMES}"


def _source(cursor: Cursor, as_of: datetime | None) -> tuple[str, list[Any]]:
    """The rows now, or as of an instant (from their history): a FROM item named `p`."""
    if as_of is None:
        return "portfolio_projects p", []
    return f"{HISTORY.as_of_source(cursor.dialect)} p", [timestamp_text(as_of)]


@dataclass(frozen=True)
class PortfolioFilter:
    establishment: str | None = None
    kind: str | None = None
    phase: str | None = None
    functional_area: str | None = None
    manager_id: str | None = None
    weather: str | None = None  # any QCDR dimension with this weather
    search: str | None = None
    visible: Visibility = EVERYTHING  # what the caller may see

    def where(self) -> tuple[str, list[Any]]:
        clauses, params = _visible(self.visible)
        for column in ("establishment", "kind", "phase", "functional_area", "manager_id"):
            value = getattr(self, column)
            if value is not None:
                clauses.append(f"p.{column} = %s")
                params.append(value)
        if self.weather is not None:
            clauses.append(
                "(p.weather_quality = %s OR p.weather_cost = %s OR p.weather_deadline = %s "
                "OR p.weather_risk = %s)"
            )
            params += [self.weather] * 4
        if self.search:
            clauses.append("(LOWER(p.code) LIKE %s OR LOWER(p.name) LIKE %s)")
            pattern = f"%{self.search.lower()}%"
            params += [pattern, pattern]
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _visible(visible: Visibility) -> tuple[list[str], list[Any]]:
    if visible.everything:
        return [], []
    alternatives = ["1 = 0"]
    params: list[Any] = []
    if visible.establishment is not None:
        alternatives.append("p.establishment = %s")
        params.append(visible.establishment)
    if visible.manager_id is not None:
        alternatives.append("p.manager_id = %s")
        params.append(visible.manager_id)
    return ["(" + " OR ".join(alternatives) + ")"], params


def gate_status(row: Row) -> dict[str, Any] | None:
    """The latest review of the project: its gate (or suspend / resume / abandon) and status."""
    if row["gate_review_id"] is None:
        return None
    return {
        "review_id": row["gate_review_id"],
        "subject": row["gate_subject"],
        "status": row["gate_status"],
        "meeting_date": row["gate_meeting_date"],
    }


def portfolio_row(row: Row) -> dict[str, Any]:
    weather = (
        {d: row[f"weather_{d}"] for d in ("quality", "cost", "deadline", "risk")}
        if row["latest_report_month"]
        else None
    )
    next_milestone = (
        {
            "id": row["next_milestone_id"],
            "name": row["next_milestone_name"],
            "baseline": row["next_milestone_baseline"],
            "forecast": row["next_milestone_forecast"],
            "slippage_days": row["next_milestone_slippage_days"],
        }
        if row["next_milestone_id"]
        else None
    )
    return {
        "id": row["project_id"],
        "code": row["code"],
        "name": row["name"],
        "establishment": row["establishment"],
        "functional_area": row["functional_area"],
        "kind": row["kind"],
        "phase": row["phase"],
        "manager": person_ref(row["manager_id"], row["manager_name"], row["manager_number"]),
        "sponsor": person_ref(row["sponsor_id"], row["sponsor_name"], row["sponsor_number"]),
        "latest_report_month": row["latest_report_month"],
        "weather": weather,
        "budget": {
            "envelope": euros(row["envelope_cents"]),
            "committed": euros(row["committed_cents"]),
            "spent": euros(row["spent_cents"]),
            "forecast": euros(row["forecast_cents"]),
        },
        "next_milestone": next_milestone,
        "open_risks": row["open_risks"],
        "max_criticality": row["max_criticality"],
        "phase_since": row["phase_since"] or row["registered_at"],
        "gate": gate_status(row),
        "open_conditions": row["open_conditions"],
        "version": row["version"],
        "updated_at": row["updated_at"],
    }


def list_portfolio(
    cursor: Cursor,
    where: PortfolioFilter,
    *,
    sort: str = "code",
    limit: int = 50,
    offset: int = 0,
    as_of: datetime | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """The portfolio now, or as the view stood at the instant `as_of` (timezone-aware).

    One statement gives the page and the total (`COUNT(*) OVER ()`): the rows as of an
    instant are found once, not once for the count and again for the page; names are looked
    up for the page's rows only (filters and sorts read the view's own columns)."""
    source, source_params = _source(cursor, as_of)
    clause, params = where.where()
    order = SORTABLE[sort]
    page = (
        f"(SELECT p.*, COUNT(*) OVER () AS total_rows FROM {source}{clause} "  # noqa: S608
        f"ORDER BY {order} LIMIT %s OFFSET %s) p"
    )
    rows = cursor.execute(
        f"{_COLUMNS}, p.total_rows FROM {page} {_NAMES}ORDER BY {order}",
        (*source_params, *params, limit, offset),
    ).fetchall()
    if rows:
        total = int(rows[0]["total_rows"])
    else:  # an offset past the end, or nothing at all: count apart
        count = f"SELECT COUNT(*) FROM {source}{clause}"  # noqa: S608
        total = int(cursor.scalar(count, [*source_params, *params]))
    return [portfolio_row(r) for r in rows], total


def find_project(cursor: Cursor, id_or_code: str) -> dict[str, Any] | None:
    row = cursor.execute(
        f"{_SELECT} WHERE p.project_id = %s OR p.code = %s",
        (id_or_code, id_or_code.upper()),
    ).fetchone()
    return None if row is None else portfolio_row(row)


def project_detail(cursor: Cursor, project_id: str) -> dict[str, Any] | None:
    row = cursor.execute(f"{_SELECT} WHERE p.project_id = %s", (project_id,)).fetchone()
    if row is None:
        return None
    detail = portfolio_row(row)
    detail["description"] = row["description"]
    detail["priority_criteria"] = json.loads(row["priority_criteria"])
    detail["registered_at"] = row["registered_at"]
    detail["budget_lines"] = [
        {
            "year": b["year"],
            "envelope": euros(b["envelope_cents"]),
            "committed": euros(b["committed_cents"]),
            "spent": euros(b["spent_cents"]),
            "forecast": euros(b["forecast_cents"]),
            "recorded_at": b["recorded_at"],
        }
        for b in cursor.execute(
            "SELECT * FROM project_budget_lines WHERE project_id=%s ORDER BY year", (project_id,)
        ).fetchall()
    ]
    detail["milestones"] = [
        {
            "id": m["milestone_id"],
            "name": m["name"],
            "baseline": m["baseline"],
            "forecast": m["forecast"],
            "achieved_on": m["achieved_on"],
            "slippage_days": m["slippage_days"],
        }
        for m in cursor.execute(
            "SELECT * FROM project_milestones WHERE project_id=%s ORDER BY baseline, name",
            (project_id,),
        ).fetchall()
    ]
    detail["status_reports"] = [
        {
            "month": s["month"],
            "weather": {d: s[d] for d in ("quality", "cost", "deadline", "risk")},
            "comment": s["comment"],
            "reported_by": s["reported_by"],
            "reported_at": s["reported_at"],
            "superseded": bool(s["superseded"]),
        }
        for s in cursor.execute(
            "SELECT * FROM project_status_reports WHERE project_id=%s ORDER BY month DESC, position DESC",
            (project_id,),
        ).fetchall()
    ]
    detail["risks"] = [
        {
            "id": r["risk_id"],
            "title": r["title"],
            "gravity": r["gravity"],
            "probability": r["probability"],
            "criticality": r["criticality"],
            "owner": person_ref(r["owner_id"], r["owner_name"], r["owner_number"]),
            "treatment_plan": r["treatment_plan"],
            "closed": bool(r["closed"]),
        }
        for r in cursor.execute(
            "SELECT r.*, d.display_name AS owner_name, pe.number AS owner_number "
            "FROM project_risks r LEFT JOIN people pe ON pe.person_id = r.owner_id "
            "LEFT JOIN person_directory d ON d.person_id = r.owner_id AND d.erased_at IS NULL "
            "WHERE r.project_id=%s ORDER BY r.closed, r.criticality DESC, r.title",
            (project_id,),
        ).fetchall()
    ]
    return detail
