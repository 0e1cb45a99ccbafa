"""People appear by name while the directory has one, else as "erased person #N"."""

from __future__ import annotations

PERSON_NAME_JOIN = "LEFT JOIN person_directory {alias} ON {alias}.person_id = {column}"


def person_label(display_name: str | None, number: int | None) -> str:
    if display_name:
        return display_name
    return f"erased person #{number}" if number is not None else "unknown person"


def person_ref(
    person_id: str | None, display_name: str | None, number: int | None
) -> dict[str, object] | None:
    if person_id is None:
        return None
    return {"id": person_id, "number": number, "name": person_label(display_name, number)}
