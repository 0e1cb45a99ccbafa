"""The composition root: builds every piece from one Settings object."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from domain.services.effort_plans import EffortPlanService
from domain.services.mco_services import McoServices
from domain.services.people import PeopleService
from domain.services.projects import ProjectService
from domain.services.reference import ReferenceService
from domain.services.teams import TeamService
from domain.services.timesheets import TimeSheetService
from domain.store import EventStore
from governance_rules.weekly_hours import WeeklyHoursCeiling
from infrastructure.authentication import TokenAuthenticator
from infrastructure.credentials import CREDENTIALS_DDL, SQLCredentialStore
from infrastructure.database import Database, open_database
from infrastructure.directory import SQLPersonDirectory, directory_ddl
from infrastructure.eventstore import events_table, open_event_store
from infrastructure.location import Location, parse_database_url
from infrastructure.settings import Settings
from projections.events import EventDecoder
from projections.log import EventLog
from projections.registry import all_projections
from projections.runner import BackgroundCatchUp, ProjectionRunner


@dataclass
class Jalon:
    settings: Settings
    location: Location
    database: Database
    store: EventStore
    runner: ProjectionRunner
    directory: SQLPersonDirectory
    credentials: SQLCredentialStore
    authenticator: TokenAuthenticator
    projects: ProjectService
    people: PeopleService
    reference: ReferenceService
    teams: TeamService
    timesheets: TimeSheetService
    effort_plans: EffortPlanService
    mco_services: McoServices
    _background: BackgroundCatchUp | None = field(default=None, repr=False)

    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        """Today in the group's time zone."""
        return self.now().astimezone(self.settings.zone).date()

    @property
    def inline_projections(self) -> bool:
        return self.settings.projections == "inline"

    def wait_for(self, position: int) -> bool:
        """Read-your-writes: wait until the views show the event at `position`."""
        return self.runner.wait_for(
            position, self.settings.read_your_writes_timeout, inline=self.inline_projections
        )

    def start_background_projections(self) -> None:
        if self.inline_projections and self._background is None:
            self._background = BackgroundCatchUp(self.runner)
            self._background.start()

    def close(self) -> None:
        if self._background is not None:
            self._background.stop()
            self._background = None
        self.database.close()
        self.store.close()


def bootstrap(settings: Settings | None = None) -> Jalon:
    settings = settings or Settings()
    location = parse_database_url(settings.database_url)
    database = open_database(location, settings.pool_size)
    try:
        store = open_event_store(location, settings)
        with database.transaction() as cursor:
            for statement in [*directory_ddl(database), *CREDENTIALS_DDL]:
                cursor.execute(statement)
        log = EventLog(database, EventDecoder(store.mapper), events_table(store))
        runner = ProjectionRunner(database, log, all_projections())
        runner.setup()
    except BaseException:
        database.close()
        raise
    directory = SQLPersonDirectory(database)
    credentials = SQLCredentialStore(database)
    return Jalon(
        settings=settings,
        location=location,
        database=database,
        store=store,
        runner=runner,
        directory=directory,
        credentials=credentials,
        authenticator=TokenAuthenticator(database),
        projects=ProjectService(store, settings.zone),
        people=PeopleService(store, directory, credentials),
        reference=ReferenceService(store),
        teams=TeamService(store),
        timesheets=TimeSheetService(
            store, settings.zone, WeeklyHoursCeiling(settings.weekly_hours_ceiling)
        ),
        effort_plans=EffortPlanService(store),
        mco_services=McoServices(store, settings.zone),
    )
