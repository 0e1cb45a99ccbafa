"""Everything the system holds about one person, for a GDPR subject access request
(`jalon people export PERSON`): directory details, roles, memberships, time sheets, votes,
the objects they hold a role on, and every event where they act or are named."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from infrastructure.database import Cursor
from projections.erasure import ERASED_TEXT, FREE_TEXT_FIELDS
from projections.events import RecordedEvent
from projections.log import EventLog
from projections.queries.people import find_person

_BATCH = 5000


def subject_access(cursor: Cursor, log: EventLog, person_id: str) -> dict[str, Any]:
    """A JSON-ready document; LookupError when nobody has this id."""
    person = find_person(cursor, person_id)
    if person is None:
        raise LookupError(f"person {person_id} not found")
    directory = _directory(cursor, person_id)
    erased = directory is None or directory["erased_at"] is not None
    return {
        "person": person,
        "directory": directory,
        "team_memberships": _rows(
            cursor,
            "SELECT m.since, m.until, t.code AS team FROM team_memberships m "
            "LEFT JOIN teams t ON t.team_id = m.team_id WHERE m.person_id=%s ORDER BY m.since",
            person_id,
        ),
        "body_memberships": _rows(
            cursor,
            "SELECT b.code AS body, m.appointed_at, m.removed_at, "
            "CASE WHEN b.chair_id = m.person_id THEN 1 ELSE 0 END AS chair FROM body_members m "
            "JOIN governance_bodies b ON b.body_id = m.body_id WHERE m.person_id=%s "
            "ORDER BY m.appointed_position",
            person_id,
        ),
        "teams_led": _rows(cursor, "SELECT code FROM teams WHERE lead_id=%s", person_id),
        "projects": _rows(
            cursor,
            "SELECT code, CASE WHEN manager_id=%s THEN 'manager' ELSE 'sponsor' END AS role "
            "FROM portfolio_projects WHERE manager_id=%s OR sponsor_id=%s ORDER BY code",
            person_id,
            person_id,
            person_id,
        ),
        "time_sheets": _time_sheets(cursor, person_id),
        "votes": _rows(
            cursor,
            "SELECT r.subject, p.code AS project, v.vote, v.comment, v.voted_at "
            "FROM gate_review_votes v JOIN gate_reviews r ON r.review_id = v.review_id "
            "LEFT JOIN portfolio_projects p ON p.project_id = r.project_id "
            "WHERE v.member_id=%s ORDER BY v.voted_at",
            person_id,
        ),
        "events": [_event(e, erased) for e in events_naming(cursor, log, person_id)],
    }


def events_naming(cursor: Cursor, log: EventLog, person_id: str) -> Iterator[RecordedEvent]:
    """Events the person caused (actor), naming their id anywhere in the payload (manager,
    member, owner...), or of an object that is theirs (their person, their time sheets and
    team membership: every later event of an object created naming them as its person)."""
    theirs, position = {person_id}, 0
    while True:
        events = log.read(cursor, position, _BATCH)
        if not events:
            return
        for event in events:
            originator = event.object_id
            if str(event.data.get("person_id")) == person_id:
                theirs.add(originator)
            if originator in theirs or person_id in repr(event.data):
                yield event
        position = events[-1].position


def _event(event: RecordedEvent, erased: bool) -> dict[str, Any]:
    """Once the person is erased, the events' free text is masked here as in the views."""
    data = event.data
    if erased:
        data = {k: ERASED_TEXT if k in FREE_TEXT_FIELDS and v else v for k, v in data.items()}
    return {
        "position": event.position,
        "type": event.name,
        "at": event.timestamp.isoformat(),
        "object": event.object_id,
        "data": data,
    }


def _directory(cursor: Cursor, person_id: str) -> dict[str, Any] | None:
    row = cursor.execute(
        "SELECT number, login, display_name, email, erased_at FROM person_directory "
        "WHERE person_id=%s",
        (person_id,),
    ).fetchone()
    return None if row is None else dict(row)


def _time_sheets(cursor: Cursor, person_id: str) -> list[dict[str, Any]]:
    sheets = _rows(
        cursor,
        "SELECT sheet_id, week, state, total_minutes, entered_by, on_behalf, imported, "
        "submitted_at, decided_at, rejection_reason FROM timesheets WHERE person_id=%s "
        "ORDER BY week",
        person_id,
    )
    lines = _rows(
        cursor,
        "SELECT l.sheet_id, p.code AS project, l.activity, l.minutes FROM timesheet_lines l "
        "JOIN timesheets s ON s.sheet_id = l.sheet_id "
        "LEFT JOIN portfolio_projects p ON p.project_id = l.project_id "
        "WHERE s.person_id=%s ORDER BY l.sheet_id, l.line_no",
        person_id,
    )
    by_sheet: dict[str, list[dict[str, Any]]] = {}
    for line in lines:
        by_sheet.setdefault(line.pop("sheet_id"), []).append(line)
    for sheet in sheets:
        sheet["lines"] = by_sheet.get(sheet["sheet_id"], [])
    return sheets


def _rows(cursor: Cursor, sql: str, *params: str) -> list[dict[str, Any]]:
    return [dict(r) for r in cursor.execute(sql, params).fetchall()]
