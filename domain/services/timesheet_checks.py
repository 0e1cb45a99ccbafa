"""The rules a week's lines pass before a time sheet records anything (the table in the
README): the week has started, the person exists and is enabled, the lines are positive
quarter hours (one per project and activity, at most a week in all), each project existed
that week and had not ended before it; above the weekly ceiling the sheet gets a warning.

One `SheetChecks` lives as long as one command, or one batch of weeks imported together:
it reads each person and project once and remembers what it found (reference data does not
change while a batch is checked)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from domain.calendar import IsoWeek
from domain.clock import event_timestamp
from domain.errors import InvalidCommand, NotFound
from domain.project import Project
from domain.services.lookups import References
from domain.store import EventStore
from domain.timesheet import LineInput, SheetLine, parse_lines
from governance_rules.weekly_hours import WeeklyHoursCeiling


@dataclass(frozen=True)
class ProjectSpan:
    """What the rules need of a project: the days (in the group's time zone) it was
    registered and, if it was closed or abandoned, ended."""

    code: str
    phase: str
    registered: date
    ended: date | None

    def takes(self, week: IsoWeek) -> bool:
        """Whether time can be recorded on the project for `week`."""
        return (self.ended is None or self.ended >= week.monday) and self.registered <= week.sunday

    def refusal(self, week: IsoWeek) -> str | None:
        """Why no time can be recorded on the project for `week`, or None."""
        if self.ended is not None and self.ended < week.monday:
            return (
                f"project {self.code} is {self.phase} since {self.ended}: no time can be "
                f"recorded on it for week {week}"
            )
        if self.registered > week.sunday:
            return f"project {self.code} was registered on {self.registered}, after week {week}"
        return None


class SheetChecks:
    def __init__(self, store: EventStore, timezone: ZoneInfo, ceiling: WeeklyHoursCeiling) -> None:
        self.store = store
        self.timezone = timezone
        self.ceiling = ceiling
        self.references = References(store)
        self._people: dict[UUID, InvalidCommand | None] = {}  # the refusal, if any
        self._projects: dict[UUID, ProjectSpan | None] = {}
        self._weeks: dict[IsoWeek, InvalidCommand | None] = {}
        self._recent = event_timestamp().date() - timedelta(days=1)

    def lines(
        self, person_id: UUID, week: IsoWeek, lines: Sequence[LineInput]
    ) -> tuple[tuple[SheetLine, ...], list[str]]:
        """The week's lines parsed, and the warnings to record with them; raises the first
        rule broken."""
        self.require_started(week)
        self.require_person(person_id)
        parsed = parse_lines(lines)
        known = self._projects
        for index, line in enumerate(parsed):
            span = known.get(line.project_id)
            if span is None or not span.takes(week):
                self.require_bookable(line.project_id, week, index)
        return parsed, self.ceiling.warnings(sum(line.minutes for line in parsed))

    def require_started(self, week: IsoWeek) -> None:
        # Most weeks are well in the past: the group's date can differ from UTC's by a day at
        # most, so the time zone is only consulted near the boundary.
        if week.monday < self._recent:
            return
        if week not in self._weeks:
            today = event_timestamp().astimezone(self.timezone).date()
            self._weeks[week] = (
                InvalidCommand(f"week {week} has not started yet", field="week")
                if week.monday > today
                else None
            )
        _raise(self._weeks[week])

    def require_person(self, person_id: UUID) -> None:
        if person_id not in self._people:
            try:
                self.references.person(person_id, field="person_id")
            except InvalidCommand as error:
                self._people[person_id] = error
            else:
                self._people[person_id] = None
        _raise(self._people[person_id])

    def require_bookable(self, project_id: UUID, week: IsoWeek, index: int) -> None:
        """Time goes to a project that exists at that week and had not ended before it (the
        week a project is closed or abandoned still takes time)."""
        field = f"lines[{index}].project_id"
        span = self.project_span(project_id)
        if span is None:
            raise InvalidCommand(f"{field}: no project {project_id}", field=field)
        refusal = span.refusal(week)
        if refusal is not None:
            raise InvalidCommand(refusal, field=field)

    def project_span(self, project_id: UUID) -> ProjectSpan | None:
        try:
            return self._projects[project_id]
        except KeyError:
            pass
        try:
            project = self.store.read(Project, project_id, what=f"project {project_id}")
        except NotFound:
            span = None
        else:
            ended = project.terminated_at
            span = ProjectSpan(
                code=project.code,
                phase=project.phase.value,
                registered=project.created_on.astimezone(self.timezone).date(),
                ended=None if ended is None else ended.astimezone(self.timezone).date(),
            )
        self._projects[project_id] = span
        return span


def _raise(refusal: InvalidCommand | None) -> None:
    """A refusal found earlier, raised afresh (an exception object is raised only once)."""
    if refusal is not None:
        raise InvalidCommand(refusal.message, field=refusal.field)
