"""Exports of the activity and audit pages: the run/build time share per team and month, and
a project's audit trail. Hours are plain numbers, percentages of 100, instants in the group's
time zone."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from api.spreadsheets.exports import Words
from api.spreadsheets.writing import add_sheet, new_workbook, to_bytes
from api.web.i18n import N_

TIME_SHARE_COLUMNS = [
    N_("team"), N_("team name"), N_("month"), N_("run hours"), N_("build hours"),
    N_("run share (%)"), N_("above the threshold"), N_("hours not validated yet"),
]  # fmt: skip
TRAIL_COLUMNS = [
    N_("position"), N_("recorded at"), N_("who"), N_("event type"), N_("object"),
    N_("object id"), N_("changes"), N_("reason"),
]  # fmt: skip
WHOLE_GROUP = N_("whole group")
SYSTEM = N_("system")


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _time_share_rows(report: dict[str, Any], w: Words) -> list[list[Any]]:
    rows = []
    for group in [*report["rows"], report["group"]]:
        code = group["code"] if group is not report["group"] else ""
        name = group["name"] if group is not report["group"] else w.gettext(WHOLE_GROUP)
        for cell in group["months"]:
            rows.append([
                code, name, cell["month"], _number(cell["run_hours"]),
                _number(cell["build_hours"]), _number(cell["run_share"]),
                bool(cell["above_threshold"]), _number(cell["unvalidated_hours"]),
            ])  # fmt: skip
    return rows


def time_share_workbook(report: dict[str, Any], language: str, zone: ZoneInfo) -> bytes:
    """One row per team (and the whole group) and month."""
    w = Words(language, zone)
    workbook = new_workbook()
    add_sheet(workbook, w.gettext("time share"), w.headers(TIME_SHARE_COLUMNS),
              _time_share_rows(report, w))  # fmt: skip
    return to_bytes(workbook)


def _changes(changes: Sequence[dict[str, Any]]) -> str:
    return "\n".join(
        f"{c['field']}: {c['before']} → {c['after']}" if c["before"] is not None
        else f"{c['field']}: {c['after']}"
        for c in changes
    )  # fmt: skip


def audit_trail_workbook(rows: Sequence[dict[str, Any]], language: str, zone: ZoneInfo) -> bytes:
    """The audit trail's rows, oldest first (people as their number and current name)."""
    w = Words(language, zone)
    workbook = new_workbook()
    lines = [
        [
            r["position"],
            local.replace(tzinfo=None) if (local := w.local(r["recorded_at"])) else None,
            f"#{r['actor']['number']} {r['actor']['name']}" if r["actor"] else w.gettext(SYSTEM),
            r["action"],
            r["object_type"],
            str(r["object_id"]),
            _changes(r["changes"]),
            r["reason"] or "",
        ]
        for r in rows
    ]
    sheet = add_sheet(workbook, w.gettext("audit trail"), w.headers(TRAIL_COLUMNS), lines)
    for (cell,) in sheet.iter_rows(min_row=2, min_col=2, max_col=2):
        cell.number_format = "yyyy-mm-dd hh:mm:ss"
    return to_bytes(workbook)
