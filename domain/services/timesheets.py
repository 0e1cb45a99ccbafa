"""Commands on time sheets: record a week, submit it, validate or reject its lines, import
validated history in bulk."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from uuid import UUID
from zoneinfo import ZoneInfo

from domain.authorization import Operation, Target, authorize, may
from domain.calendar import IsoWeek
from domain.errors import Conflict, DuplicateCode, Forbidden, InvalidCommand, NotFound
from domain.principal import Principal
from domain.project import Project
from domain.services.results import CommandResult
from domain.services.timesheet_checks import SheetChecks
from domain.store import EventStore
from domain.team import Team, TeamMembership, membership_id_for
from domain.timesheet import (
    LineInput,
    SheetLine,
    TimeSheet,
    describe_projects,
    timesheet_id_for,
)
from domain.values import require_reason
from governance_rules.weekly_hours import WeeklyHoursCeiling

_ALREADY_THERE = DuplicateCode("a sheet already exists for this person and week", field="week")


@dataclass(frozen=True)
class SheetResult(CommandResult):
    warnings: tuple[str, ...] = field(default=())


class TimeSheetService:
    def __init__(self, store: EventStore, timezone: ZoneInfo, ceiling: WeeklyHoursCeiling) -> None:
        self.store = store
        self.timezone = timezone
        self.ceiling = ceiling

    # -- the person (or the PMO for them) -------------------------------------------------
    def record(
        self,
        principal: Principal,
        person_id: UUID,
        week: str,
        lines: Sequence[LineInput],
        *,
        expected_version: int | None = None,
    ) -> SheetResult:
        """Create the week's sheet as a draft, or change its lines (a rejected sheet is
        corrected this way; a submitted one is withdrawn while nobody approved any of it)."""
        parsed_week = IsoWeek.parse(week)
        authorize(principal, Operation.TIMESHEET_RECORD, Target(owner_id=person_id))
        parsed, warnings = self._checked_lines(person_id, parsed_week, lines)
        on_behalf = principal.person_id != person_id
        try:
            sheet = self.load(person_id, parsed_week)
        except NotFound:
            sheet = TimeSheet.draft(
                actor=principal.actor, person_id=person_id, week=parsed_week, lines=parsed,
                on_behalf=on_behalf, warnings=warnings,
            )  # fmt: skip
        else:
            sheet.check_version(expected_version)
            sheet.amend(actor=principal.actor, lines=parsed, on_behalf=on_behalf, warnings=warnings)
        conflict = Conflict(f"the {parsed_week} sheet was changed meanwhile: reload it")
        return _result(sheet, self.store.record(sheet, conflict=conflict), warnings)

    def submit(
        self,
        principal: Principal,
        person_id: UUID,
        week: str,
        *,
        expected_version: int | None = None,
    ) -> SheetResult:
        sheet = self.load(person_id, IsoWeek.parse(week))
        authorize(principal, Operation.TIMESHEET_RECORD, Target(owner_id=person_id))
        sheet.check_version(expected_version)
        sheet.submit(actor=principal.actor, on_behalf=principal.person_id != person_id)
        return _result(sheet, self.store.record(sheet))

    # -- validators -----------------------------------------------------------------------
    def validate(
        self,
        principal: Principal,
        person_id: UUID,
        week: str,
        *,
        projects: Sequence[UUID] | None = None,
        expected_version: int | None = None,
    ) -> SheetResult:
        """Approve the lines of the projects named (by default every waiting project the
        caller may decide); the sheet is validated when no project waits any more."""
        sheet = self.load(person_id, IsoWeek.parse(week))
        chosen = self._decidable(principal, sheet, projects)
        sheet.check_version(expected_version)
        sheet.approve(actor=principal.actor, projects=chosen)
        return _result(sheet, self.store.record(sheet))

    def reject(
        self,
        principal: Principal,
        person_id: UUID,
        week: str,
        *,
        reason: str,
        projects: Sequence[UUID] | None = None,
        expected_version: int | None = None,
    ) -> SheetResult:
        """Send the sheet back to its owner, saying what is wrong with these projects' lines."""
        reason = require_reason(reason)
        sheet = self.load(person_id, IsoWeek.parse(week))
        chosen = self._decidable(principal, sheet, projects)
        sheet.check_version(expected_version)
        sheet.reject(actor=principal.actor, projects=chosen, reason=reason)
        return _result(sheet, self.store.record(sheet))

    # -- bulk history ---------------------------------------------------------------------
    def import_validated(
        self,
        principal: Principal,
        person_id: UUID,
        week: str,
        lines: Sequence[LineInput],
        *,
        reason: str,
    ) -> SheetResult:
        """Load a week already validated in the previous system. Run inside `store.batch()`:
        a week that already has a sheet makes the whole batch fail (the store's unique
        sheet id refuses it), so no read is needed per sheet."""
        authorize(principal, Operation.TIMESHEET_IMPORT)
        parsed_week = IsoWeek.parse(week)
        parsed, warnings = self._checked_lines(person_id, parsed_week, lines)
        sheet = TimeSheet.import_validated(
            actor=principal.actor, person_id=person_id, week=parsed_week, lines=parsed,
            warnings=warnings, reason=reason,
        )  # fmt: skip
        return _result(sheet, self.store.record(sheet, conflict=_ALREADY_THERE), warnings)

    def load(self, person_id: UUID, week: IsoWeek) -> TimeSheet:
        sheet: TimeSheet = self.store.load(
            TimeSheet, timesheet_id_for(person_id, week), what=f"the {week} sheet of {person_id}"
        )
        return sheet

    # -- rules ----------------------------------------------------------------------------
    def checks(self) -> SheetChecks:
        """The rules of a week's lines, for one command or one batch of weeks."""
        return SheetChecks(self.store, self.timezone, self.ceiling)

    def _checked_lines(
        self, person_id: UUID, week: IsoWeek, lines: Sequence[LineInput]
    ) -> tuple[tuple[SheetLine, ...], list[str]]:
        return self.checks().lines(person_id, week, lines)

    def _decidable(
        self, principal: Principal, sheet: TimeSheet, projects: Sequence[UUID] | None
    ) -> set[UUID]:
        """The projects whose lines the caller decides: those named, or every waiting one
        the caller may decide. Nobody decides on their own time."""
        authorize(principal, Operation.TIMESHEET_VALIDATE)
        if principal.person_id == sheet.person_id:
            raise Forbidden("nobody validates or rejects their own time sheet")
        sheet.require_awaiting_decision()
        leads = self._team_leads(sheet)
        if projects is not None:
            chosen = set(projects)
            unknown = chosen - sheet.projects
            if unknown:
                raise InvalidCommand(
                    f"the {sheet.week} sheet has no line on {describe_projects(unknown)}",
                    field="projects",
                )
            for project_id in chosen:
                authorize(principal, Operation.TIMESHEET_VALIDATE, self._target(project_id, leads))
            return chosen
        chosen = {
            p
            for p in sheet.pending
            if may(principal, Operation.TIMESHEET_VALIDATE, self._target(p, leads))
        }
        if not chosen:
            raise Forbidden(
                f"none of the lines waiting on the {sheet.week} sheet are on a project you "
                "manage, and you do not lead the person's team"
            )
        return chosen

    def _target(self, project_id: UUID, leads: frozenset[UUID]) -> Target:
        manager = self._project(project_id, field="projects").manager_id
        return Target(manager_id=manager, team_lead_ids=leads)

    def _team_leads(self, sheet: TimeSheet) -> frozenset[UUID]:
        """The lead of the team the person belonged to on the week's Monday."""
        try:
            membership = self.store.read(
                TeamMembership, membership_id_for(sheet.person_id), what="team membership"
            )
        except NotFound:
            return frozenset()
        team_id = membership.team_on(sheet.week.monday)
        if team_id is None:
            return frozenset()
        team: Team = self.store.read(Team, team_id, what=f"team {team_id}")
        return frozenset({team.lead_id})

    def _project(self, project_id: UUID, *, field: str) -> Project:
        try:
            project: Project = self.store.read(Project, project_id, what=f"project {project_id}")
        except NotFound:
            raise InvalidCommand(f"{field}: no project {project_id}", field=field) from None
        return project


def _result(sheet: TimeSheet, position: int, warnings: Sequence[str] = ()) -> SheetResult:
    return SheetResult(sheet.id, sheet.version, position, tuple(warnings))
