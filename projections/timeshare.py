"""Time spent per project and month (the facts of the time-share report and the project time
charts), and the planned effort.

A week's minutes go to months pro rata of its working days (Monday to Friday) in each month:
exact integers, since hours are recorded in quarter hours (15 min × days / 5 days).
Each fact is attributed to the team the person belonged to on the week's Monday, and to that
team's establishment (a person in no team: their own establishment). A membership recorded
later, even back-dated, re-attributes the person's facts.

Reads other views in the runner's transaction: `timesheets` (whose sheet, which week),
`portfolio_projects` (a project's kind, which never changes), `teams` and `team_memberships`,
`people`. They are registered before this one,
so within a batch they already hold its events."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import ClassVar

from domain.calendar import IsoWeek
from infrastructure.database import Cursor, Database, Row
from projections.base import Projection
from projections.events import RecordedEvent
from projections.inserts import Insert, PendingInserts
from projections.timeshare_totals import FACT_COLUMNS, TOTALS_DDL, MonthlyTotals

_DDL = [
    "CREATE TABLE IF NOT EXISTS time_facts ("
    "sheet_id TEXT NOT NULL, project_id TEXT NOT NULL, month TEXT NOT NULL, "
    "person_id TEXT NOT NULL, week_start TEXT NOT NULL, kind TEXT NOT NULL, team_id TEXT, "
    "establishment TEXT NOT NULL, state TEXT NOT NULL, minutes BIGINT NOT NULL, "
    "PRIMARY KEY (sheet_id, project_id, month))",
    "CREATE INDEX IF NOT EXISTS time_facts_month ON time_facts (month)",
    "CREATE INDEX IF NOT EXISTS time_facts_project ON time_facts (project_id, month)",
    TOTALS_DDL,
    "CREATE TABLE IF NOT EXISTS effort_plans ("
    "project_id TEXT NOT NULL, month TEXT NOT NULL, minutes BIGINT NOT NULL, "
    "PRIMARY KEY (project_id, month))",
]

_TEAM_AT_WEEK = (
    "SELECT m.team_id FROM team_memberships m WHERE m.person_id = {person} "
    "AND m.since <= {week} AND (m.until IS NULL OR m.until > {week})"
)
_ESTABLISHMENT_AT_WEEK = (
    "COALESCE((SELECT t.establishment FROM team_memberships m JOIN teams t "
    "ON t.team_id = m.team_id WHERE m.person_id = {person} AND m.since <= {week} "
    "AND (m.until IS NULL OR m.until > {week})), "
    "(SELECT p.establishment FROM people p WHERE p.person_id = {person}))"
)
_REATTRIBUTE = (
    f"UPDATE time_facts SET team_id = ({_TEAM_AT_WEEK}), "  # noqa: S608 - constants only
    f"establishment = {_ESTABLISHMENT_AT_WEEK} WHERE person_id = %s"
).format(person="time_facts.person_id", week="time_facts.week_start")
_CREATED = {"TimeSheet.Drafted", "TimeSheet.Imported"}
_FACTS = Insert(
    "time_facts",
    ("sheet_id", "project_id", "month", "person_id", "week_start", "kind", "team_id",
     "establishment", "state", "minutes"),
)  # fmt: skip
_STATE_AFTER = {
    "TimeSheet.Submitted": "submitted",
    "TimeSheet.Rejected": "rejected",
    "TimeSheet.Validated": "validated",
}

Handler = Callable[[Cursor, RecordedEvent], None]


def minutes_by_month(week: IsoWeek, minutes: int) -> dict[str, int]:
    """A line's minutes split between the months of the week's working days."""
    return {str(month): share for month, share in week.minutes_by_month(minutes).items()}


class TimeShareProjection(Projection):
    name = "timeshare"
    version = 1
    tables = ("time_facts", "time_share_months", "effort_plans")
    query_indexes = frozenset({"time_facts_month", "time_facts_project"})
    topics_prefixes: ClassVar[tuple[str, ...]] = (
        "domain.timesheet:",
        "domain.team:TeamMembership.",
        "domain.effort_plan:",
        "domain.retention:",
    )

    def __init__(self) -> None:
        self._kinds: dict[str, str] = {}  # a project's kind never changes
        self._periods: dict[str, tuple[list[Row], str]] = {}
        self._totals = MonthlyTotals()
        self._handlers: dict[str, Handler] = {
            "TimeSheet.Amended": self._amended,
            "TimeSheet.Submitted": self._state_changed,
            "TimeSheet.Rejected": self._state_changed,
            "TimeSheet.Validated": self._state_changed,
            "TeamMembership.Joined": self._membership_changed,
            "TeamMembership.Left": self._membership_changed,
            "EffortPlan.Planned": self._planned,
            "RetentionLedger.TimeSheetDetailErased": _detail_erased,  # issue 11
        }

    def ddl(self, database: Database) -> list[str]:
        return list(_DDL)

    def apply(self, cursor: Cursor, events: Sequence[RecordedEvent]) -> None:
        # Memberships read in this transaction (other processes may change them between
        # transactions, so nothing is kept longer).
        self._periods = {}
        self._totals = MonthlyTotals()
        created = PendingInserts()  # facts of new sheets, written together
        for event in events:
            if event.name in _CREATED:
                created.add(_FACTS, *self._facts(cursor, event))
                continue
            created.flush(cursor)
            handler = self._handlers.get(event.name)
            if handler is not None:
                handler(cursor, event)
        created.flush(cursor)
        self._totals.flush(cursor)

    def _attribution(
        self, cursor: Cursor, person_id: str, week_start: str
    ) -> tuple[str | None, str]:
        """The person's team on the week's Monday and its establishment (a person in no
        team: their own establishment)."""
        if person_id not in self._periods:
            periods = cursor.execute(
                "SELECT m.team_id, m.since, m.until, t.establishment FROM team_memberships m "
                "JOIN teams t ON t.team_id = m.team_id WHERE m.person_id = %s",
                (person_id,),
            ).fetchall()
            own = cursor.scalar("SELECT establishment FROM people WHERE person_id=%s", (person_id,))
            self._periods[person_id] = (periods, own)
        periods, own = self._periods[person_id]
        for period in periods:
            started = period["since"] <= week_start
            if started and (period["until"] is None or period["until"] > week_start):
                return period["team_id"], period["establishment"]
        return None, own

    def _amended(self, cursor: Cursor, event: RecordedEvent) -> None:
        sheet_id = event.object_id
        self._totals.add_rows(_facts_of(cursor, "sheet_id", sheet_id), sign=-1)
        cursor.execute("DELETE FROM time_facts WHERE sheet_id=%s", (sheet_id,))
        cursor.insert_many(*_FACTS, self._facts(cursor, event))

    def _facts(self, cursor: Cursor, event: RecordedEvent) -> list[tuple[object, ...]]:
        """The rows of a sheet's lines, split by month."""
        d = event.data
        sheet_id = event.object_id
        if event.name == "TimeSheet.Amended":
            person_id, week = _sheet_owner(cursor, sheet_id)
        else:
            person_id, week = str(d["person_id"]), IsoWeek.parse(d["week"])
        state = "validated" if event.name == "TimeSheet.Imported" else "draft"
        week_start = week.monday.isoformat()
        team_id, establishment = self._attribution(cursor, person_id, week_start)
        minutes: dict[tuple[str, str], int] = defaultdict(int)
        for line in d["lines"]:
            for month, share in minutes_by_month(week, line["minutes"]).items():
                minutes[(line["project_id"], month)] += share
        kinds = self._kinds_of(cursor, {project for project, _ in minutes})
        for (project, month), share in minutes.items():
            self._totals.add(team_id, establishment, month, kinds[project], state, share)
        return [
            (sheet_id, project, month, person_id, week_start, kinds[project], team_id,
             establishment, state, share)
            for (project, month), share in minutes.items()
        ]  # fmt: skip

    def _kinds_of(self, cursor: Cursor, projects: set[str]) -> dict[str, str]:
        missing = projects - set(self._kinds)
        if missing:
            placeholders = ", ".join(["%s"] * len(missing))
            rows = cursor.execute(
                "SELECT project_id, kind FROM portfolio_projects "  # noqa: S608
                f"WHERE project_id IN ({placeholders})",
                tuple(missing),
            ).fetchall()
            self._kinds.update({r["project_id"]: r["kind"] for r in rows})
        return self._kinds

    def _state_changed(self, cursor: Cursor, event: RecordedEvent) -> None:
        sheet_id, state = event.object_id, _STATE_AFTER[event.name]
        facts = _facts_of(cursor, "sheet_id", sheet_id)
        self._totals.add_rows(facts, sign=-1)
        self._totals.add_rows(facts, state=state)
        cursor.execute("UPDATE time_facts SET state=%s WHERE sheet_id=%s", (state, sheet_id))

    def _membership_changed(self, cursor: Cursor, event: RecordedEvent) -> None:
        person_id = str(event.data["person_id"])
        self._periods.pop(person_id, None)
        self._totals.add_rows(_facts_of(cursor, "person_id", person_id), sign=-1)
        cursor.execute(_REATTRIBUTE, (person_id,))
        self._totals.add_rows(_facts_of(cursor, "person_id", person_id))

    def _planned(self, cursor: Cursor, event: RecordedEvent) -> None:
        project_id = str(event.data["project_id"])
        for month, minutes in event.data["months"].items():
            cursor.execute(
                "DELETE FROM effort_plans WHERE project_id=%s AND month=%s", (project_id, month)
            )
            if minutes:
                cursor.execute(
                    "INSERT INTO effort_plans (project_id, month, minutes) VALUES (%s, %s, %s)",
                    (project_id, month, minutes),
                )


