"""Many weeks of time sheets at once: history already validated in the previous system (the
demo, migrations, the benchmark) and the weeks a spreadsheet submits.

Every week is checked with the same rules as a single sheet, each person and project being
read once for the whole batch (`SheetChecks`); if any week is refused nothing is recorded and
`WeeksRefused` lists every refusal; otherwise the sheets are recorded in one transaction (the
caller's batch when one is open)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from domain.authorization import Operation, Target, authorize
from domain.calendar import IsoWeek
from domain.errors import Conflict, DomainError, DuplicateCode, InvalidCommand, NotFound
from domain.principal import Principal
from domain.services.timesheets import SheetResult, TimeSheetService
from domain.store import EventStore
from domain.timesheet import LineInput, SheetLine, TimeSheet, timesheet_id_for
from lifecycle.timesheet import SheetState


@dataclass(frozen=True)
class WeekInput:
    """One person's week, as a bulk command gives it."""

    person_id: UUID
    week: str
    lines: Sequence[LineInput]


@dataclass(frozen=True)
class WeekRefusal:
    index: int  # the week's position in the input
    error: DomainError


class WeeksRefused(InvalidCommand):
    """Some weeks of a batch were refused: nothing was recorded."""

    def __init__(self, refusals: list[WeekRefusal]) -> None:
        first = refusals[0]
        super().__init__(
            f"{len(refusals)} week(s) refused, nothing recorded; "
            f"the first (#{first.index}): {first.error.message}",
            field=first.error.field,
        )
        self.refusals = refusals


class Outcome(StrEnum):
    """What submitting a week did to its sheet."""

    CREATED = "created"  # a new sheet, submitted
    CHANGED = "changed"  # its lines replaced, then submitted again
    SUBMITTED = "submitted"  # a draft with the same lines, submitted
    UNCHANGED = "unchanged"  # already submitted or validated with these lines: nothing new


@dataclass(frozen=True)
class SubmittedWeek:
    outcome: Outcome
    sheet_id: UUID
    warnings: tuple[str, ...]


