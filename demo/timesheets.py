"""Every staff member's weekly time sheet over the three years. The activity module went live
six months ago: until then, the weeks validated in the former time-tracking tool were imported
each month (on the 2nd, for the month before); since then sheets are recorded and submitted
on Friday, validated on Tuesday by the team lead (or project by project by the managers), a
few rejected and corrected, the last weeks still waiting, this week's sheets still drafts.

Each MCO team spends a share of its time on its run project that drifts from month to month
(some teams above 70 % some months); the rest goes to build projects of its functional area."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import partial
from uuid import UUID

from demo.projects import DemoProject
from demo.teams import DemoTeam, Organisation
from demo.timeline import Timeline
from demo.world import DemoPerson
from domain.calendar import IsoWeek, Month
from domain.principal import Principal
from domain.timesheet import LineInput
from domain.values import ProjectKind
from infrastructure.bootstrap import Jalon

WEEKLY_HOURS = [Decimal(h) for h in ("35", "37.5", "37.5", "37.5", "37.5", "39", "40", "42.5")]
RUN_ACTIVITIES = ["support", "exploitation", "maintenance corrective", "astreinte"]
BUILD_ACTIVITIES = ["", "conception", "paramétrage", "recette", "déploiement"]
REJECTIONS = [
    "heures imputées sur le mauvais projet",
    "total de la semaine incomplet",
    "astreinte à déclarer sur le projet de MCO",
]
QUARTER = Decimal("0.25")
LIVE_MONTHS = 6
IMPORT_REASON = "reprise de l'historique de l'outil de gestion des temps"


@dataclass(frozen=True)
class WeekSheet:
    person: DemoPerson
    team: DemoTeam
    week: IsoWeek
    lines: tuple[tuple[DemoProject, str, Decimal], ...]
    corrected: tuple[tuple[DemoProject, str, Decimal], ...] | None  # after a rejection
    by_managers: bool  # build lines validated by their project managers first
    on_behalf: bool  # entered by the PMO (the person is away)
    late: bool  # validated a week later


def _quarters(hours: Decimal) -> Decimal:
    return (hours / QUARTER).to_integral_value() * QUARTER


class TimeStory:
    """Draws the sheets (pure data), then schedules them as commands on the timeline."""

    def __init__(
        self,
        rng: random.Random,
        organisation: Organisation,
        projects: list[DemoProject],
        first: Month,
        last: Month,
    ) -> None:
        self.rng = rng
        self.organisation = organisation
        self.first = first
        self.last = last
        builds = [p for p in projects if p.kind is ProjectKind.BUILD]
        registered = {p.code: max(p.start, last.plus(-40)) for p in builds}
        # build projects open to time in a month: registered in an earlier month, and not in
        # the two months before they end or are abandoned (sheets are entered after the week,
        # sometimes in the next month's import, and a project closes after its end)
        self.active = {
            month: [
                p
                for p in builds
                if registered[p.code] < month
                and p.start <= month < p.end.plus(-1)
                and (p.stops is None or month < p.stops.plus(-2))
            ]
            for month in _months(first, last)
        }
        self.team_share = {t.code: self._share_curve(t) for t in organisation.teams}
        self.assigned: dict[str, list[DemoProject]] = defaultdict(list)

    # -- drawing ---------------------------------------------------------------------------
    def _share_curve(self, team: DemoTeam) -> dict[Month, float]:
        if team.run_project is None:
            return {}
        base = self.rng.uniform(0.42, 0.80)
        drift = self.rng.uniform(-0.08, 0.12)
        months = _months(self.first, self.last)
        curve = {}
        for index, month in enumerate(months):
            winter = 0.04 if month.month in (12, 1, 2) else 0.0
            noise = self.rng.gauss(0, 0.03)
            curve[month] = min(max(base + drift * index / len(months) + winter + noise, 0.2), 0.95)
        return curve

    def sheets(self, weeks: list[IsoWeek]) -> list[WeekSheet]:
        drawn = []
        people = [(p, t) for t in self.organisation.teams for p in t.members]
        for week in weeks:
            for person, _ in people:
                team = self.organisation.team_of(person, week.monday)
                sheet = self._sheet(person, team, week)
                if sheet is not None:
                    drawn.append(sheet)
        return drawn

    def _sheet(self, person: DemoPerson, team: DemoTeam, week: IsoWeek) -> WeekSheet | None:
        month = Month.of(week.monday)
        away = 0.45 if month.month == 8 or week.week >= 52 else 0.07
        roll = self.rng.random()
        if roll < away:
            return None
        total = self.rng.choice(WEEKLY_HOURS)
        if roll < away + 0.06:
            total = _quarters(total * Decimal("0.6"))  # a few days off
        elif self.rng.random() < 0.012:
            total = Decimal(self.rng.choice(["49", "50.5", "52"]))  # incidents, on-call
        lines = self._lines(person, team, month, total)
        if not lines:
            return None
        rejected = self.rng.random() < 0.02 and person != team.lead
        return WeekSheet(
            person=person,
            team=team,
            week=week,
            lines=lines,
            corrected=self._corrected(lines) if rejected else None,
            by_managers=person == team.lead or self.rng.random() < 0.08,
            on_behalf=self.rng.random() < 0.005,
            late=self.rng.random() < 0.05,
        )

    def _lines(
        self, person: DemoPerson, team: DemoTeam, month: Month, total: Decimal
    ) -> tuple[tuple[DemoProject, str, Decimal], ...]:
        share = self.team_share[team.code].get(month, 0.0)
        if share:
            share = min(max(share + self.rng.uniform(-0.1, 0.1), 0.1), 0.98)
        builds = self._builds(person, team, month)
        run_hours = _quarters(total * Decimal(str(round(share, 3)))) if builds else total
        lines: list[tuple[DemoProject, str, Decimal]] = []
        if team.run_project is not None and run_hours > 0:
            lines.append((team.run_project, self.rng.choice(RUN_ACTIVITIES), run_hours))
        rest = total - run_hours if team.run_project is not None else total
        for index, project in enumerate(builds):
            hours = rest if index == len(builds) - 1 else _quarters(rest * Decimal("0.65"))
            if hours > 0:
                lines.append((project, self.rng.choice(BUILD_ACTIVITIES), hours))
            rest -= hours
        return tuple(lines)

    def _builds(self, person: DemoPerson, team: DemoTeam, month: Month) -> list[DemoProject]:
        """The person keeps one or two build projects of their team's area or site while
        those run, and picks new ones as they end."""
        active = self.active[month]
        kept = [p for p in self.assigned[person.login] if p in active]
        wanted = 1 if person.person_id.int % 3 else 2
        mine = [p for p in active if p.area == team.area] or [
            p for p in active if team.establishment in ("GHT", p.establishment)
        ]
        candidates = [p for p in (mine or active) if p not in kept]
        while len(kept) < wanted and candidates:
            kept.append(candidates.pop(self.rng.randrange(len(candidates))))
        self.assigned[person.login] = kept
        return kept

    def _corrected(
        self, lines: tuple[tuple[DemoProject, str, Decimal], ...]
    ) -> tuple[tuple[DemoProject, str, Decimal], ...]:
        """Two hours moved from the first line to the last (or the week completed)."""
        if len(lines) == 1:
            project, activity, hours = lines[0]
            return ((project, activity, hours + 2),)
        moved = min(Decimal(2), lines[0][2] - QUARTER)
        first, *middle, last = lines
        return (
            (first[0], first[1], first[2] - moved),
            *middle,
            (last[0], last[1], last[2] + moved),
        )

    # -- scheduling ------------------------------------------------------------------------
    def schedule(
        self, jalon: Jalon, timeline: Timeline, sheets: list[WeekSheet], pmo: DemoPerson
    ) -> None:
        go_live = self.last.plus(-LIVE_MONTHS)
        for sheet in sheets:
            if sheet.week.monday < go_live.first_day:
                lines = _inputs(sheet.corrected or sheet.lines)
                imported = Month.of(sheet.week.sunday).next().first_day + timedelta(days=1)
                timeline.at(
                    datetime.combine(imported, time(7), timeline.zone),
                    partial(
                        jalon.timesheets.import_validated, pmo.principal, sheet.person.person_id,
                        str(sheet.week), lines, reason=IMPORT_REASON,
                    ),
                )  # fmt: skip
            else:
                self._schedule_sheet(jalon, timeline, sheet, pmo.principal)

    def _schedule_sheet(
        self, jalon: Jalon, timeline: Timeline, sheet: WeekSheet, pmo: Principal
    ) -> None:
        commands = jalon.timesheets
        person = sheet.person.person_id
        week = str(sheet.week)
        author = pmo if sheet.on_behalf else sheet.person.principal
        friday = sheet.week.monday + timedelta(days=4)
        minute = self.rng.randint(0, 50)
        at = partial(_local, timeline, minute=minute)
        recorded = at(friday, 16)
        if recorded > timeline.now:  # this week: a draft so far
            recorded = at(sheet.week.monday, 18)
        timeline.at(recorded, partial(commands.record, author, person, week, _inputs(sheet.lines)))
        # most submit on Friday, some on the Monday after
        submitted = at(friday, 17) if self.rng.random() < 0.9 else at(friday + timedelta(3), 9)
        timeline.at(submitted, partial(commands.submit, author, person, week))
        decided = sheet.week.monday + timedelta(days=8 + (7 if sheet.late else 0))
        lead = sheet.team.lead.principal
        if sheet.corrected is not None:
            reason = self.rng.choice(REJECTIONS)
            timeline.at(
                at(decided, 10), partial(commands.reject, lead, person, week, reason=reason)
            )
            decided += timedelta(days=self.rng.randint(1, 5))  # corrected some days later
            fixed = _inputs(sheet.corrected)
            timeline.at(at(decided, 15), partial(commands.record, author, person, week, fixed))
            timeline.at(at(decided, 16), partial(commands.submit, author, person, week))
            decided += timedelta(days=1)
        for hour, (decider, projects) in enumerate(self._deciders(sheet), start=9):
            decide = partial(commands.validate, decider, person, week, projects=projects)
            timeline.at(at(decided, hour), decide)

    def _deciders(self, sheet: WeekSheet) -> list[tuple[Principal, list[UUID] | None]]:
        """Who validates which projects, in order. Project by project (always for a team
        lead's own sheet): each build project's manager approves its lines (on a lead's own
        sheet, the run project's manager too), then the lead approves the rest."""
        lead = sheet.team.lead
        if not sheet.by_managers:
            return [(lead.principal, None)]
        own = sheet.person == lead
        lines = sheet.corrected or sheet.lines
        by_manager: dict[DemoPerson, list[UUID]] = {}
        for project, _, _ in lines:
            if own or project.kind is ProjectKind.BUILD:
                projects = by_manager.setdefault(project.manager, [])
                if project.id not in projects:
                    projects.append(project.id)
        deciders: list[tuple[Principal, list[UUID] | None]] = [
            (manager.principal, projects) for manager, projects in by_manager.items()
        ]
        decided = {p for projects in by_manager.values() for p in projects}
        if any(project.id not in decided for project, _, _ in lines):
            deciders.append((lead.principal, None))
        return deciders


def _months(first: Month, last: Month) -> list[Month]:
    months = [first]
    while months[-1] < last:
        months.append(months[-1].next())
    return months


def weeks_between(first: Month, now: datetime) -> list[IsoWeek]:
    week = IsoWeek.of(first.first_day + timedelta(days=(7 - first.first_day.weekday()) % 7))
    today = now.date()
    weeks = []
    while week.monday <= today:
        weeks.append(week)
        week = week.next()
    return weeks


def _inputs(lines: tuple[tuple[DemoProject, str, Decimal], ...]) -> list[LineInput]:
    return [LineInput(project.id, hours, activity) for project, activity, hours in lines]


def _local(timeline: Timeline, day: date, hour: int, *, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), timeline.zone)