def _facts_of(cursor: Cursor, column: str, value: str) -> list[Row]:
    assert column in {"sheet_id", "person_id"}
    return cursor.execute(
        f"SELECT {FACT_COLUMNS} FROM time_facts WHERE {column}=%s",  # noqa: S608
        (value,),
    ).fetchall()


def _sheet_owner(cursor: Cursor, sheet_id: str) -> tuple[str, IsoWeek]:
    """Whose sheet and which week, from the time sheets view (registered before this one)."""
    row = cursor.execute(
        "SELECT person_id, week FROM timesheets WHERE sheet_id=%s", (sheet_id,)
    ).fetchone()
    assert row is not None, f"time sheet {sheet_id} is not in the timesheets view"
    return row["person_id"], IsoWeek.parse(row["week"])


_PAST_FACTS = "FROM time_facts WHERE person_id <> '' AND state = 'validated' AND week_start < %s"
_KEEP_TOTAL = (
    "INSERT INTO time_facts (sheet_id, project_id, month, person_id, week_start, kind, "
    "team_id, establishment, state, minutes) "
    "VALUES (%s, %s, %s, '', %s, %s, %s, %s, 'validated', %s) "
    "ON CONFLICT (sheet_id, project_id, month) "
    "DO UPDATE SET minutes = time_facts.minutes + excluded.minutes"
)


def _detail_erased(cursor: Cursor, event: RecordedEvent) -> None:
    """Retention (issue 11): the facts of validated weeks past the period become one row
    per project, month, team and establishment, naming no person and no sheet; the monthly
    totals do not change (their minutes move from one row to another). Their attribution is
    frozen: a later membership change no longer moves them."""
    before = str(event.data["before"])
    totals = cursor.execute(
        "SELECT project_id, month, kind, team_id, establishment, SUM(minutes) AS minutes "
        f"{_PAST_FACTS} GROUP BY project_id, month, kind, team_id, establishment",
        (before,),
    ).fetchall()
    cursor.execute(f"DELETE {_PAST_FACTS}", (before,))
    cursor.executemany(
        _KEEP_TOTAL,
        [
            (f"retained:{t['team_id'] or ''}:{t['establishment']}", t["project_id"], t["month"],
             f"{t['month']}-01", t["kind"], t["team_id"], t["establishment"], t["minutes"])
            for t in totals
        ],
    )  # fmt: skip
