"""Gate reviews as the PMO and the bodies follow them: status, body, meeting date, who is
present and how they voted, and each project's deliverables (what the body reads)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import ClassVar

from infrastructure.database import Cursor, Database
from infrastructure.sqlvalues import date_text, timestamp_text
from projections.base import Projection
from projections.erasure import ERASED_TOPIC, mask_text
from projections.events import RecordedEvent

_DDL = [
    "CREATE TABLE IF NOT EXISTS gate_reviews ("
    "review_id TEXT PRIMARY KEY, project_id TEXT NOT NULL, subject TEXT NOT NULL, "
    "leaves TEXT, note TEXT NOT NULL, status TEXT NOT NULL, body_id TEXT, meeting_date TEXT, "
    "present TEXT NOT NULL DEFAULT '[]', deferrals BIGINT NOT NULL DEFAULT 0, outcome TEXT, "
    "decision_id TEXT, requested_at TEXT NOT NULL, requested_by TEXT NOT NULL, "
    "updated_at TEXT NOT NULL, version BIGINT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS gate_reviews_queue ON gate_reviews (status, body_id, meeting_date)",
    "CREATE INDEX IF NOT EXISTS gate_reviews_project ON gate_reviews (project_id)",
    "CREATE TABLE IF NOT EXISTS gate_review_votes ("
    "review_id TEXT NOT NULL, member_id TEXT NOT NULL, vote TEXT NOT NULL, comment TEXT NOT NULL, "
    "voted_at TEXT NOT NULL, PRIMARY KEY (review_id, member_id))",
    "CREATE TABLE IF NOT EXISTS project_deliverables ("
    "project_id TEXT NOT NULL, kind TEXT NOT NULL, phase TEXT NOT NULL, title TEXT NOT NULL, "
    "version TEXT NOT NULL, reference TEXT NOT NULL, checksum TEXT NOT NULL, "
    "submitted_at TEXT NOT NULL, submitted_by TEXT NOT NULL, PRIMARY KEY (project_id, kind))",
]

_STATUS = {
    "GateReview.Scheduled": "scheduled",
    "GateReview.Rescheduled": "scheduled",
    "GateReview.SessionOpened": "under_review",
    "GateReview.Deferred": "scheduled",
    "GateReview.Decided": "decided",
    "GateReview.Withdrawn": "withdrawn",
}


class GateReviewProjection(Projection):
    name = "gate_reviews"
    version = 1
    tables = ("gate_reviews", "gate_review_votes", "project_deliverables")
    topics_prefixes: ClassVar[tuple[str, ...]] = (
        "domain.gate_review:",
        "domain.project:Project.DeliverableSubmitted",
        ERASED_TOPIC,  # issue 11
    )

    def ddl(self, database: Database) -> list[str]:
        return list(_DDL)

    def apply(self, cursor: Cursor, events: Sequence[RecordedEvent]) -> None:
        for event in events:
            if event.name == "Project.DeliverableSubmitted":
                self._deliverable(cursor, event)
            elif event.name == "Person.Erased":  # issue 11
                person_id = event.object_id
                mask_text(cursor, "gate_review_votes", "comment", "member_id", person_id)
            elif event.name == "GateReview.Requested":
                self._requested(cursor, event)
            else:
                self._changed(cursor, event)

    @staticmethod
    def _deliverable(cursor: Cursor, event: RecordedEvent) -> None:
        d = event.data
        cursor.execute(
            "INSERT INTO project_deliverables (project_id, kind, phase, title, version, reference, "
            "checksum, submitted_at, submitted_by) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) "
            "ON CONFLICT (project_id, kind) DO UPDATE SET phase=excluded.phase, "
            "title=excluded.title, version=excluded.version, reference=excluded.reference, "
            "checksum=excluded.checksum, submitted_at=excluded.submitted_at, "
            "submitted_by=excluded.submitted_by",
            (
                event.object_id, d["kind"], d["phase"], d["title"], d["version"],
                d["reference"], d["checksum"], timestamp_text(event.timestamp), event.actor,
            ),
        )  # fmt: skip

    @staticmethod
    def _requested(cursor: Cursor, event: RecordedEvent) -> None:
        d = event.data
        at = timestamp_text(event.timestamp)
        cursor.execute(
            "INSERT INTO gate_reviews (review_id, project_id, subject, leaves, note, status, "
            "requested_at, requested_by, updated_at, version) "
            "VALUES (%s, %s, %s, %s, %s, 'requested', %s, %s, %s, %s)",
            (
                event.object_id, str(d["project_id"]), d["subject"], d["leaves"],
                d["note"], at, event.actor, at, event.originator_version,
            ),
        )  # fmt: skip

    def _changed(self, cursor: Cursor, event: RecordedEvent) -> None:
        review_id, d = event.object_id, event.data
        columns: dict[str, object] = {}
        match event.name:
            case "GateReview.Scheduled" | "GateReview.Rescheduled":
                columns |= {
                    "body_id": str(d["body_id"]),
                    "meeting_date": date_text(d["meeting_date"]),
                }
            case "GateReview.SessionOpened" | "GateReview.AttendanceRecorded":
                present = sorted(str(p) for p in d["present"])
                columns["present"] = json.dumps(present)
                reopened = event.name == "GateReview.SessionOpened"
                self._keep_votes_of(cursor, review_id, [] if reopened else present)
            case "GateReview.VoteCast":
                cursor.execute(
                    "INSERT INTO gate_review_votes (review_id, member_id, vote, comment, voted_at) "
                    "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (review_id, member_id) DO UPDATE SET "
                    "vote=excluded.vote, comment=excluded.comment, voted_at=excluded.voted_at",
                    (review_id, str(d["member_id"]), d["vote"], d["comment"],
                     timestamp_text(event.timestamp)),
                )  # fmt: skip
            case "GateReview.Deferred":
                deferrals = cursor.scalar(
                    "SELECT deferrals FROM gate_reviews WHERE review_id=%s", (review_id,)
                )
                columns |= {"meeting_date": date_text(d["new_date"]), "deferrals": deferrals + 1}
            case "GateReview.Decided":
                columns |= {"outcome": d["outcome"], "decision_id": str(d["decision_id"])}
        if event.name in _STATUS:
            columns["status"] = _STATUS[event.name]
        columns |= {
            "updated_at": timestamp_text(event.timestamp),
            "version": event.originator_version,
        }
        assignments = ", ".join(f"{c}=%s" for c in columns)
        cursor.execute(
            f"UPDATE gate_reviews SET {assignments} WHERE review_id=%s",  # noqa: S608
            (*columns.values(), review_id),
        )

    @staticmethod
    def _keep_votes_of(cursor: Cursor, review_id: str, present: list[str]) -> None:
        """A meeting opens with no vote; members who leave take their votes with them."""
        voters = [
            r["member_id"]
            for r in cursor.execute(
                "SELECT member_id FROM gate_review_votes WHERE review_id=%s", (review_id,)
            ).fetchall()
        ]
        for voter in set(voters) - set(present):
            cursor.execute(
                "DELETE FROM gate_review_votes WHERE review_id=%s AND member_id=%s",
                (review_id, voter),
            )