class TimeSheetBatches:
    def __init__(self, store: EventStore, timesheets: TimeSheetService) -> None:
        self.store = store
        self.timesheets = timesheets

    def import_validated(
        self, principal: Principal, weeks: Sequence[WeekInput], *, reason: str
    ) -> list[SheetResult]:
        """Record weeks already validated elsewhere. A week that already has a sheet makes
        the whole batch fail at commit (the store's unique sheet id), so none is read."""
        authorize(principal, Operation.TIMESHEET_IMPORT)
        sheets: list[tuple[TimeSheet, tuple[str, ...]]] = []
        try:
            with self.store.joined_batch() as batch:  # checks read the batch's snapshot
                sheets = self._imported(principal, weeks, reason)
                self.store.record(*(sheet for sheet, _ in sheets))
        except Conflict as conflict:
            raise self._already_there([sheet for sheet, _ in sheets]) or conflict from None
        return [SheetResult(s.id, s.version, batch.last_position, w) for s, w in sheets]

    def _imported(
        self, principal: Principal, weeks: Sequence[WeekInput], reason: str
    ) -> list[tuple[TimeSheet, tuple[str, ...]]]:
        """Each week checked and made a validated sheet (with its warnings), or every
        refusal raised together."""
        checks = self.timesheets.checks()
        sheets: list[tuple[TimeSheet, tuple[str, ...]]] = []
        refusals: list[WeekRefusal] = []
        seen: dict[tuple[int, int, int], int] = {}
        for index, item in enumerate(weeks):
            try:
                week = _once(seen, item, index)
                lines, warnings = checks.lines(item.person_id, week, item.lines)
                sheet = TimeSheet.import_validated(
                    actor=principal.actor, person_id=item.person_id, week=week,
                    lines=lines, warnings=warnings, reason=reason,
                )  # fmt: skip
            except DomainError as error:
                refusals.append(WeekRefusal(index, error))
            else:
                sheets.append((sheet, tuple(warnings)))
        if refusals:
            raise WeeksRefused(refusals)
        return sheets

    def submit(self, principal: Principal, weeks: Sequence[WeekInput]) -> list[SubmittedWeek]:
        """Make each week's sheet hold these lines, submitted for validation (entered on the
        person's behalf unless they are the caller): a new sheet is created; a draft, a
        rejected sheet or a submitted one nobody approved yet gets these lines; a sheet
        already holding them is left as it is (idempotent). Validators then approve it as
        any other sheet."""
        authorize(principal, Operation.TIMESHEET_RECORD)
        with self.store.joined_batch():  # checks and sheets read the batch's snapshot
            done, changed = self._checked_submissions(principal, weeks)
            self.store.record(*changed)
        return done

    def _checked_submissions(
        self, principal: Principal, weeks: Sequence[WeekInput]
    ) -> tuple[list[SubmittedWeek], list[TimeSheet]]:
        checks = self.timesheets.checks()
        done: list[SubmittedWeek] = []
        changed: list[TimeSheet] = []
        refusals: list[WeekRefusal] = []
        seen: dict[tuple[int, int, int], int] = {}
        for index, item in enumerate(weeks):
            try:
                week = _once(seen, item, index)
                authorize(principal, Operation.TIMESHEET_RECORD, Target(owner_id=item.person_id))
                lines, warnings = checks.lines(item.person_id, week, item.lines)
                outcome, sheet = self._submitted(principal, item.person_id, week, lines, warnings)
            except DomainError as error:
                refusals.append(WeekRefusal(index, error))
                continue
            if sheet is not None:
                changed.append(sheet)
            sheet_id = timesheet_id_for(item.person_id, week)
            done.append(SubmittedWeek(outcome, sheet_id, tuple(warnings)))
        if refusals:
            raise WeeksRefused(refusals)
        return done, changed

    def _submitted(
        self,
        principal: Principal,
        person_id: UUID,
        week: IsoWeek,
        lines: tuple[SheetLine, ...],
        warnings: list[str],
    ) -> tuple[Outcome, TimeSheet | None]:
        actor, on_behalf = principal.actor, principal.person_id != person_id
        try:
            sheet = self.timesheets.load(person_id, week)
        except NotFound:
            sheet = TimeSheet.draft(
                actor=actor, person_id=person_id, week=week, lines=lines,
                on_behalf=on_behalf, warnings=warnings,
            )  # fmt: skip
            sheet.submit(actor=actor, on_behalf=on_behalf)
            return Outcome.CREATED, sheet
        if sorted(sheet.lines) != sorted(lines):
            sheet.amend(actor=actor, lines=lines, on_behalf=on_behalf, warnings=warnings)
            sheet.submit(actor=actor, on_behalf=on_behalf)
            return Outcome.CHANGED, sheet
        if sheet.state is SheetState.DRAFT:
            sheet.submit(actor=actor, on_behalf=on_behalf)
            return Outcome.SUBMITTED, sheet
        if sheet.state is SheetState.REJECTED:
            raise Conflict(
                f"the {week} sheet was rejected with these lines: correct them before "
                "submitting it again",
                field="lines",
            )
        return Outcome.UNCHANGED, None

    def _already_there(self, sheets: list[TimeSheet]) -> DuplicateCode | None:
        """After a refused commit: the first week that already had a sheet, if any."""
        existing = next((s for s in sheets if self.store.exists(s.id)), None)
        if existing is None:
            return None
        return DuplicateCode(
            f"the {existing.week} sheet of person {existing.person_id} already exists: "
            "nothing was imported",
            field="week",
        )


def _once(seen: dict[tuple[int, int, int], int], item: WeekInput, index: int) -> IsoWeek:
    """The week, parsed; refused when the batch already gave this person's week."""
    week = IsoWeek.parse(item.week)
    key = (item.person_id.int, week.year, week.week)  # cheaper to hash than the objects
    if key in seen:
        raise InvalidCommand(
            f"week {week} of person {item.person_id} is given twice (also #{seen[key]})",
            field="week",
        )
    seen[key] = index
    return week
