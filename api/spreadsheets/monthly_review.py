"""The Monthly Commitment Review as a workbook: one sheet per section, typed cells (amounts
as euros, percentages and hours as numbers, dates as dates), frozen headers, and weather
cells coloured by conditional formatting (green, yellow, orange, red)."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from api.spreadsheets.writing import add_sheet, new_workbook

Lang = Literal["fr", "en"]
WEATHER_FILLS = {
    "green": "C6EFCE", "yellow": "FFEB9C", "orange": "F8CBAD", "red": "FFC7CE",
}  # fmt: skip
NUMBER = "0.0"
PERCENT_COLUMNS = {"variance_percent", "run_share", "availability", "availability_target"}
HOURS_COLUMNS = {"run_hours", "build_hours"}
TITLES: dict[str, dict[Lang, str]] = {
    "summary": {"en": "summary", "fr": "synthèse"},
    "projects": {"en": "projects", "fr": "projets"},
    "milestones": {"en": "milestones", "fr": "jalons"},
    "decisions": {"en": "gate decisions", "fr": "décisions"},
    "escalations": {"en": "escalations", "fr": "escalades"},
    "services": {"en": "MCO services", "fr": "services MCO"},
    "teams": {"en": "run-build share", "fr": "part run-build"},
    "changes": {"en": "changes", "fr": "changements"},
}


def _day(value: Any) -> Any:
    return date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else value


def _number(value: Any) -> Any:
    return None if value is None else Decimal(str(value))


def _sheet(
    workbook: Workbook, key: str, lang: Lang, headers: list[str], rows: list[list[Any]]
) -> Worksheet:
    sheet = add_sheet(workbook, TITLES[key][lang], headers, rows)
    for index, header in enumerate(headers, start=1):
        if header in PERCENT_COLUMNS or header in HOURS_COLUMNS:
            for row in range(2, len(rows) + 2):
                sheet.cell(row=row, column=index).number_format = NUMBER
    return sheet


def _colour_weather(sheet: Worksheet, columns: list[int], rows: int) -> None:
    for column in columns:
        letter = get_column_letter(column)
        area = f"{letter}2:{letter}{max(rows + 1, 2)}"
        for weather, colour in WEATHER_FILLS.items():
            fill = PatternFill("solid", start_color=colour, end_color=colour, bgColor=colour)
            sheet.conditional_formatting.add(
                area, CellIsRule(operator="equal", formula=[f'"{weather}"'], fill=fill)
            )


def review_workbook(review: dict[str, Any], lang: Lang = "en") -> bytes:
    workbook = new_workbook()
    summary = review["summary"]
    flat = [
        ["month", review["month"]], ["projects", summary["projects"]],
        ["red_projects", summary["red_projects"]], ["over_envelope", summary["over_envelope"]],
        *[[f"milestones_{k}", v] for k, v in summary["milestones"].items()],
        ["decisions", summary["decisions"]],
        *[[f"escalations_{k}", v] for k, v in summary["escalations"].items()],
        *[[f"services_{k}", v] for k, v in summary["services"].items()],
        ["teams_above_ceiling", summary["teams_above_ceiling"]],
        ["run_share_ceiling", float(review["run_share_ceiling"])],
    ]  # fmt: skip
    _sheet(workbook, "summary", lang, ["figure", "value"], flat)
    dims = ["quality", "cost", "deadline", "risk"]
    headers = ["code", "name", "establishment", "phase", *dims, *[f"previous_{d}" for d in dims],
               "trend", "envelope", "committed", "spent", "forecast", "variance", "variance_percent"]  # fmt: skip
    rows = [
        [p["code"], p["name"], p["establishment"], p["phase"],
         *[(p["weather"] or {}).get(d) for d in dims],
         *[(p["previous_weather"] or {}).get(d) for d in dims], p["trend"],
         p["envelope"], p["committed"], p["spent"], p["forecast"], p["variance"],
         _number(p["variance_percent"])]
        for p in review["projects"]
    ]  # fmt: skip
    sheet = _sheet(workbook, "projects", lang, headers, rows)
    _colour_weather(sheet, list(range(5, 13)), len(rows))
    m_headers = [
        "project",
        "name",
        "baseline",
        "forecast",
        "achieved_on",
        "slippage_days",
        "status",
    ]
    _sheet(workbook, "milestones", lang, m_headers,
           [[_day(m[h]) if h in ("baseline", "forecast", "achieved_on") else m[h] for h in m_headers]
            for m in review["milestones"]])  # fmt: skip
    d_headers = ["decided_at", "project", "subject", "outcome", "body", "reason", "rule_set"]
    _sheet(
        workbook,
        "decisions",
        lang,
        d_headers,
        [[d[h] for h in d_headers] for d in review["decisions"]],
    )
    e_headers = ["section", "project", "state", "origin", "rule", "reason", "opened_at", "ended_at"]
    _sheet(workbook, "escalations", lang, e_headers,
           [[section, *[e[h] for h in e_headers[1:]]]
            for section, cases in review["escalations"].items() for e in cases])  # fmt: skip
    s_headers = [
        "code",
        "name",
        "team",
        "availability_target",
        "availability",
        "p1_over_limit",
        "verdict",
    ]
    _sheet(workbook, "services", lang, s_headers,
           [[_number(s[h]) if h in PERCENT_COLUMNS else s[h] for h in s_headers] for s in review["services"]])  # fmt: skip
    t_headers = ["team", "name", "run_hours", "build_hours", "run_share", "above_threshold"]
    _sheet(workbook, "teams", lang, t_headers,
           [[_number(t[h]) if h in PERCENT_COLUMNS | HOURS_COLUMNS else t[h] for h in t_headers]
            for t in review["teams"]])  # fmt: skip
    c_headers = ["kind", "subject", "before", "after"]
    sheet = _sheet(
        workbook,
        "changes",
        lang,
        c_headers,
        [[c[h] for h in c_headers] for c in review.get("changes", [])],
    )
    _colour_weather(sheet, [3, 4], len(review.get("changes", [])))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
