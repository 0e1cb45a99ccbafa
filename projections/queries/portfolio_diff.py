"""What changed in the portfolio between two instants: projects added, closed (or abandoned),
phase, weather, budget and next-milestone changes. Both sides are read from the rows'
history (`list_portfolio(..., as_of=...)`), so the diff is what the view said then and then."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from infrastructure.database import Cursor
from lifecycle.phases import Phase
from projections.queries.portfolio import PortfolioFilter, list_portfolio

_ALL = 1_000_000
_ENDED = {Phase.CLOSED.value, Phase.ABANDONED.value}
_MILESTONE_FIELDS = ("id", "name", "forecast", "slippage_days")


def _project(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "code": row["code"], "name": row["name"]}


def _change(row: dict[str, Any], before: Any, after: Any) -> dict[str, Any]:
    return {"project": _project(row), "before": before, "after": after}


def _milestone(row: dict[str, Any]) -> dict[str, Any] | None:
    milestone = row["next_milestone"]
    return None if milestone is None else {k: milestone[k] for k in _MILESTONE_FIELDS}


def portfolio_diff(
    cursor: Cursor, start: datetime, end: datetime, where: PortfolioFilter | None = None
) -> dict[str, Any]:
    """Changes from the view as of `start` to the view as of `end` (start <= end)."""
    where = where or PortfolioFilter()
    before_rows, _ = list_portfolio(cursor, where, limit=_ALL, as_of=start)
    after_rows, _ = list_portfolio(cursor, where, limit=_ALL, as_of=end)
    before = {r["id"]: r for r in before_rows}
    diff: dict[str, list[dict[str, Any]]] = {
        "added": [], "closed": [], "phase_changes": [], "weather_changes": [],
        "budget_changes": [], "milestone_changes": [],
    }  # fmt: skip
    for row in after_rows:  # sorted by code
        old = before.get(row["id"])
        if old is None:
            diff["added"].append({**_project(row), "phase": row["phase"]})
        if row["phase"] in _ENDED and (old is None or old["phase"] not in _ENDED):
            diff["closed"].append({**_project(row), "phase": row["phase"]})
        if old is None:
            continue
        if old["phase"] != row["phase"]:
            diff["phase_changes"].append(_change(row, old["phase"], row["phase"]))
        if old["weather"] != row["weather"]:
            diff["weather_changes"].append(_change(row, old["weather"], row["weather"]))
        if old["budget"] != row["budget"]:
            diff["budget_changes"].append(_change(row, old["budget"], row["budget"]))
        if _milestone(old) != _milestone(row):
            diff["milestone_changes"].append(_change(row, _milestone(old), _milestone(row)))
    return diff
