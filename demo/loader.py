"""`jalon demo`: load the demo group into an empty store, then print the logins, the demo
password and tokens to use."""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from demo.escalations import play_escalations  # issue 6
from demo.governance import load_governance
from demo.lifecycle import LifeCycleStories
from demo.mco import ServiceStory
from demo.plans import schedule_plans
from demo.projects import DemoProject, ProjectStories, plan_projects
from demo.teams import plan_teams, schedule_teams
from demo.timeline import Timeline
from demo.timesheets import TimeStory, weeks_between
from demo.world import IT_STAFF, Cast, cast_people, load_reference_and_people
from domain.calendar import Month
from domain.principal import SYSTEM
from domain.values import Role
from infrastructure.bootstrap import Jalon, bootstrap
from infrastructure.settings import Settings

console = Console()
TOKEN_HOLDERS = [
    Role.ADMIN,
    Role.PMO,
    Role.PROJECT_MANAGER,
    Role.COMMITTEE_MEMBER,
    Role.AUDITOR,
    Role.STAFF,
]


def build_history(
    jalon: Jalon,
    *,
    seed: int,
    now: datetime,
    show_progress: bool = False,
    it_staff: int = IT_STAFF,
) -> Cast:
    """Record the demo group's history (three years up to `now`) in an empty store; a
    smaller `it_staff` gives a smaller group (tests)."""
    rng = random.Random(seed)
    zone = jalon.settings.zone
    last = Month.containing(now, zone)
    first = last.plus(-36)
    cast = cast_people(rng, random.Random(f"{seed}:it-staff"), count=it_staff)
    before_history = datetime.combine(first.plus(-7).first_day, datetime.min.time(), tzinfo=zone)
    load_reference_and_people(jalon, cast, at=before_history)
    governance = load_governance(jalon, cast, at=before_history)
    timeline = Timeline(zone, now)
    stories = ProjectStories(jalon, rng, timeline, last)
    life_cycles = LifeCycleStories(jalon, rng, timeline, governance, cast)
    life_cycles.revise_rules(first.plus(18))
    pmo = cast.first(Role.PMO)
    projects = plan_projects(rng, cast, first, last)
    for project in projects:
        life_cycles.decide_fate(project)
        stories.schedule(project, pmo)
        life_cycles.schedule(project)
    _schedule_time_and_services(jalon, timeline, random.Random(f"{seed}:time"), cast, projects)
    if not show_progress:
        timeline.play(jalon.store)
        play_escalations(jalon, cast, seed=seed, now=now)  # issue 6
        return cast
    with _progress() as progress:
        task = progress.add_task("history", total=len(timeline))
        timeline.play(
            jalon.store,
            lambda played: progress.update(task, completed=played, total=played + len(timeline)),
        )
    play_escalations(jalon, cast, seed=seed, now=now)  # issue 6
    return cast


def _schedule_time_and_services(
    jalon: Jalon, timeline: Timeline, rng: random.Random, cast: Cast, projects: list[DemoProject]
) -> None:
    """Teams, weekly time sheets, effort plans and MCO services (their own random stream,
    so that the projects' stories stay as they are)."""
    last = Month.containing(timeline.now, timeline.zone)
    first = last.plus(-36)
    pmo = cast.first(Role.PMO)
    organisation = plan_teams(rng, cast, projects, first)
    schedule_teams(jalon, timeline, organisation, pmo, first)
    story = TimeStory(rng, organisation, projects, first, last)
    sheets = story.sheets(weeks_between(first, timeline.now))
    story.schedule(jalon, timeline, sheets, pmo)
    schedule_plans(jalon, timeline, rng, projects, sheets, last)
    ServiceStory(jalon, timeline, rng, organisation).schedule(pmo, first, last)


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=console,
    )  # fmt: skip


DEMO_PASSWORD = "jalon-demo-2026"  # noqa: S105 - printed for the demo's sign-in, on purpose


def set_demo_passwords(jalon: Jalon, cast: Cast) -> None:
    """The people who sign in to the demo's pages, with one password for all."""
    for role in TOKEN_HOLDERS:
        jalon.people.set_password(SYSTEM, cast.first(role).person_id, password=DEMO_PASSWORD)


def issue_demo_tokens(jalon: Jalon, cast: Cast) -> list[tuple[str, str, str]]:
    rows = []
    for role in TOKEN_HOLDERS:
        person = cast.first(role)
        result, token, _ = jalon.people.issue_token(SYSTEM, person.person_id, valid_days=30)
        jalon.wait_for(result.position)
        rows.append((role.value, person.login, token.bearer))
    return rows


def load_demo(settings: Settings, *, seed: int) -> None:
    jalon = bootstrap(settings)
    try:
        started = time.perf_counter()
        already = jalon.runner.log.head_position() > 0
        if already:
            console.print(
                f"{jalon.location.describe()} already holds a history: not loading the demo again."
            )
            cast = cast_people(random.Random(seed))
        else:
            console.print(
                f"Loading the demo group into {jalon.location.describe()} (seed {seed})..."
            )
            cast = build_history(
                jalon, seed=seed, now=datetime.now(UTC) - timedelta(minutes=1), show_progress=True
            )
            set_demo_passwords(jalon, cast)
            jalon.runner.batch_size = 5000  # fewer, larger view transactions while loading
            with _progress() as progress:
                task = progress.add_task("views", total=jalon.runner.log.head_position())
                jalon.runner.catch_up(
                    lambda position, head: progress.update(task, completed=position, total=head)
                )
            elapsed = time.perf_counter() - started
            console.print(
                f"{jalon.runner.log.head_position():,} events recorded in {elapsed:.1f} s"
            )
        console.print(
            "Tokens for the demo (valid 30 days), to send as 'Authorization: Bearer <token>':"
        )
        for role, login, token in issue_demo_tokens(jalon, cast):
            print(f"  {role:<17} {login:<20} {token}")
        console.print(
            f"Web pages: http://127.0.0.1:8000/ (sign in with one of these logins and the "
            f"password {DEMO_PASSWORD!r}, or paste a token in the password field)"
        )
        console.print("API docs: http://127.0.0.1:8000/docs")
    finally:
        jalon.close()
