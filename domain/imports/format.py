"""The import workbook: one sheet per kind of row, columns found by their header (row 1).

Sheets are applied in this order (projects first, so that the other sheets may name the
projects they create). A sheet whose name is not here is ignored, and said so in the report.
The rows of `time_entries` are applied by person and week (each week is one time sheet), in
domain/services/time_entry_import.py."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class CellKind(StrEnum):
    TEXT = "text"
    CODE = "code"  # a business code: letters, digits, - _ .
    LOGIN = "login"  # a person, by login
    MONEY = "money"  # euros, at most 2 decimals: 1250000.50 or "1 250 000,50"
    YEAR = "year"
    DATE = "date"  # a date cell, or text 2025-06-30 or 30/06/2025
    MONTH = "month"  # text 2025-06, or a date cell (its month)
    WEATHER = "weather"  # green, yellow, orange, red (or vert, jaune, orange, rouge)
    KIND = "kind"  # build or run
    LIST = "list"  # values separated by commas
    WEEK = "week"  # an ISO week written 2026-W05, or a date cell (the week it falls in)
    HOURS = "hours"  # a number of hours: 7.5, "7,5", or a duration cell 7:30


@dataclass(frozen=True)
class Column:
    key: str
    kind: CellKind
    required: bool
    help: str
    example: str


@dataclass(frozen=True)
class SheetFormat:
    name: str
    help: str
    columns: tuple[Column, ...]
    identity: tuple[str, ...]  # the columns naming what a row is about (no duplicates)

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)


def N_(message: str) -> str:  # noqa: N802 - marks a message for the catalogues (babel.cfg)
    return message


def _c(key: str, kind: CellKind, required: bool, help: str, example: str) -> Column:
    return Column(key, kind, required, help, example)


K = CellKind
PROJECTS = SheetFormat(
    "projects",
    N_("One row per project: registered when its code is new, its charter updated otherwise."),
    (
        _c("code", K.CODE, True, N_("unique project code"), "DPI-01"),
        _c("name", K.TEXT, True, N_("project name"), "Dossier patient informatisé"),
        _c("establishment", K.CODE, True, N_("establishment code (cannot change)"), "CHRU"),
        _c("functional_area", K.CODE, True, N_("functional area code"), "DPI"),
        _c("kind", K.KIND, True, N_("build (a project) or run (an MCO team); cannot change"), "build"),
        _c("sponsor_login", K.LOGIN, True, N_("login of the sponsor"), "m.durand"),
        _c("manager_login", K.LOGIN, True, N_("login of the project manager"), "c.martin"),
        _c("description", K.TEXT, False, N_("description"), ""),
        _c("priority_criteria", K.LIST, False, N_("comma-separated priority criteria"),
           "patient_safety, regulatory_obligation"),
    ),
    ("code",),
)  # fmt: skip
BUDGETS = SheetFormat(
    "budgets",
    N_("One row per project and year: the year's budget line, recorded when it differs."),
    (
        _c("project_code", K.CODE, True, N_("project code"), "DPI-01"),
        _c("year", K.YEAR, True, N_("budget year"), "2026"),
        _c("envelope", K.MONEY, True, N_("approved envelope in euros"), "1250000.00"),
        _c("committed", K.MONEY, True, N_("committed in euros"), "400000.00"),
        _c("spent", K.MONEY, True, N_("spent in euros"), "250000.00"),
        _c("forecast", K.MONEY, True, N_("forecast at completion in euros"), "1300000.00"),
    ),
    ("project_code", "year"),
)
MILESTONES = SheetFormat(
    "milestones",
    N_(
        "One row per project milestone, by name: added with its baseline date; a forecast or "
        "achieved date is recorded when it differs. A baseline never changes."
    ),
    (
        _c("project_code", K.CODE, True, N_("project code"), "DPI-01"),
        _c("name", K.TEXT, True, N_("milestone name, unique in the project"), "Go-live"),
        _c("baseline", K.DATE, True, N_("baseline date"), "2026-09-30"),
        _c("forecast", K.DATE, False, N_("forecast date (re-forecast)"), "2026-11-15"),
        _c("achieved_on", K.DATE, False, N_("date achieved"), ""),
    ),
    ("project_code", "name"),
)
WEATHER = SheetFormat(
    "weather",
    N_(
        "One row per project and month: the monthly status report (QCDR weather), recorded "
        "when it differs from the month's current report."
    ),
    (
        _c("project_code", K.CODE, True, N_("project code"), "DPI-01"),
        _c("month", K.MONTH, True, N_("month, written YYYY-MM"), "2026-05"),
        _c("quality", K.WEATHER, True, N_("green, yellow, orange or red"), "green"),
        _c("cost", K.WEATHER, True, N_("green, yellow, orange or red"), "yellow"),
        _c("deadline", K.WEATHER, True, N_("green, yellow, orange or red"), "orange"),
        _c("risk", K.WEATHER, True, N_("green, yellow, orange or red"), "green"),
        _c("comment", K.TEXT, False, N_("comment"), "Recette en cours"),
    ),
    ("project_code", "month"),
)

TIME_ENTRIES = SheetFormat(
    "time_entries",
    N_(
        "One row per person, ISO week, project and activity: hours spent. The rows of a "
        "person's week make that week's time sheet, submitted for validation."
    ),
    (
        _c("person_login", K.LOGIN, True, N_("login of the person whose time it is"), "c.martin"),
        _c("week", K.WEEK, True, N_("ISO week, written YYYY-Www (or a date in that week)"),
           "2026-W05"),
        _c("project_code", K.CODE, True, N_("project code (a build project or a run project)"),
           "DPI-01"),
        _c("hours", K.HOURS, True, N_("hours, in quarter hours (7.5, 7,5 or 7:30)"), "7.5"),
        _c("activity", K.TEXT, False, N_("phase or activity label (at most 80 characters)"),
           "recette"),
    ),
    ("person_login", "week", "project_code", "activity"),
)  # fmt: skip

SHEETS: tuple[SheetFormat, ...] = (PROJECTS, BUDGETS, MILESTONES, WEATHER, TIME_ENTRIES)
MAX_ROWS_PER_SHEET = 20_000


def sheet_format(name: str) -> SheetFormat | None:
    """The format of a sheet by its name, in any case, spaces read as underscores
    ("Time entries" is `time_entries`)."""
    wanted = "_".join(name.lower().split())
    return next((s for s in SHEETS if s.name == wanted), None)
