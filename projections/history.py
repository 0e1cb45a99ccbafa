"""The slice of the event log the governance rules read (projects, rule-set adoptions,
escalations, teams and memberships, MCO services, time sheets' lines and validations), in
global order, decoded into plain `HistoryEvent`s for an in-memory replay."""

from __future__ import annotations

from uuid import UUID

from governance_rules.replay import HistoryEvent
from infrastructure.database import Row
from projections.history_light import LIGHT_TOPICS, light_payload
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


def governance_history(log: EventLog) -> list[HistoryEvent]:
    position = "rowid" if log.database.dialect == "sqlite" else "notification_id"
    sql = (
        f"SELECT {position} AS position, originator_id, originator_version, topic, state "  # noqa: S608
        f"FROM {log.table} WHERE {position} > %s AND ({_TOPICS}) ORDER BY {position} LIMIT %s"
    )
    events: list[HistoryEvent] = []
    after = 0
    with log.database.reading() as cursor:
        while True:
            rows = cursor.execute(sql, (after, *_PATTERNS, *_EXACT, BATCH)).fetchall()
            events += [_event(log, r) for r in rows]
            if len(rows) < BATCH:
                return events
            after = rows[-1]["position"]


def _event(log: EventLog, row: Row) -> HistoryEvent:
    topic = row["topic"]
    light = light_payload(log.decoder, bytes(row["state"])) if topic in LIGHT_TOPICS else None
    if light is not None:
        originator = row["originator_id"]
        return HistoryEvent(
            row["position"], light[0], topic.rpartition(":")[2],
            originator if isinstance(originator, UUID) else UUID(originator), light[1],
        )  # fmt: skip
    e = log.decoder.decode(
        row["position"], row["originator_id"], row["originator_version"], topic, row["state"]
    )
    return HistoryEvent(e.position, e.timestamp, e.name, e.originator_id, e.data)
