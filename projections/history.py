"""The slice of the event log the governance rules read (projects, rule-set adoptions,
escalations), in global order, decoded into plain `HistoryEvent`s for an in-memory replay."""

from __future__ import annotations

from governance_rules.replay import HistoryEvent
from projections.log import EventLog

BATCH = 5000
_TOPICS = "topic LIKE %s OR topic LIKE %s OR topic = %s"
_PATTERNS = (
    "domain.project:Project.%",
    "domain.escalation:Escalation.%",
    "domain.rulebook:RuleBook.RuleSetAdopted",
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
            rows = cursor.execute(sql, (after, *_PATTERNS, BATCH)).fetchall()
            for r in rows:
                e = log.decoder.decode(
                    r["position"],
                    r["originator_id"],
                    r["originator_version"],
                    r["topic"],
                    r["state"],
                )
                events.append(
                    HistoryEvent(e.position, e.timestamp, e.name, e.originator_id, e.data)
                )
            if len(rows) < BATCH:
                return events
            after = rows[-1]["position"]
