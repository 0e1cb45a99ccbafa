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
from projections.portfolio_batch import PortfolioBatch
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
    # the month's current report: superseding one finds it without reading the earlier ones
    "CREATE INDEX IF NOT EXISTS project_status_reports_current "
    "ON project_status_reports (project_id, month) WHERE superseded = 0",
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


FastHandler = Callable[[PortfolioBatch, RecordedEvent], None]


class PortfolioProjection(Projection):
    name = "portfolio"
    version = 5  # 3: the rows' history; 4: the milestones' history; 5: current reports index
    tables = (
        "portfolio_projects",
        "portfolio_history",
        "project_budget_lines",
        "project_milestones",
        "project_milestone_history",
        "project_status_reports",
        "project_risks",
    )
    query_indexes = frozenset({"portfolio_history_as_of", "project_milestone_history_as_of"})
    # gate reviews keep the gate columns (projections/portfolio_gates.py)
    topics_prefixes: ClassVar[tuple[str, ...]] = (
        "domain.project:",
        "domain.gate_review:",
        ERASED_TOPIC,  # issue 11
    )

    def __init__(self) -> None:
        # The frequent events change the batch's rows in memory (projections/portfolio_batch.py)
        self._fast: dict[str, FastHandler] = {
            "Project.Registered": _registered,
            "Project.BudgetRecorded": _budget_recorded,
            "Project.MilestoneAdded": _milestone_added,
            "Project.MilestoneReforecast": _milestone_reforecast,
            "Project.MilestoneAchieved": _milestone_achieved,
            "Project.StatusReported": _status_reported,
            "Project.RiskAdded": _risk_added,
            "Project.RiskReassessed": _risk_reassessed,
            "Project.RiskClosed": _risk_closed,
        }
        # the others write SQL, after the batch's changes are flushed
        self._handlers: dict[str, Handler] = {
            "Project.CharterUpdated": self._charter_updated,
            "Project.ManagerChanged": self._manager_changed,
            "Person.Erased": _person_erased,  # issue 11
        }

    def ddl(self, database: Database) -> list[str]:
        return [*_DDL, *HISTORY.ddl(), *MILESTONE_HISTORY.ddl()]

    def add_handler(self, event_name: str, handler: Handler) -> None:
        """Let other modules (the life cycle) keep columns of this view."""
        self._handlers[event_name] = handler

    def apply(self, cursor: Cursor, events: Sequence[RecordedEvent]) -> None:
        batch = PortfolioBatch(
            cursor, HISTORY, "portfolio_projects", PROJECT_COLUMNS, MILESTONE_HISTORY
        )
        project_ids = {e.object_id for e in events if e.topic.startswith(_PROJECT)}
        # budget lines, milestones and risks are read at first use all the same; a batch of
        # status reports only (the commonest write) reads none of them
        batch.preload(project_ids, children=any(e.name not in _ROW_ONLY for e in events))
        for event in events:
            fast = self._fast.get(event.name)
            if fast is not None:
                fast(batch, event)
            elif (handler := self._handlers.get(event.name)) is not None:
                batch.flush()
                handler(cursor, event)
            else:
                continue
            at = timestamp_text(event.timestamp)
            if event.name != "Project.Registered" and event.topic.startswith(_PROJECT):
                row = batch.row(event.object_id)
                row["version"] = event.originator_version
                row["updated_at"] = at
            for project_id in self._changed_rows(cursor, event):
                batch.copy(project_id, event.position, at)
        batch.flush()

    @staticmethod
    def _changed_rows(cursor: Cursor, event: RecordedEvent) -> list[str]:
        """The projects whose row the event changed: its own project, or the project a gate
        review names (or, for events that do not name it, the one it is the current review of;
        such events have a SQL handler, so the batch was flushed before it)."""
        if event.topic.startswith(_PROJECT):
            return [event.object_id]
        if "project_id" in event.data:
            return [str(event.data["project_id"])]
        rows = cursor.execute(
            "SELECT project_id FROM portfolio_projects WHERE gate_review_id=%s",
            (event.object_id,),
        ).fetchall()
        return [r["project_id"] for r in rows]

    # -- charter -----------------------------------------------------------------------
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
                (*columns.values(), event.object_id),
            )

    def _manager_changed(self, cursor: Cursor, event: RecordedEvent) -> None:
        cursor.execute(
            "UPDATE portfolio_projects SET manager_id=%s WHERE project_id=%s",
            (str(event.data["manager_id"]), event.object_id),
        )


_PROJECT = "domain.project:"


def _registered(batch: PortfolioBatch, event: RecordedEvent) -> None:
    d = event.data
    at = timestamp_text(event.timestamp)
    batch.create({
        "project_id": event.object_id, "code": d["code"], "name": d["name"],
        "establishment": d["establishment"], "functional_area": d["functional_area"],
        "kind": d["kind"], "phase": "opportunity", "sponsor_id": str(d["sponsor_id"]),
        "manager_id": str(d["manager_id"]), "description": d["description"],
        "priority_criteria": json.dumps(d["priority_criteria"]), "registered_at": at,
        "updated_at": at, "version": event.originator_version,
    })  # fmt: skip


# -- budget ----------------------------------------------------------------------------
def _budget_recorded(batch: PortfolioBatch, event: RecordedEvent) -> None:
    d = event.data
    project_id = event.object_id
    batch.put_budget_line((
        project_id, d["year"], cents(d["envelope"]), cents(d["committed"]), cents(d["spent"]),
        cents(d["forecast"]), timestamp_text(event.timestamp), event.actor,
    ))  # fmt: skip
    lines = batch.budget_lines(project_id).values()
    row = batch.row(project_id)
    for index, column in enumerate(
        ("envelope_cents", "committed_cents", "spent_cents", "forecast_cents"), start=2
    ):
        row[column] = sum(int(line[index]) for line in lines)


