"""Time sheets as people and validators see them: state, lines, and who decided what on which
project. People appear by id only; names come from the directory at read time."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from domain.calendar import IsoWeek
from infrastructure.database import Cursor, Database
from infrastructure.sqlvalues import timestamp_text
from projections.base import Projection
from projections.erasure import ERASED_TEXT, ERASED_TOPIC, mask_text
from projections.events import RecordedEvent
from projections.inserts import Insert, PendingInserts

_DDL = [
    "CREATE TABLE IF NOT EXISTS timesheets ("
    "sheet_id TEXT PRIMARY KEY, person_id TEXT NOT NULL, week TEXT NOT NULL, "
    "week_start TEXT NOT NULL, state TEXT NOT NULL, total_minutes BIGINT NOT NULL, "
    "entered_by TEXT NOT NULL, on_behalf BIGINT NOT NULL, imported BIGINT NOT NULL, "
    "warnings TEXT NOT NULL, submitted_at TEXT, decided_at TEXT, rejection_reason TEXT, "
    "created_at TEXT NOT NULL, updated_at TEXT NOT NULL, version BIGINT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS timesheets_person ON timesheets (person_id, week)",
    "CREATE INDEX IF NOT EXISTS timesheets_state ON timesheets (state, week)",
    "CREATE INDEX IF NOT EXISTS timesheets_week ON timesheets (week, person_id)",
    "CREATE TABLE IF NOT EXISTS timesheet_lines ("
    "sheet_id TEXT NOT NULL, line_no BIGINT NOT NULL, project_id TEXT NOT NULL, "
    "activity TEXT NOT NULL, minutes BIGINT NOT NULL, PRIMARY KEY (sheet_id, line_no))",
    "CREATE INDEX IF NOT EXISTS timesheet_lines_project ON timesheet_lines (project_id, sheet_id)",
    # The latest decision on each project's lines: approved, or rejected with a reason.
    "CREATE TABLE IF NOT EXISTS timesheet_decisions ("
    "sheet_id TEXT NOT NULL, project_id TEXT NOT NULL, decision TEXT NOT NULL, "
    "decided_by TEXT NOT NULL, decided_at TEXT NOT NULL, reason TEXT, "
    "PRIMARY KEY (sheet_id, project_id))",
]

Handler = Callable[[Cursor, RecordedEvent], None]


class TimesheetsProjection(Projection):
    name = "timesheets"
    version = 1
    tables = ("timesheets", "timesheet_lines", "timesheet_decisions")
    query_indexes = frozenset({"timesheets_week", "timesheet_lines_project"})
    topics_prefixes: ClassVar[tuple[str, ...]] = (
        "domain.timesheet:",
        "domain.retention:",
        ERASED_TOPIC,
    )

    def __init__(self) -> None:
        self._handlers: dict[str, Handler] = {
            "TimeSheet.Amended": self._amended,
            "TimeSheet.Submitted": self._submitted,
            "TimeSheet.LinesApproved": self._approved,
            "TimeSheet.Validated": self._approved,
            "TimeSheet.Rejected": self._rejected,
            # issue 11: retention of time-sheet detail
            "RetentionLedger.Opened": lambda *_: None,
            "RetentionLedger.TimeSheetDetailErased": _detail_erased,
            "Person.Erased": _person_erased,
        }

    def ddl(self, database: Database) -> list[str]:
        return list(_DDL)

    def apply(self, cursor: Cursor, events: Sequence[RecordedEvent]) -> None:
        created = PendingInserts()  # new sheets, written together until another event comes
        for event in events:
            if event.name in _CREATED:
                self._created(created, event)
            else:
                created.flush(cursor)
                self._handlers[event.name](cursor, event)
        created.flush(cursor)

    def _created(self, inserts: PendingInserts, event: RecordedEvent) -> None:
        d = event.data
        imported = event.name == "TimeSheet.Imported"
        at = timestamp_text(event.timestamp)
        sheet_id = event.object_id
        inserts.add(
            _SHEETS,
            (
                sheet_id, str(d["person_id"]), d["week"], IsoWeek.parse(d["week"]).monday.isoformat(),
                "validated" if imported else "draft", _total(d["lines"]), event.actor,
                int(imported or d["on_behalf"]), int(imported), json.dumps(d["warnings"]),
                at if imported else None, at, at, event.originator_version,
            ),
        )  # fmt: skip
        inserts.add(_LINES, *_line_rows(sheet_id, d["lines"]))

    def _amended(self, cursor: Cursor, event: RecordedEvent) -> None:
        d = event.data
        sheet_id = event.object_id
        _update(
            cursor, event, state="draft", total_minutes=_total(d["lines"]),
            entered_by=event.actor, on_behalf=int(d["on_behalf"]),
            warnings=json.dumps(d["warnings"]), submitted_at=None,
        )  # fmt: skip
        cursor.execute("DELETE FROM timesheet_lines WHERE sheet_id=%s", (sheet_id,))
        cursor.insert_many(*_LINES, _line_rows(sheet_id, d["lines"]))
        kept = d["still_approved"]
        placeholders = ", ".join(["%s"] * len(kept))
        keep_clause = f" AND project_id NOT IN ({placeholders})" if kept else ""
        cursor.execute(
            f"DELETE FROM timesheet_decisions WHERE sheet_id=%s{keep_clause}",  # noqa: S608
            (sheet_id, *kept),
        )

    def _submitted(self, cursor: Cursor, event: RecordedEvent) -> None:
        _update(cursor, event, state="submitted", submitted_at=timestamp_text(event.timestamp))
        cursor.execute(
            "DELETE FROM timesheet_decisions WHERE sheet_id=%s AND decision='rejected'",
            (event.object_id,),
        )

    def _approved(self, cursor: Cursor, event: RecordedEvent) -> None:
        changes: dict[str, Any] = {"decided_at": timestamp_text(event.timestamp)}
        if event.name == "TimeSheet.Validated":
            changes["state"] = "validated"
        _update(cursor, event, **changes)
        _decide(cursor, event, event.data["projects"], "approved")

    def _rejected(self, cursor: Cursor, event: RecordedEvent) -> None:
        reason = event.data["reason"]
        _update(
            cursor, event, state="rejected", decided_at=timestamp_text(event.timestamp),
            rejection_reason=reason,
        )  # fmt: skip
        _decide(cursor, event, event.data["projects"], "rejected", reason)


def _total(lines: list[dict[str, Any]]) -> int:
    return sum(int(line["minutes"]) for line in lines)


_CREATED = {"TimeSheet.Drafted", "TimeSheet.Imported"}
_SHEETS = Insert(
    "timesheets",
    ("sheet_id", "person_id", "week", "week_start", "state", "total_minutes", "entered_by",
     "on_behalf", "imported", "warnings", "decided_at", "created_at", "updated_at", "version"),
)  # fmt: skip
_LINES = Insert("timesheet_lines", ("sheet_id", "line_no", "project_id", "activity", "minutes"))


def _line_rows(sheet_id: str, lines: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [
        (sheet_id, index, line["project_id"], line["activity"], line["minutes"])
        for index, line in enumerate(lines)
    ]


_UPDATABLE = {
    "state", "total_minutes", "entered_by", "on_behalf", "warnings", "submitted_at",
    "decided_at", "rejection_reason",
}  # fmt: skip


def _update(cursor: Cursor, event: RecordedEvent, **changes: Any) -> None:
    assert set(changes) <= _UPDATABLE
    assignments = "".join(f"{column}=%s, " for column in changes)
    cursor.execute(
        f"UPDATE timesheets SET {assignments}updated_at=%s, version=%s WHERE sheet_id=%s",  # noqa: S608
        (
            *changes.values(),
            timestamp_text(event.timestamp),
            event.originator_version,
            event.object_id,
        ),
    )


def _decide(
    cursor: Cursor,
    event: RecordedEvent,
    projects: Sequence[str],
    decision: str,
    reason: str | None = None,
) -> None:
    sheet_id = event.object_id
    at = timestamp_text(event.timestamp)
    cursor.executemany(
        "INSERT INTO timesheet_decisions (sheet_id, project_id, decision, decided_by, "
        "decided_at, reason) VALUES (%s, %s, %s, %s, %s, %s) "
        "ON CONFLICT (sheet_id, project_id) DO UPDATE SET decision=excluded.decision, "
        "decided_by=excluded.decided_by, decided_at=excluded.decided_at, reason=excluded.reason",
        [(sheet_id, project, decision, event.actor, at, reason) for project in projects],
    )


def _detail_erased(cursor: Cursor, event: RecordedEvent) -> None:
    """Validated weeks past the retention period leave this view (issue 11); their minutes
    stay in the time-share totals (projections/timeshare.py)."""
    past = "SELECT sheet_id FROM timesheets WHERE state='validated' AND week_start < %s"
    before = str(event.data["before"])
    for table in ("timesheet_lines", "timesheet_decisions"):
        cursor.execute(f"DELETE FROM {table} WHERE sheet_id IN ({past})", (before,))  # noqa: S608
    cursor.execute("DELETE FROM timesheets WHERE state='validated' AND week_start < %s", (before,))


def _person_erased(cursor: Cursor, event: RecordedEvent) -> None:
    """Why the person's sheets were rejected is about them (issue 11)."""
    person_id = event.object_id
    mask_text(cursor, "timesheets", "rejection_reason", "person_id", person_id)
    cursor.execute(
        "UPDATE timesheet_decisions SET reason=%s WHERE reason IS NOT NULL AND sheet_id IN "
        "(SELECT sheet_id FROM timesheets WHERE person_id=%s)",
        (ERASED_TEXT, person_id),
    )
