"""The rows of the import sheets (projects, budgets, milestones, weather) for a set of
projects, read from the views: what an export writes so that it can be imported again."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from infrastructure.database import Cursor
from infrastructure.sqlvalues import euros


def _marks(ids: Sequence[str]) -> str:
    return ", ".join(["%s"] * len(ids))


def import_rows(cursor: Cursor, project_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    if not project_ids:
        return {"projects": [], "budgets": [], "milestones": [], "weather": []}
    ids = list(project_ids)
    marks = _marks(ids)
    projects = cursor.execute(
        "SELECT p.*, m.login AS manager_login, s.login AS sponsor_login FROM portfolio_projects p "  # noqa: S608
        "LEFT JOIN person_directory m ON m.person_id = p.manager_id AND m.erased_at IS NULL "
        "LEFT JOIN person_directory s ON s.person_id = p.sponsor_id AND s.erased_at IS NULL "
        f"WHERE p.project_id IN ({marks}) ORDER BY p.code",
        ids,
    ).fetchall()
    codes = {p["project_id"]: p["code"] for p in projects}

    def rows(sql: str) -> list[Any]:
        return cursor.execute(sql.format(marks=marks), ids).fetchall()

    return {
        "projects": [
            {"code": p["code"], "name": p["name"], "establishment": p["establishment"],
             "functional_area": p["functional_area"], "kind": p["kind"],
             "sponsor_login": p["sponsor_login"], "manager_login": p["manager_login"],
             "description": p["description"],
             "priority_criteria": ", ".join(json.loads(p["priority_criteria"]))}
            for p in projects
        ],
        "budgets": [
            {"project_code": codes[b["project_id"]], "year": b["year"],
             **{k: euros(b[f"{k}_cents"]) for k in ("envelope", "committed", "spent", "forecast")}}
            for b in rows("SELECT * FROM project_budget_lines WHERE project_id IN ({marks}) "
                          "ORDER BY project_id, year")
        ],
        "milestones": [
            {"project_code": codes[m["project_id"]], "name": m["name"], "baseline": m["baseline"],
             "forecast": m["forecast"], "achieved_on": m["achieved_on"]}
            for m in rows("SELECT * FROM project_milestones WHERE project_id IN ({marks}) "
                          "ORDER BY project_id, baseline, name")
        ],
        "weather": [
            {"project_code": codes[s["project_id"]], "month": s["month"], "quality": s["quality"],
             "cost": s["cost"], "deadline": s["deadline"], "risk": s["risk"],
             "comment": s["comment"]}
            for s in rows("SELECT * FROM project_status_reports WHERE project_id IN ({marks}) "
                          "AND superseded = 0 ORDER BY project_id, month")
        ],
    }  # fmt: skip
