"""A person's time sheet for one ISO week: hours per project (build or run), optionally per
phase or activity label, and its validation, project by project.

Hours are counted in quarter hours and kept as minutes (integers): a week's minutes split
exactly between the months of its working days (see `domain.calendar.IsoWeek`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from hashlib import sha1
from typing import Any, NamedTuple
from uuid import UUID

from domain.aggregate import JalonAggregate
from domain.calendar import IsoWeek
from domain.errors import Conflict, InvalidCommand
from domain.values import parse_decimal
from lifecycle.timesheet import SHEET_WORKFLOW, SheetState

TIMESHEET_NAMESPACE = UUID("c4e2b9a7-1d3f-4a6c-8e5b-7f0a9d2c6e14")
_NAMESPACE_BYTES = TIMESHEET_NAMESPACE.bytes
MINUTES_PER_WEEK = 7 * 24 * 60
QUARTER_HOUR = 15
MAX_LINES = 60
MAX_ACTIVITY = 80


def timesheet_id_for(person_id: UUID, week: IsoWeek) -> UUID:
    """One sheet per person and week: a second one collides in the event store itself.
    (uuid5, written out: sha1 of the namespace and the name, first 16 bytes.)"""
    name = f"{_text(person_id)}:{week.year:04d}-W{week.week:02d}".encode()
    return UUID(bytes=sha1(_NAMESPACE_BYTES + name).digest()[:16], version=5)  # noqa: S324


class SheetLine(NamedTuple):
    """An immutable value: a tuple (cheap to build and to compare)."""

    project_id: UUID
    activity: str
    minutes: int

    def as_payload(self) -> dict[str, Any]:
        return {
            "project_id": _text(self.project_id),
            "activity": self.activity,
            "minutes": self.minutes,
        }

    @classmethod
    def from_payload(cls, data: dict[str, Any]) -> SheetLine:
        return _line(data["project_id"], data["activity"], data["minutes"])


@lru_cache(maxsize=4096)
def _project_uuid(text: str) -> UUID:
    """Project ids repeat in every sheet replayed: parse each once."""
    return UUID(text)


@lru_cache(maxsize=4096)
def _text(some_id: UUID) -> str:
    """People and projects repeat in every sheet recorded: write each id once."""
    return str(some_id)


@lru_cache(maxsize=16384)
def _line(project_id: str, activity: str, minutes: int) -> SheetLine:
    """The same lines come back week after week (and a sheet just created reads back the
    lines it was given): a line is an immutable value, built once."""
    return SheetLine(_project_uuid(project_id), activity, minutes)


@dataclass(frozen=True)
class LineInput:
    """A line as a command gives it: hours as a decimal (quarter hours)."""

    project_id: UUID
    hours: Decimal | str | int
    activity: str = ""


def minutes_from_hours(
    value: Decimal | str | int, *, field: str, maximum_hours: int = MINUTES_PER_WEEK // 60
) -> int:
    """Hours in quarter hours → minutes; never negative, at most `maximum_hours`."""
    hours = parse_decimal(value, field=field, what="a number of hours")
    if hours < 0:
        raise InvalidCommand(f"{field} cannot be negative (got {hours})", field=field)
    if hours > maximum_hours:
        raise InvalidCommand(f"{field} is more than {maximum_hours} h", field=field)
    minutes = hours * 60
    if minutes % QUARTER_HOUR:
        raise InvalidCommand(f"{field} must be in quarter hours (0.25), got {hours}", field=field)
    return int(minutes)


@lru_cache(maxsize=4096)
def _week_minutes(value: Decimal | str | int) -> int | None:
    """The minutes of a valid number of hours in a week (the same few values come back all
    the time), or None to let the caller explain what is wrong."""
    try:
        return minutes_from_hours(value, field="hours")
    except InvalidCommand:
        return None


def parse_lines(lines: Sequence[LineInput]) -> tuple[SheetLine, ...]:
    """Validate a week's lines: positive quarter hours, one line per project and activity,
    at most 7 × 24 hours in all."""
    if len(lines) > MAX_LINES:
        raise InvalidCommand(f"a sheet has at most {MAX_LINES} lines", field="lines")
    parsed: list[SheetLine] = []
    seen: set[tuple[int, str]] = set()  # UUIDs hash in Python, their integers do not
    total = 0
    for index, line in enumerate(lines):
        hours = line.hours
        minutes = None if isinstance(hours, float) else _week_minutes(hours)
        if not minutes:
            raise _hours_refusal(hours, index)
        activity = line.activity.strip()
        if len(activity) > MAX_ACTIVITY:
            field = f"lines[{index}].activity"
            raise InvalidCommand(f"{field} is longer than {MAX_ACTIVITY} characters", field=field)
        key = (line.project_id.int, activity.casefold())
        if key in seen:
            raise InvalidCommand(
                f"lines[{index}] repeats a project and activity of an earlier line",
                field=f"lines[{index}]",
            )
        seen.add(key)
        parsed.append(SheetLine(line.project_id, activity, minutes))
        total += minutes
    if total > MINUTES_PER_WEEK:
        raise InvalidCommand(
            f"the lines add up to {Decimal(total) / 60:f} h, more than the {MINUTES_PER_WEEK // 60} h of a week",
            field="lines",
        )
    return tuple(parsed)


def _hours_refusal(hours: Decimal | str | int, index: int) -> InvalidCommand:
    """Why a line's hours are refused (they are not a positive number of quarter hours)."""
    field = f"lines[{index}].hours"
    try:
        minutes_from_hours(hours, field=field)
    except InvalidCommand as refusal:
        return refusal
    return InvalidCommand(f"{field} must be more than zero: leave the line out", field=field)


