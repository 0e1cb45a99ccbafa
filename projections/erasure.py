"""Free text about or by an erased person (issue 11), masked in the views by the views
themselves when they meet `Person.Erased`, so that a rebuild masks it again.

Masked: what the person wrote as a status-report comment or a vote comment, the treatment
plans of risks they own, the reasons given when their time sheets were rejected. Kept:
decision reasons and conditions (the record of a public body's decision)."""

from __future__ import annotations

from infrastructure.database import Cursor

ERASED_TOPIC = "domain.person:Person.Erased"
ERASED_TEXT = "[erased]"
# The event fields that hold free text (which may name people): masked, once their author or
# subject is erased, by the audit trail, the event feed and the subject-access export.
FREE_TEXT_FIELDS = frozenset(
    {"comment", "reason", "treatment_plan", "summary", "rejection_reason", "activity", "note",
     "title"}
)  # fmt: skip

_MASKABLE = {
    ("project_status_reports", "comment", "reported_by"),
    ("project_risks", "treatment_plan", "owner_id"),
    ("gate_review_votes", "comment", "member_id"),
    ("timesheets", "rejection_reason", "person_id"),
}


def mask_text(cursor: Cursor, table: str, column: str, by: str, person_id: str) -> None:
    """Replace the person's free text in one column of one view (constants only)."""
    assert (table, column, by) in _MASKABLE
    cursor.execute(
        f"UPDATE {table} SET {column}=%s WHERE {by}=%s AND {column} <> ''",  # noqa: S608
        (ERASED_TEXT, person_id),
    )
