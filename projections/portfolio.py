"""The portfolio view: one row per project (phase, weather, budget totals, next milestone,
risks), plus the project's budget lines, milestones, status reports and risks."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, ClassVar

from infrastructure.database import Cursor, Database
from infrastructure.sqlvalues import cents, date_text, timestamp_text
from projections.base import Projection
from projections.erasure import ERASED_TOPIC, mask_text
from projections.events import RecordedEvent
from projections.milestone_history import MILESTONE_HISTORY
from projections.portfolio_history import RowHistory

PROJECT_COLUMNS = (
    "project_id", "code", "name", "establishment", "functional_area", "kind", "phase",
    "sponsor_id", "manager_id", "description", "priority_criteria", "registered_at",
    "updated_at", "version", "latest_report_month", "weather_quality", "weather_cost",
    "weather_deadline", "weather_risk", "envelope_cents", "committed_cents", "spent_cents",
    "forecast_cents", "next_milestone_id", "next_milestone_name", "next_milestone_baseline",
    "next_milestone_forecast", "next_milestone_slippage_days", "open_risks", "max_criticality",
    "phase_since", "gate_review_id", "gate_subject", "gate_status", "gate_meeting_date",
    "open_conditions",
)  # fmt: skip

# The row's columns, shared with its history (projections/portfolio_history.py).
PROJECT_COLUMNS_DDL = (
    "project_id TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL, "
    "establishment TEXT NOT NULL, functional_area TEXT NOT NULL, kind TEXT NOT NULL, "
    "phase TEXT NOT NULL, sponsor_id TEXT NOT NULL, manager_id TEXT NOT NULL, "
    "description TEXT NOT NULL, priority_criteria TEXT NOT NULL, registered_at TEXT NOT NULL, "
    "updated_at TEXT NOT NULL, version BIGINT NOT NULL, latest_report_month TEXT, "
    "weather_quality TEXT, weather_cost TEXT, weather_deadline TEXT, weather_risk TEXT, "
    "envelope_cents BIGINT NOT NULL DEFAULT 0, committed_cents BIGINT NOT NULL DEFAULT 0, "
    "spent_cents BIGINT NOT NULL DEFAULT 0, forecast_cents BIGINT NOT NULL DEFAULT 0, "
    "next_milestone_id TEXT, next_milestone_name TEXT, next_milestone_baseline TEXT, "
    "next_milestone_forecast TEXT, next_milestone_slippage_days BIGINT, "
    "open_risks BIGINT NOT NULL DEFAULT 0, max_criticality BIGINT, "
    "phase_since TEXT, gate_review_id TEXT, gate_subject TEXT, gate_status TEXT, "
    "gate_meeting_date TEXT, open_conditions BIGINT NOT NULL DEFAULT 0"
)

_DDL = [
    f"CREATE TABLE IF NOT EXISTS portfolio_projects ({PROJECT_COLUMNS_DDL}, "
    "PRIMARY KEY (project_id), UNIQUE (code))",
    "CREATE INDEX IF NOT EXISTS portfolio_projects_gate_review ON portfolio_projects (gate_review_id)",
    "CREATE INDEX IF NOT EXISTS portfolio_projects_establishment "
    "ON portfolio_projects (establishment)",
    "CREATE INDEX IF NOT EXISTS portfolio_projects_manager ON portfolio_projects (manager_id)",
    "CREATE TABLE IF NOT EXISTS project_budget_lines ("
    "project_id TEXT NOT NULL, year BIGINT NOT NULL, envelope_cents BIGINT NOT NULL, "
    "committed_cents BIGINT NOT NULL, spent_cents BIGINT NOT NULL, "
    "forecast_cents BIGINT NOT NULL, recorded_at TEXT NOT NULL, recorded_by TEXT NOT NULL, "
    "PRIMARY KEY (project_id, year))",
    "CREATE TABLE IF NOT EXISTS project_milestones ("
    "milestone_id TEXT PRIMARY KEY, project_id TEXT NOT NULL, name TEXT NOT NULL, "
    "baseline TEXT NOT NULL, forecast TEXT NOT NULL, achieved_on TEXT, "
    "slippage_days BIGINT NOT NULL, updated_at TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS project_milestones_project ON project_milestones (project_id)",
    "CREATE TABLE IF NOT EXISTS project_status_reports ("
    "position BIGINT PRIMARY KEY, project_id TEXT NOT NULL, month TEXT NOT NULL, "
    "quality TEXT NOT NULL, cost TEXT NOT NULL, deadline TEXT NOT NULL, risk TEXT NOT NULL, "
    "comment TEXT NOT NULL, reported_by TEXT NOT NULL, reported_at TEXT NOT NULL, "
    "superseded BIGINT NOT NULL DEFAULT 0)",
    "CREATE INDEX IF NOT EXISTS project_status_reports_project "
    "ON project_status_reports (project_id, month)",
    "CREATE TABLE IF NOT EXISTS project_risks ("
    "risk_id TEXT PRIMARY KEY, project_id TEXT NOT NULL, title TEXT NOT NULL, "
    "gravity BIGINT NOT NULL, probability BIGINT NOT NULL, criticality BIGINT NOT NULL, "
    "owner_id TEXT NOT NULL, treatment_plan TEXT NOT NULL, closed BIGINT NOT NULL DEFAULT 0, "
    "updated_at TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS project_risks_project ON project_risks (project_id)",
]

Handler = Callable[[Cursor, RecordedEvent], None]


HISTORY = RowHistory(
    "portfolio_projects", "portfolio_history", "project_id", PROJECT_COLUMNS, PROJECT_COLUMNS_DDL
)


class PortfolioProjection(Projection):
    name = "portfolio"
    version = 4  # 3: the rows' history (portfolio_history); 4: the milestones' history
    tables = (
        "portfolio_projects",
        "portfolio_history",
        "project_budget_lines",
        "project_milestones",
        "project_milestone_history",
        "project_status_reports",
        "project_risks",
    )
    # gate reviews keep the gate columns (projections/portfolio_gates.py)
    topics_prefixes: ClassVar[tuple[str, ...]] = (
        "domain.project:",
        "domain.gate_review:",
        ERASED_TOPIC,  # issue 11
    )

    def __init__(self) -> None:
        self._handlers: dict[str, Handler] = {
            "Project.Registered": self._registered,
            "Project.CharterUpdated": self._charter_updated,
            "Project.ManagerChanged": self._manager_changed,
            "Project.BudgetRecorded": self._budget_recorded,
            "Project.MilestoneAdded": self._milestone_added,
            "Project.MilestoneReforecast": self._milestone_reforecast,
            "Project.MilestoneAchieved": self._milestone_achieved,
            "Project.StatusReported": self._status_reported,
            "Project.RiskAdded": self._risk_added,
            "Project.RiskReassessed": self._risk_reassessed,
            "Project.RiskClosed": self._risk_closed,
            "Person.Erased": _person_erased,  # issue 11
        }

    def ddl(self, database: Database) -> list[str]:
        return [*_DDL, *HISTORY.ddl(), *MILESTONE_HISTORY.ddl()]

    def add_handler(self, event_name: str, handler: Handler) -> None:
        """Let other modules (the life cycle) keep columns of this view."""
        self._handlers[event_name] = handler

    def apply(self, cursor: Cursor, events: Sequence[RecordedEvent]) -> None:
        for event in events:
            handler = self._handlers.get(event.name)
            if handler is None:
                continue
            handler(cursor, event)
            if event.name != "Project.Registered" and event.topic.startswith("domain.project:"):
                cursor.execute(
                    "UPDATE portfolio_projects SET version=%s, updated_at=%s WHERE project_id=%s",
                    (
                        event.originator_version,
                        timestamp_text(event.timestamp),
                        str(event.originator_id),
                    ),
                )
            for project_id in self._changed_rows(cursor, event):
                HISTORY.record(cursor, project_id, event)

    @staticmethod
    def _changed_rows(cursor: Cursor, event: RecordedEvent) -> list[str]:
        """The projects whose row the event changed: its own project, or the project a gate
        review names (or, for events that do not name it, the one it is the current review of)."""
        if event.topic.startswith("domain.project:"):
            return [str(event.originator_id)]
        if "project_id" in event.data:
            return [str(event.data["project_id"])]
        rows = cursor.execute(
            "SELECT project_id FROM portfolio_projects WHERE gate_review_id=%s",
            (str(event.originator_id),),
        ).fetchall()
        return [r["project_id"] for r in rows]

    # -- charter -----------------------------------------------------------------------
    def _registered(self, cursor: Cursor, event: RecordedEvent) -> None:
        d = event.data
        at = timestamp_text(event.timestamp)
        cursor.execute(
            "INSERT INTO portfolio_projects (project_id, code, name, establishment, "
            "functional_area, kind, phase, sponsor_id, manager_id, description, "
            "priority_criteria, registered_at, updated_at, version) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (
                str(event.originator_id), d["code"], d["name"], d["establishment"],
                d["functional_area"], d["kind"], "opportunity", str(d["sponsor_id"]),
                str(d["manager_id"]), d["description"], json.dumps(d["priority_criteria"]),
                at, at, event.originator_version,
            ),
        )  # fmt: skip

    def _charter_updated(self, cursor: Cursor, event: RecordedEvent) -> None:
        columns: dict[str, Any] = {}
        for name, value in event.data["changes"].items():
            if name == "priority_criteria":
                columns[name] = json.dumps(value)
            elif name in {"name", "description", "functional_area", "sponsor_id"}:
                columns[name] = str(value)
        if columns:
            assignments = ", ".join(f"{c}=%s" for c in columns)
            cursor.execute(
                f"UPDATE portfolio_projects SET {assignments} WHERE project_id=%s",  # noqa: S608
                (*columns.values(), str(event.originator_id)),
            )

    def _manager_changed(self, cursor: Cursor, event: RecordedEvent) -> None:
        cursor.execute(
            "UPDATE portfolio_projects SET manager_id=%s WHERE project_id=%s",
            (str(event.data["manager_id"]), str(event.originator_id)),
        )

    # -- budget ------------------------------------------------------------------------
    def _budget_recorded(self, cursor: Cursor, event: RecordedEvent) -> None:
        d = event.data
        project_id = str(event.originator_id)
        cursor.execute(
            "INSERT INTO project_budget_lines (project_id, year, envelope_cents, "
            "committed_cents, spent_cents, forecast_cents, recorded_at, recorded_by) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (project_id, year) DO UPDATE SET "
            "envelope_cents=excluded.envelope_cents, committed_cents=excluded.committed_cents, "
            "spent_cents=excluded.spent_cents, forecast_cents=excluded.forecast_cents, "
            "recorded_at=excluded.recorded_at, recorded_by=excluded.recorded_by",
            (
                project_id, d["year"], cents(d["envelope"]), cents(d["committed"]),
                cents(d["spent"]), cents(d["forecast"]), timestamp_text(event.timestamp),
                event.actor,
            ),
        )  # fmt: skip
        totals = cursor.execute(
            "SELECT COALESCE(SUM(envelope_cents), 0) AS envelope, "
            "COALESCE(SUM(committed_cents), 0) AS committed, "
            "COALESCE(SUM(spent_cents), 0) AS spent, COALESCE(SUM(forecast_cents), 0) AS forecast "
            "FROM project_budget_lines WHERE project_id=%s",
            (project_id,),
        ).fetchone()
        assert totals is not None
        cursor.execute(
            "UPDATE portfolio_projects SET envelope_cents=%s, committed_cents=%s, "
            "spent_cents=%s, forecast_cents=%s WHERE project_id=%s",
            (
                totals["envelope"],
                totals["committed"],
                totals["spent"],
                totals["forecast"],
                project_id,
            ),
        )

    # -- milestones --------------------------------------------------------------------
    def _milestone_added(self, cursor: Cursor, event: RecordedEvent) -> None:
        d = event.data
        baseline = date_text(d["baseline"])
        cursor.execute(
            "INSERT INTO project_milestones (milestone_id, project_id, name, baseline, forecast, "
            "slippage_days, updated_at) VALUES (%s, %s, %s, %s, %s, 0, %s)",
            (
                str(d["milestone_id"]),
                str(event.originator_id),
                d["name"],
                baseline,
                baseline,
                timestamp_text(event.timestamp),
            ),
        )
        MILESTONE_HISTORY.record(cursor, str(d["milestone_id"]), event)
        self._refresh_next_milestone(cursor, str(event.originator_id))

    def _milestone_reforecast(self, cursor: Cursor, event: RecordedEvent) -> None:
        self._date_milestone(cursor, event, "forecast", event.data["forecast"])

    def _milestone_achieved(self, cursor: Cursor, event: RecordedEvent) -> None:
        self._date_milestone(cursor, event, "achieved_on", event.data["achieved_on"])

    def _date_milestone(self, cursor: Cursor, event: RecordedEvent, column: str, day: date) -> None:
        """Set the forecast or achieved date; slippage is that date minus the baseline."""
        milestone_id = str(event.data["milestone_id"])
        baseline = cursor.scalar(
            "SELECT baseline FROM project_milestones WHERE milestone_id=%s", (milestone_id,)
        )
        assert column in {"forecast", "achieved_on"}
        cursor.execute(
            f"UPDATE project_milestones SET {column}=%s, slippage_days=%s, updated_at=%s "  # noqa: S608
            "WHERE milestone_id=%s",
            (
                date_text(day),
                (day - date.fromisoformat(baseline)).days,
                timestamp_text(event.timestamp),
                milestone_id,
            ),
        )
        MILESTONE_HISTORY.record(cursor, milestone_id, event)
        self._refresh_next_milestone(cursor, str(event.originator_id))

    @staticmethod
    def _refresh_next_milestone(cursor: Cursor, project_id: str) -> None:
        row = cursor.execute(
            "SELECT milestone_id, name, baseline, forecast, slippage_days FROM project_milestones "
            "WHERE project_id=%s AND achieved_on IS NULL ORDER BY forecast, name LIMIT 1",
            (project_id,),
        ).fetchone()
        values = (
            (
                row["milestone_id"],
                row["name"],
                row["baseline"],
                row["forecast"],
                row["slippage_days"],
            )
            if row
            else (None, None, None, None, None)
        )
        cursor.execute(
            "UPDATE portfolio_projects SET next_milestone_id=%s, next_milestone_name=%s, "
            "next_milestone_baseline=%s, next_milestone_forecast=%s, "
            "next_milestone_slippage_days=%s WHERE project_id=%s",
            (*values, project_id),
        )

    # -- status reports ----------------------------------------------------------------
    def _status_reported(self, cursor: Cursor, event: RecordedEvent) -> None:
        d = event.data
        project_id = str(event.originator_id)
        weather = d["weather"]
        cursor.execute(
            "UPDATE project_status_reports SET superseded=1 WHERE project_id=%s AND month=%s",
            (project_id, d["month"]),
        )
        cursor.execute(
            "INSERT INTO project_status_reports (position, project_id, month, quality, cost, "
            "deadline, risk, comment, reported_by, reported_at) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (
                event.position, project_id, d["month"], weather["quality"], weather["cost"],
                weather["deadline"], weather["risk"], d["comment"], event.actor,
                timestamp_text(event.timestamp),
            ),
        )  # fmt: skip
        latest = cursor.execute(
            "SELECT month, quality, cost, deadline, risk FROM project_status_reports "
            "WHERE project_id=%s AND superseded=0 ORDER BY month DESC LIMIT 1",
            (project_id,),
        ).fetchone()
        assert latest is not None
        cursor.execute(
            "UPDATE portfolio_projects SET latest_report_month=%s, weather_quality=%s, "
            "weather_cost=%s, weather_deadline=%s, weather_risk=%s WHERE project_id=%s",
            (
                latest["month"], latest["quality"], latest["cost"], latest["deadline"],
                latest["risk"], project_id,
            ),
        )  # fmt: skip

    # -- risks -------------------------------------------------------------------------
    def _risk_added(self, cursor: Cursor, event: RecordedEvent) -> None:
        d = event.data
        cursor.execute(
            "INSERT INTO project_risks (risk_id, project_id, title, gravity, probability, "
            "criticality, owner_id, treatment_plan, updated_at) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (
                str(d["risk_id"]), str(event.originator_id), d["title"], d["gravity"],
                d["probability"], d["gravity"] * d["probability"], str(d["owner_id"]),
                d["treatment_plan"], timestamp_text(event.timestamp),
            ),
        )  # fmt: skip
        self._refresh_risks(cursor, str(event.originator_id))

    def _risk_reassessed(self, cursor: Cursor, event: RecordedEvent) -> None:
        d = event.data
        cursor.execute(
            "UPDATE project_risks SET gravity=%s, probability=%s, criticality=%s, "
            "treatment_plan=%s, updated_at=%s WHERE risk_id=%s",
            (
                d["gravity"], d["probability"], d["gravity"] * d["probability"],
                d["treatment_plan"], timestamp_text(event.timestamp), str(d["risk_id"]),
            ),
        )  # fmt: skip
        self._refresh_risks(cursor, str(event.originator_id))

    def _risk_closed(self, cursor: Cursor, event: RecordedEvent) -> None:
        cursor.execute(
            "UPDATE project_risks SET closed=1, updated_at=%s WHERE risk_id=%s",
            (timestamp_text(event.timestamp), str(event.data["risk_id"])),
        )
        self._refresh_risks(cursor, str(event.originator_id))

    @staticmethod
    def _refresh_risks(cursor: Cursor, project_id: str) -> None:
        row = cursor.execute(
            "SELECT COUNT(*) AS open_risks, MAX(criticality) AS max_criticality "
            "FROM project_risks WHERE project_id=%s AND closed=0",
            (project_id,),
        ).fetchone()
        assert row is not None
        cursor.execute(
            "UPDATE portfolio_projects SET open_risks=%s, max_criticality=%s WHERE project_id=%s",
            (row["open_risks"], row["max_criticality"], project_id),
        )


def _person_erased(cursor: Cursor, event: RecordedEvent) -> None:
    person_id = str(event.originator_id)
    mask_text(cursor, "project_status_reports", "comment", "reported_by", person_id)
    mask_text(cursor, "project_risks", "treatment_plan", "owner_id", person_id)