def _payload(lines: Iterable[SheetLine]) -> list[dict[str, Any]]:
    return [line.as_payload() for line in lines]


def _lines(payload: Iterable[dict[str, Any]]) -> tuple[SheetLine, ...]:
    return tuple(SheetLine.from_payload(item) for item in payload)


class TimeSheet(JalonAggregate):
    class Drafted(JalonAggregate.Created):
        person_id: UUID
        week: str
        lines: list[dict[str, Any]]
        on_behalf: bool  # entered by someone else (the PMO, an administrator)
        warnings: list[str]

    class Imported(JalonAggregate.Created):
        """Time already validated in the previous system, loaded in bulk."""

        person_id: UUID
        week: str
        lines: list[dict[str, Any]]
        warnings: list[str]
        reason: str

        def apply(self, aggregate: TimeSheet) -> None:
            aggregate.state = SheetState.VALIDATED
            aggregate.approved = frozenset(line.project_id for line in aggregate.lines)

    class Amended(JalonAggregate.Event):
        lines: list[dict[str, Any]]
        on_behalf: bool
        warnings: list[str]
        still_approved: list[str]  # projects approved earlier whose lines did not change

        def apply(self, aggregate: TimeSheet) -> None:
            aggregate.lines = _lines(self.lines)
            aggregate.approved = frozenset(_project_uuid(p) for p in self.still_approved)
            aggregate.rejected = frozenset()
            aggregate.state = SheetState.DRAFT

    class Submitted(JalonAggregate.Event):
        on_behalf: bool

        def apply(self, aggregate: TimeSheet) -> None:
            aggregate.rejected = frozenset()
            aggregate.state = SheetState.SUBMITTED

    class LinesApproved(JalonAggregate.Event):
        """Some projects' lines approved; others still wait."""

        projects: list[str]

        def apply(self, aggregate: TimeSheet) -> None:
            aggregate.approved |= {_project_uuid(p) for p in self.projects}

    class Validated(JalonAggregate.Event):
        """The last projects' lines approved: the whole week counts."""

        projects: list[str]

        def apply(self, aggregate: TimeSheet) -> None:
            aggregate.approved |= {_project_uuid(p) for p in self.projects}
            aggregate.state = SheetState.VALIDATED

    class Rejected(JalonAggregate.Event):
        projects: list[str]
        reason: str

        def apply(self, aggregate: TimeSheet) -> None:
            aggregate.rejected = frozenset(_project_uuid(p) for p in self.projects)
            aggregate.state = SheetState.REJECTED

    def __init__(self, person_id: UUID, week: str, lines: list[dict[str, Any]]) -> None:
        self.person_id = person_id
        self.week = IsoWeek.parse(week)
        self.lines = _lines(lines)
        self.state = SheetState.DRAFT
        self.approved: frozenset[UUID] = frozenset()
        self.rejected: frozenset[UUID] = frozenset()

    @classmethod
    def draft(
        cls,
        *,
        actor: str,
        person_id: UUID,
        week: IsoWeek,
        lines: tuple[SheetLine, ...],
        on_behalf: bool,
        warnings: list[str],
    ) -> TimeSheet:
        return cls._new(
            cls.Drafted, actor, person_id, week, lines, on_behalf=on_behalf, warnings=warnings
        )

    @classmethod
    def import_validated(
        cls,
        *,
        actor: str,
        person_id: UUID,
        week: IsoWeek,
        lines: tuple[SheetLine, ...],
        warnings: list[str],
        reason: str,
    ) -> TimeSheet:
        return cls._new(
            cls.Imported, actor, person_id, week, lines, warnings=warnings, reason=reason
        )

    @classmethod
    def _new(
        cls,
        event: type[JalonAggregate.Created],
        actor: str,
        person_id: UUID,
        week: IsoWeek,
        lines: tuple[SheetLine, ...],
        **fields: Any,
    ) -> TimeSheet:
        if not lines:
            raise InvalidCommand("a new sheet needs at least one line", field="lines")
        return cls._create(
            event,
            id=timesheet_id_for(person_id, week),
            actor=actor,
            person_id=person_id,
            week=str(week),
            lines=_payload(lines),
            **fields,
        )

    @property
    def projects(self) -> set[UUID]:
        return {line.project_id for line in self.lines}

    @property
    def pending(self) -> set[UUID]:
        """Projects whose lines still wait for approval."""
        return self.projects - self.approved

    @property
    def total_minutes(self) -> int:
        return sum(line.minutes for line in self.lines)

    def amend(
        self, *, actor: str, lines: tuple[SheetLine, ...], on_behalf: bool, warnings: list[str]
    ) -> None:
        self._next("amend", "be changed", has_approvals=bool(self.approved))
        if lines == self.lines:
            raise InvalidCommand("the new lines are the same as the current ones", field="lines")
        unchanged = {p for p in self.approved if _lines_of(self.lines, p) == _lines_of(lines, p)}
        self.trigger_event(
            self.Amended,
            actor=actor,
            lines=_payload(lines),
            on_behalf=on_behalf,
            warnings=warnings,
            still_approved=sorted(str(p) for p in unchanged),
        )

    def submit(self, *, actor: str, on_behalf: bool) -> None:
        self._next("submit", "be submitted", has_lines=bool(self.lines))
        self.trigger_event(self.Submitted, actor=actor, on_behalf=on_behalf)

    def approve(self, *, actor: str, projects: set[UUID]) -> None:
        self._require_pending(projects)
        after = self._next(
            "approve", "be validated", approves_every_project=projects == self.pending
        )
        event = self.Validated if after is SheetState.VALIDATED else self.LinesApproved
        self.trigger_event(event, actor=actor, projects=sorted(str(p) for p in projects))

    def reject(self, *, actor: str, projects: set[UUID], reason: str) -> None:
        self._require_pending(projects)
        self.require_awaiting_decision()
        self.trigger_event(
            self.Rejected, actor=actor, projects=sorted(str(p) for p in projects), reason=reason
        )

    def require_awaiting_decision(self) -> None:
        self._next("reject", "be validated or rejected")

    def _next(self, trigger: str, action: str, **facts: bool) -> SheetState:
        after = SHEET_WORKFLOW.next_state(trigger, self.state, **facts)
        if after is None:
            raise Conflict(self._why_not(trigger, action))
        return after

    def _why_not(self, trigger: str, action: str) -> str:
        sheet = f"the {self.week} sheet"
        if trigger == "amend" and self.state is SheetState.SUBMITTED:
            return f"{sheet} is already approved in part: it cannot be changed any more"
        if trigger == "submit" and self.state in (SheetState.DRAFT, SheetState.REJECTED):
            return f"{sheet} has no lines: there is nothing to submit"
        return f"{sheet} is {self.state.value}: it cannot {action}"

    def _require_pending(self, projects: set[UUID]) -> None:
        if not projects:
            raise InvalidCommand(
                "name at least one project whose lines you decide", field="projects"
            )
        if self.state is not SheetState.SUBMITTED:
            return  # the workflow refuses it with the sheet's state
        unknown = projects - self.pending
        if unknown:
            raise InvalidCommand(
                f"the {self.week} sheet has no lines waiting for approval on "
                + describe_projects(unknown),
                field="projects",
            )


def describe_projects(projects: set[UUID]) -> str:
    return "project(s) " + ", ".join(sorted(str(p) for p in projects))


def _lines_of(lines: tuple[SheetLine, ...], project_id: UUID) -> tuple[SheetLine, ...]:
    return tuple(line for line in lines if line.project_id == project_id)
