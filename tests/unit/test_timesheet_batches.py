"""Many weeks at once (`TimeSheetBatches`): the same rules as one sheet, every refusal
listed, nothing recorded unless every week passes; validated history, and weeks submitted
(idempotent) for the spreadsheet import."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid4

import pytest

from domain.calendar import IsoWeek
from domain.clock import recording_at
from domain.errors import DomainError, DuplicateCode, Forbidden
from domain.principal import SYSTEM
from domain.services.timesheet_batches import Outcome, WeekInput, WeeksRefused
from domain.timesheet import LineInput, TimeSheet
from lifecycle.timesheet import SheetState
from tests.support import Activity, Group, project_registration
from tests.unit.conftest import Services

REASON = "reprise de l'historique"


def head(services: Services) -> int:
    return services.store.recorder.max_notification_id() or 0


def staff(group: Group) -> UUID:
    assert group.staff.person_id is not None
    return group.staff.person_id


def good(group: Group, activity: Activity, week: str = "2025-W40") -> WeekInput:
    return WeekInput(
        staff(group),
        week,
        [LineInput(activity.run, "30", "support"), LineInput(activity.build, "7.5")],
    )


def kinds(services: Services, sheet_id: UUID) -> list[str]:
    return [type(e).__name__ for e in services.store.events.get(sheet_id)]


def test_validated_history_is_recorded_in_one_go(
    services: Services, group: Group, activity: Activity
) -> None:
    weeks = [good(group, activity, w) for w in ("2025-W38", "2025-W39", "2025-W40")]
    weeks.append(WeekInput(staff(group), "2025-W41", [LineInput(activity.run, "50")]))
    before = head(services)
    results = services.timesheet_batches.import_validated(group.pmo, weeks, reason=REASON)
    assert head(services) == before + 4
    assert [r.warnings for r in results][-1] == ("50 h recorded, above the weekly ceiling of 48 h",)
    sheet = services.timesheets.load(staff(group), IsoWeek.parse("2025-W39"))
    assert sheet.state is SheetState.VALIDATED and sheet.total_minutes == 37.5 * 60
    [imported] = services.store.events.get(sheet.id)
    assert isinstance(imported, TimeSheet.Imported) and imported.reason == REASON


def test_every_refused_week_is_listed_and_nothing_is_recorded(
    services: Services, group: Group, activity: Activity
) -> None:
    with recording_at(datetime(2025, 10, 13, 8, tzinfo=UTC)):
        late = services.projects.register(group.pmo, project_registration(group, "LATE-01")).id
    before = head(services)
    weeks = [
        good(group, activity, "2025-W38"),
        WeekInput(staff(group), "2025-W39", [LineInput(activity.run, "-1")]),
        WeekInput(staff(group), "2025-W40", [LineInput(uuid4(), "7")]),
        WeekInput(staff(group), "2025-W41", [LineInput(activity.run, "7"), LineInput(late, "1")]),
        WeekInput(uuid4(), "2025-W41", [LineInput(activity.run, "7")]),
        good(group, activity, "2025-W38"),
        WeekInput(staff(group), "2025-W99", [LineInput(activity.run, "7")]),
    ]
    with pytest.raises(WeeksRefused) as refused:
        services.timesheet_batches.import_validated(group.pmo, weeks, reason=REASON)
    found = [(r.index, r.error.field) for r in refused.value.refusals]
    assert found == [
        (1, "lines[0].hours"),
        (2, "lines[0].project_id"),
        (3, "lines[1].project_id"),
        (4, "person_id"),
        (5, "week"),
        (6, "week"),
    ]
    assert "given twice (also #0)" in refused.value.refusals[4].error.message
    assert head(services) == before


@pytest.mark.parametrize(
    "lines",
    [
        [("run", "7.3", "")],
        [("run", "0", "")],
        [("run", "100", ""), ("build", "68.25", "")],
        [("run", "20", "Support"), ("run", "1", "support")],
        [("run", "1", "x" * 81)],
        [("nowhere", "1", "")],
    ],
)
def test_a_batch_refuses_a_week_exactly_as_a_single_sheet_would(
    services: Services, group: Group, activity: Activity, lines: list[tuple[str, str, str]]
) -> None:
    projects = {"run": activity.run, "build": activity.build, "nowhere": uuid4()}
    inputs = [LineInput(projects[p], hours, label) for p, hours, label in lines]
    with pytest.raises(DomainError) as single:
        services.timesheets.record(group.pmo, staff(group), "2025-W41", inputs)
    with pytest.raises(WeeksRefused) as batch:
        services.timesheet_batches.import_validated(
            group.pmo, [WeekInput(staff(group), "2025-W41", inputs)], reason=REASON
        )
    [refusal] = batch.value.refusals
    assert (refusal.error.message, refusal.error.field) == (
        single.value.message,
        single.value.field,
    )


def test_a_week_that_already_has_a_sheet_refuses_the_whole_import(
    services: Services, group: Group, activity: Activity
) -> None:
    services.timesheets.record(
        group.staff, staff(group), "2025-W40", [LineInput(activity.run, "7")]
    )
    before = head(services)
    weeks = [good(group, activity, "2025-W39"), good(group, activity, "2025-W40")]
    with pytest.raises(DuplicateCode, match=r"2025-W40 sheet .* already exists"):
        services.timesheet_batches.import_validated(group.pmo, weeks, reason=REASON)
    assert head(services) == before


def test_only_the_pmo_and_administrators_import_validated_history(
    services: Services, group: Group, activity: Activity
) -> None:
    with pytest.raises(Forbidden):
        services.timesheet_batches.import_validated(
            group.manager, [good(group, activity)], reason=REASON
        )


# -- weeks submitted (the spreadsheet import) ---------------------------------------------
def test_submitted_weeks_wait_for_their_validators_and_say_who_entered_them(
    services: Services, group: Group, activity: Activity
) -> None:
    [done] = services.timesheet_batches.submit(group.pmo, [good(group, activity)])
    assert done.outcome is Outcome.CREATED
    assert kinds(services, done.sheet_id) == ["Drafted", "Submitted"]
    drafted, submitted = services.store.events.get(done.sheet_id)
    assert drafted.on_behalf is True and submitted.actor == str(group.pmo.person_id)  # type: ignore[attr-defined]
    services.timesheets.validate(activity.lead, staff(group), "2025-W40")  # the team lead
    assert services.timesheets.load(staff(group), IsoWeek.parse("2025-W40")).state is (
        SheetState.VALIDATED
    )


def test_submitting_the_same_weeks_again_records_nothing(
    services: Services, group: Group, activity: Activity
) -> None:
    weeks = [good(group, activity, w) for w in ("2025-W39", "2025-W40")]
    services.timesheet_batches.submit(SYSTEM, weeks)
    services.timesheets.validate(activity.lead, staff(group), "2025-W39")
    before = head(services)
    reordered = [WeekInput(w.person_id, w.week, list(reversed(w.lines))) for w in weeks]
    again = services.timesheet_batches.submit(SYSTEM, reordered)
    assert [d.outcome for d in again] == [Outcome.UNCHANGED, Outcome.UNCHANGED]
    assert head(services) == before


def test_changed_lines_replace_a_draft_or_a_sheet_nobody_approved_and_are_submitted(
    services: Services, group: Group, activity: Activity
) -> None:
    person = staff(group)
    services.timesheets.record(group.staff, person, "2025-W39", [LineInput(activity.run, "7")])
    services.timesheets.record(group.staff, person, "2025-W40", [LineInput(activity.run, "7")])
    services.timesheets.submit(group.staff, person, "2025-W40")
    services.timesheets.record(group.staff, person, "2025-W41", [LineInput(activity.run, "8")])
    weeks = [good(group, activity, "2025-W39"), good(group, activity, "2025-W40")]
    weeks.append(WeekInput(person, "2025-W41", [LineInput(activity.run, "8")]))
    done = services.timesheet_batches.submit(group.pmo, weeks)
    assert [d.outcome for d in done] == [Outcome.CHANGED, Outcome.CHANGED, Outcome.SUBMITTED]
    assert kinds(services, done[1].sheet_id) == ["Drafted", "Submitted", "Amended", "Submitted"]
    assert kinds(services, done[2].sheet_id) == ["Drafted", "Submitted"]


def test_a_week_approved_or_rejected_is_not_overwritten_and_nothing_is_recorded(
    services: Services, group: Group, activity: Activity
) -> None:
    person = staff(group)
    services.timesheet_batches.submit(
        SYSTEM, [good(group, activity, "2025-W39"), good(group, activity, "2025-W40")]
    )
    services.timesheets.validate(group.manager, person, "2025-W39")  # the build project's lines
    services.timesheets.reject(activity.lead, person, "2025-W40", reason="wrong project")
    before = head(services)
    weeks = [
        WeekInput(person, "2025-W38", [LineInput(activity.run, "7")]),
        WeekInput(person, "2025-W39", [LineInput(activity.run, "7")]),
        good(group, activity, "2025-W40"),
    ]
    with pytest.raises(WeeksRefused) as refused:
        services.timesheet_batches.submit(SYSTEM, weeks)
    messages = [(r.index, r.error.message) for r in refused.value.refusals]
    assert messages == [
        (1, "the 2025-W39 sheet is already approved in part: it cannot be changed any more"),
        (
            2,
            "the 2025-W40 sheet was rejected with these lines: correct them before submitting it again",
        ),
    ]
    assert head(services) == before


def test_people_submit_only_their_own_weeks(
    services: Services, group: Group, activity: Activity
) -> None:
    own = services.timesheet_batches.submit(group.staff, [good(group, activity)])
    assert own[0].outcome is Outcome.CREATED
    other = group.member.person_id
    assert other is not None
    with pytest.raises(WeeksRefused) as refused:
        services.timesheet_batches.submit(
            group.staff, [WeekInput(other, "2025-W40", [LineInput(activity.run, "7")])]
        )
    assert isinstance(refused.value.refusals[0].error, Forbidden)
