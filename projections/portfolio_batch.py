"""The portfolio view's rows for one batch of events, kept in memory and written in a few
statements (`executemany`) instead of several statements per event.

A batch loads each project's row (and, when an event needs them, its budget lines,
milestones and risks) once, lets the frequent events change them in memory, and copies
the row into the history after each event. `flush` writes everything that changed, in an
order that gives the same rows as the statements run event by event; handlers that still
write SQL themselves (the life cycle's columns, charter changes, erasure) run after a flush,
and the rows are read again after them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from infrastructure.database import Cursor
from projections.milestone_history import MILESTONE_COLUMNS as _MILESTONE_COLUMNS
from projections.portfolio_history import RowHistory

Row = dict[str, Any]

_RISK_COLUMNS = (
    "risk_id", "project_id", "title", "gravity", "probability", "criticality", "owner_id",
    "treatment_plan", "closed", "updated_at",
)  # fmt: skip
_BUDGET_COLUMNS = (
    "project_id", "year", "envelope_cents", "committed_cents", "spent_cents", "forecast_cents",
    "recorded_at", "recorded_by",
)  # fmt: skip
_REPORT_COLUMNS = (
    "position", "project_id", "month", "quality", "cost", "deadline", "risk", "comment",
    "reported_by", "reported_at", "superseded",
)  # fmt: skip


def _upsert(table: str, columns: Sequence[str], key: Sequence[str]) -> str:
    listed = ", ".join(columns)
    marks = ", ".join(["%s"] * len(columns))
    updates = ", ".join(f"{c}=excluded.{c}" for c in columns if c not in key)
    # identifiers are constants of this module, never from a request
    return (
        f"INSERT INTO {table} ({listed}) VALUES ({marks}) "  # noqa: S608
        f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}"
    )


_UPSERT_MILESTONE = _upsert("project_milestones", _MILESTONE_COLUMNS, ("milestone_id",))
_UPSERT_RISK = _upsert("project_risks", _RISK_COLUMNS, ("risk_id",))
_UPSERT_BUDGET = _upsert("project_budget_lines", _BUDGET_COLUMNS, ("project_id", "year"))
_SUPERSEDE = (
    "UPDATE project_status_reports SET superseded=1 "
    "WHERE project_id=%s AND month=%s AND superseded=0"
)


class _Copies:
    """History copies made in memory: each closed by the next one of the same key, the first
    of each key closing (at the flush) the copy the table holds open."""

    def __init__(self, history: RowHistory) -> None:
        self.history = history
        self.rows: list[list[Any]] = []  # valid_to filled when superseded
        self._open: dict[str, list[Any]] = {}  # this batch's latest copy per key
        self._closes: dict[str, tuple[int, str]] = {}  # open copies in the table to close

    def add(self, key: str, values: Iterable[Any], position: int, at: str) -> None:
        before = self._open.get(key)
        if before is not None:
            before[-2:] = [position, at]
        else:
            self._closes[key] = (position, at)
        copy = [*values, position, at, None, None]
        self.rows.append(copy)
        self._open[key] = copy

    def flush(self, cursor: Cursor) -> None:
        cursor.executemany(self.history.close_sql, [(*v, k) for k, v in self._closes.items()])
        cursor.insert_many(self.history.history, self.history.insert_columns, self.rows)


class PortfolioBatch:
    """Write-behind state of the portfolio view for the events of one runner batch."""

    def __init__(
        self,
        cursor: Cursor,
        history: RowHistory,
        table: str,
        columns: Sequence[str],
        milestone_history: RowHistory,
    ) -> None:
        self.cursor = cursor
        self.history = history
        self.milestone_history = milestone_history
        self.table = table
        self.columns = tuple(columns)
        self._reset()

    def _reset(self) -> None:
        self.rows: dict[str, Row] = {}
        self._new: set[str] = set()
        self._dirty: set[str] = set()
        self._copies = _Copies(self.history)
        self._milestone_copies = _Copies(self.milestone_history)
        self.budgets: dict[str, dict[int, tuple[Any, ...]]] = {}
        self.milestones: dict[str, dict[str, Row]] = {}
        self.risks: dict[str, dict[str, Row]] = {}
        self._budget_writes: list[tuple[Any, ...]] = []
        self._milestone_writes: dict[str, Row] = {}
        self._risk_writes: dict[str, Row] = {}
        self._reports: list[list[Any]] = []
        self._latest_report: dict[tuple[str, str], list[Any]] = {}

    # -- rows --------------------------------------------------------------------------
    def preload(self, project_ids: Iterable[str], *, children: bool = False) -> None:
        """Read the rows of these projects (and, with `children`, their budget lines,
        milestones and risks) in a few statements."""
        wanted = sorted(set(project_ids) - self.rows.keys())
        for row in self._select_in(self.table, self.columns, wanted):
            self.rows[row["project_id"]] = dict(row)
        if not children:
            return
        for project_id in wanted:
            self.budgets.setdefault(project_id, {})
            self.milestones.setdefault(project_id, {})
            self.risks.setdefault(project_id, {})
        for line in self._select_in("project_budget_lines", _BUDGET_COLUMNS, wanted):
            self.budgets[line["project_id"]][line["year"]] = tuple(line.values())
        for milestone in self._select_in("project_milestones", _MILESTONE_COLUMNS, wanted):
            self.milestones[milestone["project_id"]][milestone["milestone_id"]] = dict(milestone)
        for risk in self._select_in("project_risks", _RISK_COLUMNS, wanted):
            self.risks[risk["project_id"]][risk["risk_id"]] = dict(risk)

    def _select_in(
        self, table: str, columns: Sequence[str], project_ids: Sequence[str]
    ) -> Iterable[Mapping[str, Any]]:
        listed = ", ".join(columns)
        for start in range(0, len(project_ids), 500):
            part = project_ids[start : start + 500]
            marks = ", ".join(["%s"] * len(part))
            yield from self.cursor.execute(
                f"SELECT {listed} FROM {table} WHERE project_id IN ({marks})",  # noqa: S608
                part,
            ).fetchall()

    def row(self, project_id: str) -> Row:
        """The project's row, to change: written at the next flush."""
        if project_id not in self.rows:
            self.preload([project_id])
        self._dirty.add(project_id)
        return self.rows[project_id]

    def create(self, row: Row) -> None:
        full: Row = dict.fromkeys(self.columns)
        full |= dict.fromkeys(_ZERO_COLUMNS, 0)
        full |= row
        project_id: str = row["project_id"]
        self.rows[project_id] = full
        self._new.add(project_id)
        self._dirty.add(project_id)

    def copy(self, project_id: str, position: int, at: str) -> None:
        """The row as it stands now into the history, valid from (position, at)."""
        if project_id not in self.rows:
            self.preload([project_id])
        row = self.rows.get(project_id)
        if row is None:
            return  # like INSERT ... SELECT of a missing row: nothing
        self._copies.add(project_id, (row[c] for c in self.columns), position, at)

    # -- sub-objects -------------------------------------------------------------------
    def budget_lines(self, project_id: str) -> dict[int, tuple[Any, ...]]:
        if project_id not in self.budgets:
            rows = self.cursor.execute(
                f"SELECT {', '.join(_BUDGET_COLUMNS)} FROM project_budget_lines "  # noqa: S608
                "WHERE project_id=%s",
                (project_id,),
            ).fetchall()
            self.budgets[project_id] = {r["year"]: tuple(r.values()) for r in rows}
        return self.budgets[project_id]

    def put_budget_line(self, line: tuple[Any, ...]) -> None:
        self.budget_lines(line[0])[line[1]] = line
        self._budget_writes.append(line)

    def milestones_of(self, project_id: str) -> dict[str, Row]:
        return self._children(self.milestones, "project_milestones", _MILESTONE_COLUMNS, project_id)

    def put_milestone(self, milestone: Row, position: int, at: str) -> None:
        """The milestone as changed by the event at (position, at), and its history copy."""
        self.milestones_of(milestone["project_id"])[milestone["milestone_id"]] = milestone
        self._milestone_writes[milestone["milestone_id"]] = milestone
        values = (milestone[c] for c in _MILESTONE_COLUMNS)
        self._milestone_copies.add(milestone["milestone_id"], values, position, at)

    def risks_of(self, project_id: str) -> dict[str, Row]:
        return self._children(self.risks, "project_risks", _RISK_COLUMNS, project_id)

    def put_risk(self, risk: Row) -> None:
        self.risks_of(risk["project_id"])[risk["risk_id"]] = risk
        self._risk_writes[risk["risk_id"]] = risk

    def _children(
        self, cache: dict[str, dict[str, Row]], table: str, columns: Sequence[str], project_id: str
    ) -> dict[str, Row]:
        if project_id not in cache:
            rows = self.cursor.execute(
                f"SELECT {', '.join(columns)} FROM {table} WHERE project_id=%s",  # noqa: S608
                (project_id,),
            ).fetchall()
            cache[project_id] = {r[columns[0]]: dict(r) for r in rows}
        return cache[project_id]

    def add_report(self, report: list[Any]) -> None:
        """A status report (superseded=0, last column); an earlier one of the same month in
        this batch is superseded in memory, those in the table at the flush."""
        key = (report[1], report[2])
        earlier = self._latest_report.get(key)
        if earlier is not None:
            earlier[-1] = 1
        self._latest_report[key] = report
        self._reports.append(report)

    # -- writing -----------------------------------------------------------------------
    def flush(self) -> None:
        """Write what changed and forget every row read (SQL may change them next)."""
        cursor = self.cursor
        cursor.insert_many(
            self.table,
            self.columns,
            [[self.rows[p][c] for c in self.columns] for p in sorted(self._new)],
        )
        changed = sorted(self._dirty - self._new)
        assignments = ", ".join(f"{c}=%s" for c in self.columns[1:])
        cursor.executemany(
            f"UPDATE {self.table} SET {assignments} WHERE project_id=%s",  # noqa: S608
            [[*(self.rows[p][c] for c in self.columns[1:]), p] for p in changed],
        )
        self._copies.flush(cursor)
        cursor.executemany(_UPSERT_BUDGET, self._budget_writes)
        cursor.executemany(
            _UPSERT_MILESTONE,
            [[m[c] for c in _MILESTONE_COLUMNS] for m in self._milestone_writes.values()],
        )
        self._milestone_copies.flush(cursor)
        cursor.executemany(
            _UPSERT_RISK, [[r[c] for c in _RISK_COLUMNS] for r in self._risk_writes.values()]
        )
        cursor.executemany(_SUPERSEDE, list(self._latest_report))
        cursor.insert_many("project_status_reports", _REPORT_COLUMNS, self._reports)
        self._reset()


_ZERO_COLUMNS = (
    "envelope_cents", "committed_cents", "spent_cents", "forecast_cents", "open_risks",
    "open_conditions",
)  # fmt: skip
