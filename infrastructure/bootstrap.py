"""The composition root: builds every piece from one Settings object."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from domain.services.bodies import BodyService
from domain.services.deliverables import DeliverableService
from domain.services.effort_plans import EffortPlanService
from domain.services.escalation_policy import EscalationPolicy
from domain.services.escalations import EscalationService
from domain.services.gate_reviews import GateReviewService
from domain.services.imports import SpreadsheetImport
from domain.services.mco_services import McoServices
from domain.services.people import PeopleService
from domain.services.privacy import PrivacyService
from domain.services.projects import ProjectService
from domain.services.reference import ReferenceService
from domain.services.retention import RetentionService
from domain.services.rulesets import RuleSetService
from domain.services.scenarios import ScenarioService
from domain.services.scoring import ScoringService
from domain.services.signin import SignInLimits, SignInService
from domain.services.teams import TeamService
from domain.services.timesheet_batches import TimeSheetBatches
from domain.services.timesheets import TimeSheetService
from domain.store import EventStore
from governance_rules.weekly_hours import WeeklyHoursCeiling
from infrastructure.authentication import TokenAuthenticator
from infrastructure.cipher import check_readable
from infrastructure.credentials import CREDENTIALS_DDL, SQLCredentialStore
from infrastructure.database import Database, open_database
from infrastructure.directory import SQLPersonDirectory, directory_ddl
from infrastructure.eventstore import events_table, open_event_store
from infrastructure.idempotency import IDEMPOTENCY_DDL, SQLIdempotencyStore
from infrastructure.location import Location, parse_database_url
from infrastructure.passwords import PASSWORDS_DDL, SQLPasswordStore
from infrastructure.personal_data import SQLPersonalData
from infrastructure.read_stamps import ReadStamps
from infrastructure.rebuild_elsewhere import in_another_process
from infrastructure.settings import Settings
from infrastructure.signin import SignIn, password_sign_in, token_sign_in
from infrastructure.signins import SIGN_INS_DDL, SQLSignInLog
from infrastructure.web_sessions import SESSIONS_DDL, SessionStore
from projections.events import EventDecoder
from projections.history import governance_history
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
    read_stamps: ReadStamps  # what a read may show, known cheaply where the backend allows
    projects: ProjectService
    people: PeopleService
    reference: ReferenceService
    rulesets: RuleSetService
    bodies: BodyService
    deliverables: DeliverableService
    gate_reviews: GateReviewService
    sign_in: SignInService
    idempotency: SQLIdempotencyStore
    sessions: SessionStore
    web_sign_in: SignIn
    imports: SpreadsheetImport
    teams: TeamService
    timesheets: TimeSheetService
    timesheet_batches: TimeSheetBatches  # issue 5: many weeks at once
    effort_plans: EffortPlanService
    mco_services: McoServices
    privacy: PrivacyService  # issue 11
    retention: RetentionService  # issue 11
    escalations: EscalationService  # issue 6
    escalation_policy: EscalationPolicy  # issue 6
    scoring: ScoringService  # issue 7
    scenarios: ScenarioService  # issue 7
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
    database = open_database(location, settings.pool_size, settings.database_wait)
    try:
        store = open_event_store(location, settings)
        store.group_commit.writing = database.writing_lock()
        with database.transaction() as cursor:
            for statement in [
                *directory_ddl(database),
                *CREDENTIALS_DDL,
                *PASSWORDS_DDL,
                *SIGN_INS_DDL,
                *IDEMPOTENCY_DDL,
                *SESSIONS_DDL,
            ]:
                cursor.execute(statement)
        log = EventLog(database, EventDecoder(store.mapper), events_table(store))
        check_readable(log, encrypted=settings.cipher_key is not None)  # issue 11
        # PostgreSQL takes writers side by side: a rebuild uses a second process there
        elsewhere = in_another_process(settings) if database.dialect == "postgresql" else None
        runner = ProjectionRunner(
            database, log, all_projections(log.table), rebuild_elsewhere=elsewhere
        )
        runner.setup()
    except BaseException:
        database.close()
        raise
    directory = SQLPersonDirectory(database)
    credentials = SQLCredentialStore(database)
    rulesets = RuleSetService(store)
    passwords = SQLPasswordStore(database)
    read_stamps = ReadStamps(database)
    authenticator = TokenAuthenticator(database, read_stamps)
    projects = ProjectService(store, settings.zone)
    timesheets = TimeSheetService(
        store, settings.zone, WeeklyHoursCeiling(settings.weekly_hours_ceiling)
    )
    timesheet_batches = TimeSheetBatches(store, timesheets)
    sign_in = SignInService(
        store, directory, passwords, credentials, SQLSignInLog(database), sign_in_limits(settings)
    )
    return Jalon(
        settings=settings,
        location=location,
        database=database,
        store=store,
        runner=runner,
        directory=directory,
        credentials=credentials,
        authenticator=authenticator,
        read_stamps=read_stamps,
        projects=projects,
        people=PeopleService(store, directory, credentials, passwords),
        reference=ReferenceService(store),
        rulesets=rulesets,
        bodies=BodyService(store),
        deliverables=DeliverableService(store, rulesets),
        gate_reviews=GateReviewService(store, rulesets, settings.zone),
        sign_in=sign_in,
        idempotency=SQLIdempotencyStore(database, timedelta(hours=settings.idempotency_hours)),
        sessions=SessionStore(database),
        web_sign_in=SignIn([password_sign_in(sign_in), token_sign_in(authenticator, directory)]),
        imports=SpreadsheetImport(store, projects, directory, timesheet_batches),
        teams=TeamService(store),
        timesheets=timesheets,
        timesheet_batches=timesheet_batches,
        effort_plans=EffortPlanService(store),
        mco_services=McoServices(store, settings.zone),
        privacy=PrivacyService(store, SQLPersonalData(database)),  # issue 11
        retention=RetentionService(store),  # issue 11
        escalations=EscalationService(store),  # issue 6
        escalation_policy=EscalationPolicy(store, lambda: governance_history(log), settings.zone),
        scoring=ScoringService(store, rulesets),
        scenarios=ScenarioService(store, GateReviewService(store, rulesets, settings.zone)),
    )


def sign_in_limits(settings: Settings) -> SignInLimits:
    return SignInLimits(
        per_login=settings.login_failures_per_login,
        per_client=settings.login_failures_per_client,
        window=timedelta(seconds=settings.login_window_seconds),
        token_lifetime=timedelta(minutes=settings.login_token_minutes),
    )
