"""The slice of the event log the governance rules read (projects, rule-set adoptions,
escalations, teams and memberships, MCO services, time sheets' lines and validations), in
global order, decoded into plain `HistoryEvent`s for an in-memory replay."""

from __future__ import annotations

from collections.abc import Iterator

from governance_rules.replay import HistoryEvent
from infrastructure.database import Row
from projections.log import EventLog

BATCH = 5000
_PATTERNS = ("domain.project:Project.%", "domain.mco_service:McoService.%")
_EXACT = (
    "domain.escalation:Escalation.Opened",
    "domain.escalation:Escalation.Closed",
    "domain.escalation:Escalation.Cancelled",
    "domain.rulebook:RuleBook.RuleSetAdopted",
    "domain.team:Team.Formed",
    "domain.team:Team.RunProjectAttached",
    "domain.team:Team.RunProjectDetached",
    "domain.team:TeamMembership.Joined",
    "domain.team:TeamMembership.Left",
    # the lines and the validation of time sheets (not their submissions and approvals)
    "domain.timesheet:TimeSheet.Drafted",
    "domain.timesheet:TimeSheet.Imported",
    "domain.timesheet:TimeSheet.Amended",
    "domain.timesheet:TimeSheet.Validated",
)
_TOPICS = " OR ".join(
    ["topic LIKE %s"] * len(_PATTERNS) + [f"topic IN ({', '.join(['%s'] * len(_EXACT))})"]
)


def slice_rows(log: EventLog) -> Iterator[list[Row]]:
    """The stored rows of the slice, in global order, a batch at a time."""
    position = "rowid" if log.database.dialect == "sqlite" else "notification_id"
    sql = (
        f"SELECT {position} AS position, originator_id, originator_version, topic, state "  # noqa: S608
        f"FROM {log.table} WHERE {position} > %s AND ({_TOPICS}) ORDER BY {position} LIMIT %s"
    )
    after = 0
    with log.database.reading() as cursor:
        while True:
            rows = cursor.execute(sql, (after, *_PATTERNS, *_EXACT, BATCH)).fetchall()
            yield rows
            if len(rows) < BATCH:
                return
            after = rows[-1]["position"]


def governance_history(log: EventLog) -> list[HistoryEvent]:
    return [_event(log, row) for rows in slice_rows(log) for row in rows]


def _event(log: EventLog, row: Row) -> HistoryEvent:
    e = log.decoder.decode(
        row["position"], row["originator_id"], row["originator_version"], row["topic"],
        row["state"],
    )  # fmt: skip
    return HistoryEvent(e.position, e.timestamp, e.name, e.originator_id, e.data)
