"""The audit trail: one row per event (position, time, actor, action, the object and the
project it concerns, the fields it changed with their value before and after, the reason).

People appear by id only (names are resolved from the person directory when read, so that
they stay erasable). "Before" values come from the last value this view saw for the same
field of the same object; a sub-object (a milestone, a risk, a budget year, a month's
report, a token, a role) is its own object, keyed by the id or key its events carry."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from infrastructure.database import Cursor, Database
from infrastructure.sqlvalues import timestamp_text
from projections.audit.erasure import mask_erased_person
from projections.base import Projection
from projections.events import RecordedEvent

_DDL = [
    "CREATE TABLE IF NOT EXISTS audit_trail ("
    "position BIGINT PRIMARY KEY, recorded_at TEXT NOT NULL, actor TEXT NOT NULL, "
    "action TEXT NOT NULL, object_type TEXT NOT NULL, object_id TEXT NOT NULL, "
    "project_id TEXT, changes TEXT NOT NULL, reason TEXT)",
    "CREATE INDEX IF NOT EXISTS audit_trail_project ON audit_trail (project_id, position)",
    "CREATE INDEX IF NOT EXISTS audit_trail_actor ON audit_trail (actor, position)",
    "CREATE INDEX IF NOT EXISTS audit_trail_action ON audit_trail (action, position)",
    "CREATE INDEX IF NOT EXISTS audit_trail_at ON audit_trail (recorded_at)",
    # the project an object belongs to (a gate review's later events do not repeat it)
    "CREATE TABLE IF NOT EXISTS audit_object_projects ("
    "object_id TEXT PRIMARY KEY, project_id TEXT NOT NULL)",
    # the rows whose free text an erasure masked (the event feed masks the same events)
    "CREATE TABLE IF NOT EXISTS audit_masked_positions (position BIGINT PRIMARY KEY)",
]

# Fields that are not "what changed": who, why, and the library's own.
_META = frozenset({"actor", "reason", "originator_id", "originator_version", "timestamp"})
# Keys that make a sub-object of the aggregate (first one present wins).
_SUB_OBJECT_KEYS = ("milestone_id", "risk_id", "condition_id", "token_id", "member_id", "year",
                    "month", "role", "week", "kind")  # fmt: skip
MAX_VALUE = 300  # characters of a value kept in the trail (rule-set texts are long)


_TRAIL_COLUMNS = ("position", "recorded_at", "actor", "action", "object_type", "object_id",
                  "project_id", "changes", "reason")  # fmt: skip
# The last value seen of each field of each object (for "before"), one row per object: a
# JSON object of its fields.
_VALUES_DDL = (
    "CREATE TABLE IF NOT EXISTS audit_object_values ("
    "object_key TEXT PRIMARY KEY, field_values TEXT NOT NULL)"
)


def action_words(name: str) -> str:
    """ "Project.StatusReported" -> "Project: status reported"."""
    kind, _, verb = name.partition(".")
    words = "".join(f" {c.lower()}" if c.isupper() else c for c in verb).strip()
    return f"{kind}: {words}" if verb else name


def _text(value: Any) -> str:
    if type(value) is str:  # most values: no conversion
        return value if len(value) <= MAX_VALUE else value[: MAX_VALUE - 1] + "…"
    if isinstance(value, list | dict | bool) or value is None:
        text = json.dumps(value, sort_keys=True, default=str)
    else:
        text = str(value)  # text, numbers, Decimal, dates, UUIDs
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def _fields(data: dict[str, Any]) -> dict[str, str]:
    """The event's fields as flat text: dicts one level down ("weather.cost"); a charter's
    `changes` as the fields they change."""
    flat: dict[str, str] = {}
    for key, value in data.items():
        if key in _META:
            continue
        if isinstance(value, dict) and value and len(value) <= 20:
            prefix = "" if key == "changes" else f"{key}."
            flat |= {f"{prefix}{k}": _text(v) for k, v in value.items()}
        else:
            flat[key] = _text(value)
    return flat


def _object_key(event: RecordedEvent) -> str:
    for key in _SUB_OBJECT_KEYS:
        if key in event.data:
            return f"{event.originator_id}/{key}={event.data[key]}"
    return event.object_id


class AuditTrailProjection(Projection):
    name = "audit_trail"
    # 2: masks erased people's free text; 3: keeps the positions; 4: notes, titles;
    # 5: an object's last values in one row
    version = 5
    tables = (
        "audit_trail",
        "audit_object_values",
        "audit_object_projects",
        "audit_masked_positions",
    )
    topics_prefixes: ClassVar[tuple[str, ...]] = ("domain.",)
    self_contained = True
    query_indexes = frozenset(
        {"audit_trail_project", "audit_trail_actor", "audit_trail_action", "audit_trail_at"}
    )

    def ddl(self, database: Database) -> list[str]:
        return [*_DDL, _VALUES_DDL + database.without_rowid_clause()]

    def apply(self, cursor: Cursor, events: Sequence[RecordedEvent]) -> None:
        keys = [_object_key(e) for e in events]
        known = {
            key: json.loads(values)
            for key, values in _select_in(
                cursor, "SELECT object_key, field_values FROM audit_object_values",
                "object_key", set(keys),
            )
        }  # fmt: skip
        stored = set(known)  # the objects whose values the table holds already
        objects = {e.object_id for e in events}
        projects = {
            r[0]: r[1]
            for r in _select_in(
                cursor, "SELECT object_id, project_id FROM audit_object_projects", "object_id",
                objects,
            )
        }  # fmt: skip
        trail: list[tuple[Any, ...]] = []
        new_projects: list[tuple[str, str]] = []
        changed: set[str] = set()
        for event, key in zip(events, keys, strict=True):
            object_id = event.object_id
            project = _project_of(event, projects.get(object_id))
            if project and object_id not in projects:
                projects[object_id] = project
                new_projects.append((object_id, project))
            values = known.setdefault(key, {})
            changes: list[list[str | None]] = []
            fields = _fields(event.data)
            for field, after in fields.items():
                previous_field = f"previous_{field}"
                if previous_field in fields:
                    changes.append([field, fields[previous_field], after])
                elif field.startswith("previous_") and field[9:] in fields:
                    continue
                elif values.get(field) != after:
                    changes.append([field, values.get(field), after])
                values[field] = after
                changed.add(key)
            kind = event.name.partition(".")[0]
            trail.append((
                event.position, timestamp_text(event.timestamp), event.actor, event.name, kind,
                object_id, project, json.dumps(changes), event.data.get("reason"),
            ))  # fmt: skip
        cursor.insert_many("audit_trail", _TRAIL_COLUMNS, trail)
        cursor.insert_many("audit_object_projects", ("object_id", "project_id"), new_projects)
        cursor.insert_many(
            "audit_object_values", ("object_key", "field_values"),
            [(key, json.dumps(known[key])) for key in sorted(changed - stored)],
        )  # fmt: skip
        cursor.executemany(
            "UPDATE audit_object_values SET field_values=%s WHERE object_key=%s",
            [(json.dumps(known[key]), key) for key in sorted(changed & stored)],
        )
        for event in events:
            if event.name == "Person.Erased":  # issue 11
                mask_erased_person(cursor, event.object_id)


def _project_of(event: RecordedEvent, known: str | None) -> str | None:
    if event.topic.startswith("domain.project:"):
        return event.object_id
    project = event.data.get("project_id")
    return str(project) if project else known


def _select_in(cursor: Cursor, sql: str, column: str, values: Iterable[str]) -> list[Any]:
    chosen, found = sorted(values), []
    for start in range(0, len(chosen), 500):
        part = chosen[start : start + 500]
        marks = ", ".join(["%s"] * len(part))
        rows = cursor.execute(f"{sql} WHERE {column} IN ({marks})", part).fetchall()
        found += [tuple(r.values()) for r in rows]
    return found
