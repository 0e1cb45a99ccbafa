"""The `time_entries` sheet of a spreadsheet import.

The rows of one person's ISO week make that week's time sheet. The weeks go together to
`TimeSheetBatches.submit`: the rules of a single sheet, each person and project read once,
the sheets recorded as submitted (entered on the person's behalf), waiting for the people
who validate them. A week refused is reported on its rows: a line's problem on that line's
row and column, a problem of the whole week (its total, its state, who may enter it) on
the week's first row. A week whose sheet already holds these lines records nothing."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from uuid import UUID

from domain.errors import DomainError, Forbidden
from domain.imports.format import N_, TIME_ENTRIES
from domain.imports.rows import Problem, Row
from domain.principal import Principal
from domain.services.timesheet_batches import (
    Outcome,
    TimeSheetBatches,
    WeekInput,
    WeeksRefused,
)
from domain.timesheet import LineInput

_LINE_FIELD = re.compile(r"^lines\[(\d+)\](?:\.(\w+))?$")
_LINE_PREFIX = re.compile(r"lines\[\d+\]\.?\s*")
LINE_COLUMNS = {"hours": "hours", "project_id": "project_code", "activity": "activity"}
WEEK_COLUMNS = {"person_id": "person_login", "week": "week"}
TALLIES = {  # what the report counts (translated on the import page)
    Outcome.CREATED: N_("time sheets submitted"),
    Outcome.CHANGED: N_("time sheets changed and submitted again"),
    Outcome.SUBMITTED: N_("draft time sheets submitted"),
}


@dataclass
class _Week:
    """The rows of one person's week, and the lines they give, in order."""

    person_id: UUID
    week: str
    rows: list[Row] = field(default_factory=list)
    lines: list[LineInput] = field(default_factory=list)


@dataclass
class TimeEntryResult:
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # accepted above the weekly ceiling
    recorded: dict[str, int] = field(default_factory=dict)


class TimeEntryRows:
    """`person` and `project` turn a row's login and project code into ids, raising a
    DomainError naming the column (the import's own lookups)."""

    def __init__(
        self,
        batches: TimeSheetBatches,
        principal: Principal,
        person: Callable[[Row, str], UUID],
        project: Callable[[Row], UUID],
    ) -> None:
        self.batches = batches
        self.principal = principal
        self.person = person
        self.project = project

    def apply(self, rows: list[Row], incomplete: set[tuple[str, str]]) -> TimeEntryResult:
        """`incomplete`: the (login, week) of rows refused already (their problem is
        reported): those weeks are not checked without them."""
        result = TimeEntryResult()
        weeks = self._weeks(rows, incomplete, result)
        try:
            done = self.batches.submit(
                self.principal, [WeekInput(w.person_id, w.week, w.lines) for w in weeks]
            )
        except WeeksRefused as refused:
            for refusal in refused.refusals:
                result.problems.append(_problem(weeks[refusal.index], refusal.error))
            return result
        for week, submitted in zip(weeks, done, strict=True):
            if submitted.outcome in TALLIES:
                what = TALLIES[submitted.outcome]
                result.recorded[what] = result.recorded.get(what, 0) + 1
            for warning in submitted.warnings:
                result.warnings.append(
                    Problem(TIME_ENTRIES.name, week.rows[0].number, None, warning)
                )
        return result

    def _weeks(
        self, rows: list[Row], incomplete: set[tuple[str, str]], result: TimeEntryResult
    ) -> list[_Week]:
        weeks: dict[tuple[str, str], _Week] = {}
        for row in rows:
            key = week_key(row)
            try:
                person_id = self.person(row, "person_login")
                project_id = self.project(row)
            except DomainError as error:
                column = row.where(error.field)
                result.problems.append(
                    Problem(TIME_ENTRIES.name, row.number, column, error.message)
                )
                incomplete.add(key)
                continue
            week = weeks.setdefault(key, _Week(person_id, row.values["week"]))
            week.rows.append(row)
            week.lines.append(
                LineInput(project_id, row.values["hours"], row.values["activity"] or "")
            )
        return [week for key, week in weeks.items() if key not in incomplete]


def week_key(row: Row) -> tuple[str, str]:
    """Which week a row belongs to: its login and ISO week, as written."""
    return (str(row.values.get("person_login") or "").lower(), str(row.values.get("week") or ""))


def _problem(week: _Week, error: DomainError) -> Problem:
    """A refusal of the service, on the row (and column) of the line it names, else on the
    week's first row."""
    matched = _LINE_FIELD.match(error.field or "")
    if matched:
        row = week.rows[int(matched.group(1))]
        column = LINE_COLUMNS.get(matched.group(2) or "")
        reason = _LINE_PREFIX.sub("", error.message, count=1)
        return Problem(TIME_ENTRIES.name, row.number, row.where(column), reason)
    first = week.rows[0]
    column = WEEK_COLUMNS.get(error.field or "")
    if isinstance(error, Forbidden):
        column = "person_login"
    return Problem(TIME_ENTRIES.name, first.number, first.where(column), error.message)
