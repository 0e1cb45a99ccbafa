"""The activity pages through HTTP: run/build share per team, MCO commitments of a month,
and the project page's time chart."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from decimal import Decimal

import openpyxl
import pytest
from fastapi import FastAPI

from domain.clock import recording_at
from domain.commitments import Commitments
from domain.timesheet import LineInput
from infrastructure.bootstrap import Jalon
from tests.support import Activity, Group, seed_activity
from tests.web import WebUser, bearer


@pytest.fixture
def activity(jalon: Jalon, group: Group) -> Activity:
    """March 2025: the MCO team's member books 30 h on run and 10 h on the build project
    (a run share of 75 %, above the 70 % threshold), validated by the team's lead; the MCO
    service misses its availability; the build project plans 20 h that month."""
    found = seed_activity(group, people=jalon.people, projects=jalon.projects, teams=jalon.teams)
    assert group.staff.person_id is not None
    with recording_at(datetime(2025, 3, 10, 9, tzinfo=UTC)):
        lines = [LineInput(found.run, "30", ""), LineInput(found.build, "10", "")]
        jalon.timesheets.record(group.staff, group.staff.person_id, "2025-W10", lines)
        jalon.timesheets.submit(group.staff, group.staff.person_id, "2025-W10")
        jalon.timesheets.validate(found.lead, group.staff.person_id, "2025-W10")
        jalon.mco_services.register(
            group.pmo, code="SVC-DPI", name="Dossier patient", team=found.team,
            commitments=Commitments(Decimal("99.5"), 240), effective_from="2025-01",
        )  # fmt: skip
        jalon.effort_plans.plan(group.pmo, found.build, months={"2025-03": "20"}, reason="plan")
    with recording_at(datetime(2025, 4, 2, 9, tzinfo=UTC)):
        jalon.mco_services.record_availability(
            group.pmo, "SVC-DPI", month="2025-03", planned_minutes=0, unplanned_minutes=600
        )
    jalon.wait_for(jalon.runner.log.head_position())
    return found


def test_the_run_build_share_page_flags_the_team_above_the_threshold(
    jalon: Jalon, group: Group, activity: Activity, app: FastAPI
) -> None:
    user = WebUser(app)
    assert user.sign_in(bearer(jalon, group.staff)) == 303
    page = user.client.get("/time-share", params={"to": "2025-06"})
    assert page.status_code == 200
    row = page.text.split("MCO-DPI – MCO Dossier patient", 1)[1].split("</tr>", 1)[0]
    assert "75" in row and "<strong>1</strong>" in row and "mars" in row.lower()
    assert 'class="flagged"' in page.text.split("MCO-DPI – MCO Dossier patient", 1)[0][-200:]
    assert "Part du run" in page.text
    chart = user.client.get("/time-share/chart.svg", params={"to": "2025-06"})
    assert chart.headers["content-type"].startswith("image/svg+xml")
    assert "MCO Dossier patient" in chart.text and "Seuil" in chart.text
    assert user.client.get("/time-share", params={"to": "2025-13"}).status_code == 422


def test_the_commitments_page_says_which_service_missed_its_commitment(
    jalon: Jalon, group: Group, activity: Activity, app: FastAPI
) -> None:
    user = WebUser(app)
    assert user.sign_in(bearer(jalon, group.auditor)) == 303
    page = user.client.get("/mco", params={"month": "2025-03"})
    assert page.status_code == 200
    row = page.text.split("SVC-DPI – Dossier patient", 1)[1].split("</tr>", 1)[0]
    assert "manqué" in row
    assert "Tenus : 0, non tenus : 1" in page.text
    before = user.client.get("/mco", params={"month": "2024-12"})
    assert "SVC-DPI" not in before.text


def test_the_project_page_charts_time_spent_against_the_plan(
    jalon: Jalon, group: Group, activity: Activity, app: FastAPI
) -> None:
    user = WebUser(app)
    assert user.sign_in(bearer(jalon, group.manager)) == 303
    page = user.client.get("/projects/DPI-01")
    section = page.text.split('id="time"', 1)[1].split("</section>", 1)[0]
    assert "Temps consommé et prévu" in section
    assert "Consommé : 10 h sur 20 h prévues" in section
    chart = user.client.get("/projects/DPI-01/charts/time.svg")
    assert chart.headers["content-type"].startswith("image/svg+xml")
    assert "Consommé (validé)" in chart.text


def test_the_time_share_downloads_as_a_workbook(
    jalon: Jalon, group: Group, activity: Activity, app: FastAPI
) -> None:
    user = WebUser(app)
    assert user.sign_in(bearer(jalon, group.member)) == 303
    download = user.client.get("/time-share.xlsx", params={"to": "2025-06"})
    assert download.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(download.content))["part run build"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("équipe", "nom de l’équipe", "mois", "heures de run",
                           "heures de build", "part du run (%)")  # fmt: skip
    march = [r for r in rows if r[0] == "MCO-DPI" and r[2] == "2025-03"]
    assert march == [("MCO-DPI", "MCO Dossier patient", "2025-03", 30, 10, 75, True, 0)]
    [group_march] = [r for r in rows if r[1] == "tout le groupe" and r[2] == "2025-03"]
    assert group_march[3:6] == (30, 10, 75)
