"""The history of the projects' milestones: after every event that adds, re-forecasts or
achieves a milestone, a copy of its row valid from that event until the next change (kept by
the portfolio view), so that a milestone is read as it stood at any instant (the Monthly
Commitment Review reads them as at the end of the month reviewed)."""

from __future__ import annotations

from projections.portfolio_history import RowHistory

MILESTONE_COLUMNS = (
    "milestone_id", "project_id", "name", "baseline", "forecast", "achieved_on",
    "slippage_days", "updated_at",
)  # fmt: skip
MILESTONE_COLUMNS_DDL = (
    "milestone_id TEXT NOT NULL, project_id TEXT NOT NULL, name TEXT NOT NULL, "
    "baseline TEXT NOT NULL, forecast TEXT NOT NULL, achieved_on TEXT, "
    "slippage_days BIGINT NOT NULL, updated_at TEXT NOT NULL"
)
MILESTONE_HISTORY = RowHistory(
    "project_milestones",
    "project_milestone_history",
    "milestone_id",
    MILESTONE_COLUMNS,
    MILESTONE_COLUMNS_DDL,
)
