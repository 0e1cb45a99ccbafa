"""The audit trail's share of an erasure (issue 11): when `Person.Erased` reaches the trail,
free text by or about the person is masked in the rows already written, as the other views
mask theirs (projections/erasure.py), so that a rebuild masks it again.

Rows concerned: those the person acted in, those naming them (their time sheets, the risks
they own), and every row of their time-sheet objects. Masked there: the reason (except a
gate decision's, the record of a body's decision) and the free-text fields among the
changes. The events themselves keep the text (see the README's personal-data section); the
positions masked are kept in `audit_masked_positions`, so that the event feed masks the same
fields of the same events when it serves them (`masked_payload`)."""

from __future__ import annotations

import json
from typing import Any

from infrastructure.database import Cursor
from projections.erasure import ERASED_TEXT, FREE_TEXT_FIELDS

KEPT_REASONS = frozenset({"GateReview.Decided"})


def _concerned(cursor: Cursor, person_id: str) -> list[Any]:
    naming = f'%"{person_id}"%'
    return cursor.execute(
        "SELECT position, action, object_id, changes, reason FROM audit_trail "
        "WHERE actor = %s OR changes LIKE %s OR object_id IN ("
        "  SELECT object_id FROM audit_trail WHERE object_type = 'TimeSheet' AND changes LIKE %s)",
        (person_id, naming, naming),
    ).fetchall()


def mask_erased_person(cursor: Cursor, person_id: str) -> None:
    masked_values: set[str] = set()
    updates = []
    for row in _concerned(cursor, person_id):
        changes = json.loads(row["changes"])
        for change in changes:
            if change[0] in FREE_TEXT_FIELDS:
                for side in (1, 2):
                    if change[side]:
                        masked_values.add(change[side])
                        change[side] = ERASED_TEXT
        reason = row["reason"]
        if reason and row["action"] not in KEPT_REASONS:
            reason = ERASED_TEXT
        updates.append((json.dumps(changes), reason, row["position"]))
    cursor.executemany("UPDATE audit_trail SET changes=%s, reason=%s WHERE position=%s", updates)
    cursor.executemany(
        "INSERT INTO audit_masked_positions (position) VALUES (%s) ON CONFLICT DO NOTHING",
        [(u[2],) for u in updates],
    )
    _mask_last_values(cursor, masked_values)


def _mask_last_values(cursor: Cursor, masked_values: set[str]) -> None:
    """The trail's last values of objects (its "before" of later rows) lose the masked text
    too: in the free-text fields that hold exactly one of the masked values."""
    updates: dict[str, str] = {}
    for value in sorted(masked_values):
        needle = json.dumps(value).translate(_LIKE_ESCAPES)  # as it is written in the row
        rows = cursor.execute(
            "SELECT object_key, field_values FROM audit_object_values "
            "WHERE field_values LIKE %s ESCAPE '!'",
            (f"%{needle}%",),
        ).fetchall()
        for row in rows:
            key = row["object_key"]
            fields = json.loads(updates[key] if key in updates else row["field_values"])
            masked = {
                name: ERASED_TEXT if name in FREE_TEXT_FIELDS and text == value else text
                for name, text in fields.items()
            }
            if masked != fields:
                updates[key] = json.dumps(masked)
    cursor.executemany(
        "UPDATE audit_object_values SET field_values=%s WHERE object_key=%s",
        [(values, key) for key, values in updates.items()],
    )


_LIKE_ESCAPES = str.maketrans({"!": "!!", "%": "!%", "_": "!_"})


def masked_payload(name: str, payload: dict[str, Any]) -> dict[str, Any]:
    """An event's payload as the feed serves it once its position is masked: the free-text
    fields (one level down too, as in a charter's `changes`) and the reason become [erased]."""

    def mask(key: str, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: mask(k, v) for k, v in value.items()}
        if value and (key in FREE_TEXT_FIELDS and not (key == "reason" and name in KEPT_REASONS)):
            return ERASED_TEXT
        return value

    return {key: mask(key, value) for key, value in payload.items()}


def masked_positions(cursor: Cursor, after: int, last: int) -> set[int]:
    rows = cursor.execute(
        "SELECT position FROM audit_masked_positions WHERE position > %s AND position <= %s",
        (after, last),
    ).fetchall()
    return {row["position"] for row in rows}
