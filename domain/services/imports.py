"""Importing a workbook of projects, budgets, milestones, monthly weather and time entries.

All or nothing: every row is read and applied as commands, through the same services as the
API, inside one `store.batch()`; if any row is refused, the batch is abandoned (nothing is
recorded) and the report lists every problem with its sheet, row, column and reason.
Idempotent: each row is compared with the current state first and only differences become
commands, so importing the same file twice records nothing the second time."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from domain.authorization import Operation, authorize
from domain.errors import DomainError, InvalidCommand, NotFound
from domain.imports.format import BUDGETS, MILESTONES, PROJECTS, TIME_ENTRIES, WEATHER
from domain.imports.rows import Problem, RawSheet, Row, read_workbook
from domain.ports import PersonDirectory
from domain.principal import Principal
from domain.project import BudgetLine, Project, project_id_for
from domain.services.projects import ProjectRegistration, ProjectService
from domain.services.time_entry_import import TimeEntryRows, week_key
from domain.services.timesheet_batches import TimeSheetBatches
from domain.store import EventStore
from domain.values import Dimension, parse_code, parse_euros

# A service's error names an input field; the report names the file's column.
FIELD_COLUMNS = {
    "manager_id": "manager_login",
    "sponsor_id": "sponsor_login",
    "baseline": "baseline",
    "forecast": "forecast",
    "achieved_on": "achieved_on",
    **{f"weather.{d.value}": d.value for d in Dimension},
}


@dataclass
class ImportReport:
    problems: list[Problem] = field(default_factory=list)
    recorded: Counter[str] = field(default_factory=Counter)  # what was recorded, by kind
    ignored_sheets: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # accepted, worth a look
    position: int = 0  # the last event recorded (0 when nothing was)

    @property
    def accepted(self) -> bool:
        return not self.problems


class _Refused(Exception):
    """Abandons the batch: a row was refused."""


class SpreadsheetImport:
    def __init__(
        self,
        store: EventStore,
        projects: ProjectService,
        directory: PersonDirectory,
        timesheets: TimeSheetBatches,
    ) -> None:
        self.store = store
        self.projects = projects
        self.directory = directory
        self.timesheets = timesheets

    def run(self, principal: Principal, sheets: list[RawSheet], *, source: str) -> ImportReport:
        authorize(principal, Operation.DATA_IMPORT)
        read = read_workbook(sheets)
        report = ImportReport(
            problems=list(read.problems),
            ignored_sheets=read.ignored_sheets,
            ignored_columns=read.ignored_columns,
        )
        refused_projects = {
            str(r.values.get("code") or "").upper() for r in read.rejected if r.sheet is PROJECTS
        }
        incomplete_weeks = {week_key(r) for r in read.rejected if r.sheet is TIME_ENTRIES}
        try:
            with self.store.batch() as batch:
                _Rows(self, principal, f"spreadsheet import: {source}", report).apply(
                    read.rows, refused_projects, incomplete_weeks
                )
                if report.problems:
                    raise _Refused
        except _Refused:
            report.recorded.clear()
            report.warnings.clear()
            return report
        report.position = batch.last_position
        return report


class _Rows:
    """Applies the rows of one import, collecting each refusal in the report."""

    def __init__(
        self, owner: SpreadsheetImport, principal: Principal, reason: str, report: ImportReport
    ) -> None:
        self.projects = owner.projects
        self.directory = owner.directory
        self.timesheets = owner.timesheets
        self.principal = principal
        self.reason = reason
        self.report = report
        self.logins: dict[str, UUID | None] = {}
        self.project_ids: dict[str, UUID] = {}

    def apply(
        self, rows: list[Row], refused_projects: set[str], incomplete: set[tuple[str, str]]
    ) -> None:
        """Rows naming a project whose own row was refused are skipped: that row's problem
        is in the report (a week of time entries is then not checked without the row).
        Time entries come last, all together: each person's week is one time sheet."""
        handlers: dict[str, Callable[[Row], None]] = {
            PROJECTS.name: self.project,
            BUDGETS.name: self.budget,
            MILESTONES.name: self.milestone,
            WEATHER.name: self.weather,
        }
        entries: list[Row] = []
        for row in rows:
            if str(row.values.get("project_code") or "").upper() in refused_projects:
                if row.sheet is TIME_ENTRIES:
                    incomplete.add(week_key(row))
                continue
            if row.sheet is TIME_ENTRIES:
                entries.append(row)
                continue
            try:
                handlers[row.sheet.name](row)
            except DomainError as error:
                if row.sheet is PROJECTS:
                    refused_projects.add(str(row.values["code"]).upper())
                column = FIELD_COLUMNS.get(error.field or "", error.field)
                self.report.problems.append(
                    Problem(row.sheet.name, row.number, row.where(column), error.message)
                )
        if entries:
            self.time_entries(entries, incomplete)

    # -- helpers ------------------------------------------------------------------------
    def person(self, row: Row, key: str) -> UUID:
        login = str(row.values[key]).lower()
        if login not in self.logins:  # people repeat, in time entries above all
            self.logins[login] = self.directory.find_by_login(login)
        person_id = self.logins[login]
        if person_id is None:
            raise InvalidCommand(f"no person with login {login!r}", field=key)
        return person_id

    def loaded(self, code: str) -> Project | None:
        """The project as recorded or changed earlier in this import (the batch keeps
        what it read), or None."""
        try:
            return self.projects.load(project_id_for(code))
        except NotFound:
            return None

    def existing(self, row: Row, key: str = "project_code") -> Project:
        code = parse_code(row.values[key], field=key)
        project = self.loaded(code)
        if project is None:
            raise InvalidCommand(
                f"no project {code}: register it first (in the projects sheet)", field=key
            )
        return project

    def project_id(self, row: Row) -> UUID:
        """The id of the project a row names (it exists), read once per code."""
        code = parse_code(row.values["project_code"], field="project_code")
        if code not in self.project_ids:
            self.project_ids[code] = self.existing(row).id
        return self.project_ids[code]

    def tally(self, what: str) -> None:
        self.report.recorded[what] += 1

    # -- sheets -------------------------------------------------------------------------
    def project(self, row: Row) -> None:
        v = row.values
        code = parse_code(v["code"])
        manager_id, sponsor_id = (
            self.person(row, "manager_login"),
            self.person(row, "sponsor_login"),
        )
        project_id = project_id_for(code)
        project = self.loaded(code)
        if project is None:
            self.projects.register(
                self.principal,
                ProjectRegistration(
                    code=code, name=v["name"], establishment=v["establishment"],
                    functional_area=v["functional_area"], kind=v["kind"],
                    sponsor_id=sponsor_id, manager_id=manager_id,
                    description=v["description"] or "",
                    priority_criteria=v["priority_criteria"] or [],
                ),
            )  # fmt: skip
            self.tally("projects registered")
            return
        for key, now in (("establishment", project.establishment), ("kind", project.kind.value)):
            if str(v[key]).strip().upper() != now.upper():
                raise InvalidCommand(f"{key} is {now}: an import cannot change it", field=key)
        changes = self.charter_changes(project, v, sponsor_id)
        if changes:
            self.projects.update_charter(
                self.principal, project_id, changes=changes, reason=self.reason
            )
            self.tally("charters updated")
        if manager_id != project.manager_id:
            self.projects.change_manager(
                self.principal, project_id, manager_id=manager_id, reason=self.reason
            )
            self.tally("managers changed")

    @staticmethod
    def charter_changes(project: Project, v: dict[str, Any], sponsor_id: UUID) -> dict[str, Any]:
        wanted: dict[str, Any] = {
            "name": v["name"].strip(),
            "description": (v["description"] or "").strip(),
            "functional_area": v["functional_area"].strip().upper(),
            "sponsor_id": sponsor_id,
            "priority_criteria": sorted(set(v["priority_criteria"] or [])),
        }
        return {k: value for k, value in wanted.items() if getattr(project, k) != value}

    def budget(self, row: Row) -> None:
        v = row.values
        project = self.existing(row)
        line = BudgetLine(
            year=v["year"],
            **{
                k: parse_euros(v[k], field=k)
                for k in ("envelope", "committed", "spent", "forecast")
            },
        )
        if project.budget.get(line.year) == line:
            return
        self.projects.record_budget(
            self.principal, project.id, year=line.year, envelope=line.envelope,
            committed=line.committed, spent=line.spent, forecast=line.forecast,
            reason=self.reason,
        )  # fmt: skip
        self.tally("budget lines recorded")

    def milestone(self, row: Row) -> None:
        v = row.values
        project = self.existing(row)
        name = v["name"].strip()
        found = next(((i, m) for i, m in project.milestones.items() if m.name == name), None)
        if found is None:
            milestone_id = self.projects.add_milestone(
                self.principal, project.id, name=name, baseline=v["baseline"]
            ).id
            self.tally("milestones added")
            forecast, achieved = v["baseline"], None
        else:
            milestone_id, milestone = found
            if milestone.baseline != v["baseline"]:
                raise InvalidCommand(
                    f"milestone {name!r} has the baseline {milestone.baseline}: a baseline "
                    "never changes (give a forecast instead)",
                    field="baseline",
                )
            forecast, achieved = milestone.forecast, milestone.achieved_on
        if v["forecast"] and v["forecast"] != forecast and achieved is None:
            self.projects.reforecast_milestone(
                self.principal, project.id, milestone_id, forecast=v["forecast"], reason=self.reason
            )
            self.tally("milestones re-forecast")
        if v["achieved_on"] and achieved is None:
            self.projects.achieve_milestone(
                self.principal, project.id, milestone_id, achieved_on=v["achieved_on"]
            )
            self.tally("milestones achieved")
        elif v["achieved_on"] and v["achieved_on"] != achieved:
            raise InvalidCommand(
                f"milestone {name!r} was achieved on {achieved}", field="achieved_on"
            )

    def weather(self, row: Row) -> None:
        v = row.values
        project = self.existing(row)
        weather = {d.value: v[d.value].value for d in Dimension}
        comment = (v["comment"] or "").strip()
        current = project.reports.get(v["month"])
        if current and dict(current.weather) == weather and current.comment == comment:
            return
        self.projects.report_status(
            self.principal, project.id, month=v["month"], weather=weather, comment=comment
        )
        self.tally("status reports recorded")

    def time_entries(self, rows: list[Row], incomplete: set[tuple[str, str]]) -> None:
        entries = TimeEntryRows(self.timesheets, self.principal, self.person, self.project_id)
        result = entries.apply(rows, incomplete)
        self.report.problems.extend(result.problems)
        self.report.warnings.extend(result.warnings)
        self.report.recorded.update(result.recorded)
