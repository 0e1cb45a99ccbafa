"""Teams and memberships: one team at a time, each change dated and recorded in order."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import Conflict, DuplicateCode, Forbidden, InvalidCommand
from domain.team import TeamMembership, membership_id_for
from tests.support import Activity, Group
from tests.unit.conftest import Services


def membership(services: Services, group: Group) -> TeamMembership:
    assert group.staff.person_id is not None
    found = services.store.get(membership_id_for(group.staff.person_id))
    assert isinstance(found, TeamMembership)
    return found


def test_a_team_code_is_unique(services: Services, group: Group, activity: Activity) -> None:
    assert activity.lead.person_id is not None
    with pytest.raises(DuplicateCode):
        services.teams.form(
            group.pmo, code="mco-dpi", name="Doublon", establishment="GHT",
            lead_id=activity.lead.person_id,
        )  # fmt: skip


def test_only_the_pmo_and_administrators_manage_teams(
    services: Services, group: Group, activity: Activity
) -> None:
    assert activity.lead.person_id is not None
    for outsider in (group.manager, group.staff, activity.lead, group.auditor):
        with pytest.raises(Forbidden):
            services.teams.form(
                outsider, code="X", name="X", establishment="GHT", lead_id=activity.lead.person_id
            )


def test_a_team_keeps_run_projects_only(
    services: Services, group: Group, activity: Activity
) -> None:
    with pytest.raises(InvalidCommand, match="build project"):
        services.teams.attach_run_project(group.pmo, "MCO-DPI", project_id=activity.build)
    with pytest.raises(Conflict, match="already keeps"):
        services.teams.attach_run_project(group.pmo, "MCO-DPI", project_id=activity.run)


def test_joining_another_team_ends_the_previous_membership_that_day(
    services: Services, group: Group, activity: Activity
) -> None:
    assert activity.lead.person_id is not None and group.staff.person_id is not None
    other = services.teams.form(
        group.pmo, code="PROJETS", name="Pôle projets", establishment="CHRU",
        lead_id=activity.lead.person_id,
    ).id  # fmt: skip
    services.teams.assign(
        group.pmo, group.staff.person_id, team="projets", since=date(2025, 10, 6), reason="mobilité"
    )
    history = membership(services, group)
    assert history.team_on(date(2025, 10, 5)) != other
    assert history.team_on(date(2025, 10, 6)) == other
    assert [p.until for p in history.periods] == [date(2025, 10, 6), None]


def test_memberships_change_in_order(services: Services, group: Group, activity: Activity) -> None:
    assert group.staff.person_id is not None
    with pytest.raises(Conflict, match="already belongs"):
        services.teams.assign(
            group.pmo, group.staff.person_id, team="MCO-DPI", since=date(2025, 1, 1), reason="x"
        )
    with pytest.raises(InvalidCommand, match="must not be before 2024-01-01") as refused:
        services.teams.release(
            group.pmo, group.staff.person_id, team="MCO-DPI", until=date(2024, 1, 1), reason="x"
        )
    assert refused.value.field == "until"
    services.teams.release(
        group.pmo, group.staff.person_id, team="MCO-DPI", until=date(2025, 6, 30), reason="départ"
    )
    assert membership(services, group).team_on(date(2025, 7, 1)) is None
    with pytest.raises(Conflict, match="does not belong"):
        services.teams.release(
            group.pmo, group.staff.person_id, team="MCO-DPI", until=date(2025, 8, 1), reason="x"
        )
    with pytest.raises(InvalidCommand, match="must not be before 2025-06-30"):
        services.teams.assign(
            group.pmo, group.staff.person_id, team="MCO-DPI", since=date(2025, 6, 1), reason="x"
        )
    services.teams.assign(
        group.pmo, group.staff.person_id, team="MCO-DPI", since=date(2025, 6, 30), reason="retour"
    )