# -- milestones ------------------------------------------------------------------------
def _milestone_added(batch: PortfolioBatch, event: RecordedEvent) -> None:
    d = event.data
    baseline = date_text(d["baseline"])
    project_id = event.object_id
    at = timestamp_text(event.timestamp)
    batch.put_milestone({
        "milestone_id": str(d["milestone_id"]), "project_id": project_id, "name": d["name"],
        "baseline": baseline, "forecast": baseline, "achieved_on": None, "slippage_days": 0,
        "updated_at": at,
    }, event.position, at)  # fmt: skip
    _refresh_next_milestone(batch, project_id)


def _milestone_reforecast(batch: PortfolioBatch, event: RecordedEvent) -> None:
    _date_milestone(batch, event, "forecast", event.data["forecast"])


def _milestone_achieved(batch: PortfolioBatch, event: RecordedEvent) -> None:
    _date_milestone(batch, event, "achieved_on", event.data["achieved_on"])


def _date_milestone(batch: PortfolioBatch, event: RecordedEvent, column: str, day: date) -> None:
    """Set the forecast or achieved date; slippage is that date minus the baseline."""
    project_id = event.object_id
    milestone = dict(batch.milestones_of(project_id)[str(event.data["milestone_id"])])
    milestone[column] = date_text(day)
    milestone["slippage_days"] = (day - date.fromisoformat(milestone["baseline"])).days
    milestone["updated_at"] = at = timestamp_text(event.timestamp)
    batch.put_milestone(milestone, event.position, at)
    _refresh_next_milestone(batch, project_id)


def _refresh_next_milestone(batch: PortfolioBatch, project_id: str) -> None:
    """The first milestone not achieved, by forecast then name."""
    pending = [m for m in batch.milestones_of(project_id).values() if m["achieved_on"] is None]
    first = min(pending, key=lambda m: (m["forecast"], m["name"], m["milestone_id"]), default=None)
    row = batch.row(project_id)
    for column, source in _NEXT_MILESTONE.items():
        row[column] = None if first is None else first[source]


_NEXT_MILESTONE = {
    "next_milestone_id": "milestone_id", "next_milestone_name": "name",
    "next_milestone_baseline": "baseline", "next_milestone_forecast": "forecast",
    "next_milestone_slippage_days": "slippage_days",
}  # fmt: skip


# -- status reports --------------------------------------------------------------------
_ROW_ONLY = frozenset({"Project.StatusReported"})  # events that change only the project's row


def _status_reported(batch: PortfolioBatch, event: RecordedEvent) -> None:
    """A report supersedes the earlier one of its month; the row shows the latest month's."""
    d = event.data
    project_id = event.object_id
    weather = d["weather"]
    batch.add_report([
        event.position, project_id, d["month"], weather["quality"], weather["cost"],
        weather["deadline"], weather["risk"], d["comment"], event.actor,
        timestamp_text(event.timestamp), 0,
    ])  # fmt: skip
    row = batch.row(project_id)
    if row["latest_report_month"] is None or d["month"] >= row["latest_report_month"]:
        row["latest_report_month"] = d["month"]
        for name in ("quality", "cost", "deadline", "risk"):
            row[f"weather_{name}"] = weather[name]


# -- risks -----------------------------------------------------------------------------
def _risk_added(batch: PortfolioBatch, event: RecordedEvent) -> None:
    d = event.data
    project_id = event.object_id
    batch.put_risk({
        "risk_id": str(d["risk_id"]), "project_id": project_id, "title": d["title"],
        "gravity": d["gravity"], "probability": d["probability"],
        "criticality": d["gravity"] * d["probability"], "owner_id": str(d["owner_id"]),
        "treatment_plan": d["treatment_plan"], "closed": 0,
        "updated_at": timestamp_text(event.timestamp),
    })  # fmt: skip
    _refresh_risks(batch, project_id)


def _risk_reassessed(batch: PortfolioBatch, event: RecordedEvent) -> None:
    d = event.data
    project_id = event.object_id
    risk = dict(batch.risks_of(project_id)[str(d["risk_id"])])
    risk |= {
        "gravity": d["gravity"], "probability": d["probability"],
        "criticality": d["gravity"] * d["probability"], "treatment_plan": d["treatment_plan"],
        "updated_at": timestamp_text(event.timestamp),
    }  # fmt: skip
    batch.put_risk(risk)
    _refresh_risks(batch, project_id)


def _risk_closed(batch: PortfolioBatch, event: RecordedEvent) -> None:
    project_id = event.object_id
    risk = dict(batch.risks_of(project_id)[str(event.data["risk_id"])])
    risk |= {"closed": 1, "updated_at": timestamp_text(event.timestamp)}
    batch.put_risk(risk)
    _refresh_risks(batch, project_id)


def _refresh_risks(batch: PortfolioBatch, project_id: str) -> None:
    open_risks = [r for r in batch.risks_of(project_id).values() if not r["closed"]]
    row = batch.row(project_id)
    row["open_risks"] = len(open_risks)
    row["max_criticality"] = max((int(r["criticality"]) for r in open_risks), default=None)


def _person_erased(cursor: Cursor, event: RecordedEvent) -> None:
    person_id = event.object_id
    mask_text(cursor, "project_status_reports", "comment", "reported_by", person_id)
    mask_text(cursor, "project_risks", "treatment_plan", "owner_id", person_id)
