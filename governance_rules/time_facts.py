"""Validated time as recorded so far, for the run-share rule: each time sheet's minutes per
project and month, and whether it is validated. A month's run and build minutes per team are
added up when asked, with the memberships recorded by then, like the time-share report: a
week's minutes go to months pro rata of its working days, to the team the person belonged
to on the week's Monday; a project's kind (run or build) is the one it was registered with."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from uuid import UUID

from domain.calendar import IsoWeek
from governance_rules.history_event import HistoryEvent
from governance_rules.run_share import TeamMonth
from governance_rules.team_facts import TeamFacts

LINES = ("TimeSheet.Drafted", "TimeSheet.Imported", "TimeSheet.Amended")
VALIDATED = ("TimeSheet.Imported", "TimeSheet.Validated")
RUN = "run"


@dataclass
class _Sheet:
    person_id: UUID
    week: IsoWeek
    minutes: dict[str, dict[str, int]]  # month → project id → minutes
    validated: bool = False


class TimeFacts:
    def __init__(self) -> None:
        self.kinds: dict[str, str] = {}  # project id → run / build
        self.sheets: dict[UUID, _Sheet] = {}
        self.by_month: dict[str, set[UUID]] = defaultdict(set)

    def apply(self, event: HistoryEvent) -> None:
        d, name = event.data, event.name
        if name == "Project.Registered":
            self.kinds[str(event.originator_id)] = str(d["kind"])
            return
        if name in LINES:
            sheet = self.sheets.get(event.originator_id)
            week = sheet.week if sheet else IsoWeek.parse(str(d["week"]))
            person = sheet.person_id if sheet else _uuid(d["person_id"])
            minutes: dict[str, dict[str, int]] = defaultdict(dict)
            for line in d["lines"]:
                project = str(line["project_id"])
                for month, share in week.minutes_by_month(int(line["minutes"])).items():
                    in_month = minutes[str(month)]
                    in_month[project] = in_month.get(project, 0) + share
            for month in week.working_days_by_month():
                self.by_month[str(month)].add(event.originator_id)
            self.sheets[event.originator_id] = _Sheet(person, week, dict(minutes))
        if name in VALIDATED:
            self.sheets[event.originator_id].validated = True

    def team_months(self, month: str, teams: TeamFacts) -> list[TeamMonth]:
        """Each team's validated run and build minutes in the month, as recorded so far."""
        run: dict[UUID, int] = defaultdict(int)
        build: dict[UUID, int] = defaultdict(int)
        for sheet_id in self.by_month.get(month, ()):
            sheet = self.sheets[sheet_id]
            if not sheet.validated:
                continue
            team = teams.team_on(sheet.person_id, sheet.week.monday)
            if team is None:
                continue
            for project, minutes in sheet.minutes.get(month, {}).items():
                target = run if self.kinds.get(project) == RUN else build
                target[team] += minutes
        return [
            TeamMonth(str(team), month, run.get(team, 0), build.get(team, 0))
            for team in sorted(set(run) | set(build))
        ]


def _uuid(value: object) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))
