"""Personal data (issue 11): after a person is erased, no API answer, page, export, view or
rebuilt view shows their name or e-mail; the figures stay; they can no longer sign in.
Subject access: everything held about a person, as JSON. Each test on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
import zipfile
from uuid import UUID

import pytest
from typer.testing import CliRunner

from api.cli.main import app as cli_app
from domain.errors import Conflict
from domain.principal import SYSTEM
from infrastructure.bootstrap import Jalon
from infrastructure.database import Cursor
from tests.e2e.conftest import Api
from tests.support import Activity, Group, project_registration
from tests.web import WebUser

NAME, EMAIL = "Person staff", "staff@example.org"  # tests.support's staff member
PASSWORD = "a passphrase long enough"
WEEK = {"2025-W41": "30", "2025-W42": "20"}
REJECTION, PLAN = "sick leave not entered", "train a second person"


def _activity_of_staff(
    jalon: Jalon, api: Api, group: Group, activity: Activity, *, password: bool = False
) -> UUID:
    """The staff member records two weeks (one validated, one rejected), owns a risk and
    (with `password`) signed in once: personal data in time sheets, views, credentials and
    the sign-in log."""
    staff = group.staff.person_id
    assert staff is not None
    for week, hours in WEEK.items():
        lines = {"lines": [{"project_id": str(activity.run), "hours": hours}]}
        assert api.put(f"/api/v1/timesheets/{staff}/{week}", "staff", lines).status_code == 200
        assert api.post(f"/api/v1/timesheets/{staff}/{week}/submit", "staff", {}).status_code == 200
    assert api.post(f"/api/v1/timesheets/{staff}/2025-W41/validate", "lead", {}).status_code == 200
    rejected = api.post(
        f"/api/v1/timesheets/{staff}/2025-W42/reject", "lead", {"reason": REJECTION}
    )
    assert rejected.status_code == 200
    jalon.projects.add_risk(
        SYSTEM, activity.build, title="Key person away", gravity=2, probability=2,
        owner_id=staff, treatment_plan=PLAN,
    )  # fmt: skip
    if password:
        jalon.people.set_password(SYSTEM, staff, password=PASSWORD)
        signed_in = api.client.post(
            "/api/v1/auth/login", json={"login": "staff", "password": PASSWORD}
        )
        assert signed_in.status_code == 200
    jalon.runner.catch_up()
    return staff


def _everything_shown(api: Api, group: Group, activity: Activity) -> str:
    """Every API answer and page the staff member appears in, and the portfolio export."""
    staff = group.staff.person_id
    paths = [
        "/api/v1/people?limit=500", f"/api/v1/people/{staff}", "/api/v1/portfolio",
        f"/api/v1/projects/{activity.build}", f"/api/v1/projects/{activity.run}",
        "/api/v1/teams", "/api/v1/teams/MCO-DPI", "/api/v1/timesheets?limit=500",
        f"/api/v1/timesheets/{staff}/2025-W41", f"/api/v1/timesheets/{staff}/2025-W42",
        "/api/v1/reports/time-share?from=2025-10&to=2025-10",
        f"/api/v1/projects/{activity.run}/time-chart",
        f"/api/v1/people/{staff}/personal-data", "/api/v1/audit/trail?limit=500",
        "/api/v1/events?limit=1000",
    ]  # fmt: skip
    texts = []
    for path in paths:
        answer = api.get(path, "admin")
        assert answer.status_code == 200, (path, answer.text)
        texts.append(answer.text)
    web = WebUser(api.client.app)  # type: ignore[arg-type]
    assert web.sign_in(api.tokens["admin"]) == 303
    for page in ("/portfolio", "/projects/DPI-01", "/projects/MCO-01", "/audit/trail"):
        texts.append(web.client.get(page).text)
    for download in ("/portfolio/export.xlsx?lang=en", "/projects/MCO-01/history.xlsx"):
        workbook = web.client.get(download)
        assert workbook.status_code == 200
        with zipfile.ZipFile(io.BytesIO(workbook.content)) as archive:
            texts += [archive.read(n).decode("utf-8", "replace") for n in archive.namelist()]
    return "\n".join(texts)


def _tables(cursor: Cursor, jalon: Jalon) -> list[str]:
    if jalon.database.dialect == "sqlite":
        sql = "SELECT name FROM sqlite_master WHERE type='table'"
    else:
        sql = "SELECT table_name FROM information_schema.tables WHERE table_schema=current_schema()"
    return [str(r[next(iter(r))]) for r in cursor.execute(sql).fetchall()]


def _database_text(jalon: Jalon) -> str:
    """Every row of every table (views, directory, credentials, sign-ins, events)."""
    with jalon.database.reading() as cursor:
        return "\n".join(
            repr(dict(row))
            for table in _tables(cursor, jalon)
            for row in cursor.execute(f"SELECT * FROM {table}").fetchall()
        )


def _trail_last_values(jalon: Jalon) -> str:
    """The audit trail's last value of every field of every object."""
    with jalon.database.reading() as cursor:
        rows = cursor.execute("SELECT field_values FROM audit_object_values").fetchall()
    return "\n".join(str(r["field_values"]) for r in rows)


def _report(api: Api) -> object:
    answer = api.get("/api/v1/reports/time-share?from=2025-01&to=2025-12", "pmo")
    assert answer.status_code == 200
    return answer.json()["rows"]


def test_an_erased_person_is_shown_nowhere_and_the_figures_stay(
    jalon: Jalon, api: Api, group: Group, activity: Activity
) -> None:
    staff = _activity_of_staff(jalon, api, group, activity, password=True)
    staff_token = api.tokens["staff"]
    before = _everything_shown(api, group, activity)
    assert NAME in before and EMAIL in before and NAME in _database_text(jalon)
    assert REJECTION in before and PLAN in before
    assert PLAN in _trail_last_values(jalon)  # the risk's treatment plan
    report = _report(api)
    number = api.get(f"/api/v1/people/{staff}", "admin").json()["number"]

    erased = api.post(f"/api/v1/people/{staff}/erase", "admin", {"reason": "GDPR request 42"})

    assert erased.status_code == 200, erased.text
    shown = _everything_shown(api, group, activity)
    assert NAME not in shown and EMAIL not in shown
    assert f"erased person #{number}" in shown and f"personne effacée n° {number}" in shown
    assert REJECTION not in shown and PLAN not in shown and "[erased]" in shown
    stored = _database_text(jalon)
    assert NAME not in stored and EMAIL not in stored
    # the trail's "before" of later rows no longer holds the free text either
    last_values = _trail_last_values(jalon)
    assert PLAN not in last_values and "[erased]" in last_values
    assert _report(api) == report
    person = api.get(f"/api/v1/people/{staff}", "admin").json()
    assert (person["name"], person["login"], person["email"], person["enabled"]) == (
        f"erased person #{number}", None, None, False,
    )  # fmt: skip
    refused = api.client.get("/api/v1/me", headers={"Authorization": f"Bearer {staff_token}"})
    assert refused.status_code == 401
    login = api.client.post("/api/v1/auth/login", json={"login": "staff", "password": PASSWORD})
    assert login.status_code == 401
    again = api.post(f"/api/v1/people/{staff}/erase", "admin", {"reason": "twice"})
    assert again.status_code == 409

    jalon.runner.rebuild()
    stored = _database_text(jalon)
    assert NAME not in stored and EMAIL not in stored
    with jalon.database.reading() as cursor:
        masked = cursor.execute(
            "SELECT rejection_reason FROM timesheets WHERE person_id=%s AND week='2025-W42'",
            (str(staff),),
        ).fetchone()
    assert masked is not None and masked["rejection_reason"] == "[erased]"
    assert _report(api) == report


def test_an_erased_person_gets_no_role_and_the_event_names_no_personal_data(
    jalon: Jalon, api: Api, group: Group
) -> None:
    project = jalon.projects.register(group.pmo, project_registration(group, "DPI-09")).id
    comment = "Mme Martin is on leave until May"
    report = {"month": "2025-01", "comment": comment,
              "weather": {"quality": "green", "cost": "red", "deadline": "green", "risk": "green"}}  # fmt: skip
    path = f"/api/v1/projects/{project}/status-reports"
    assert api.post(path, "manager", report).status_code in (200, 201)
    assert comment in api.get(f"/api/v1/projects/{project}", "pmo").text
    member = group.manager.person_id
    assert (
        api.post(f"/api/v1/people/{member}/erase", "admin", {"reason": "left"}).status_code == 200
    )
    feed = api.get("/api/v1/events?limit=1000", "auditor")
    assert feed.status_code == 200 and feed.json()["next_after"] == feed.json()["head"]
    assert comment not in feed.text and "[erased]" in feed.text
    grant = api.post(f"/api/v1/people/{member}/roles", "admin", {"role": "pmo", "reason": "r"})
    assert grant.status_code == 409
    enable = api.post(f"/api/v1/people/{member}/enable", "admin", {"reason": "back"})
    assert enable.status_code == 409
    mine = api.post(f"/api/v1/people/{group.admin.person_id}/erase", "admin", {"reason": "me"})
    assert mine.status_code == 422
    shown = api.get(f"/api/v1/projects/{project}", "pmo").json()
    assert comment not in json.dumps(shown) and shown["status_reports"][0]["comment"] == "[erased]"
    document = api.get(f"/api/v1/people/{member}/personal-data", "admin").json()
    [event] = [e for e in document["events"] if e["type"] == "Person.Erased"]
    assert set(event["data"]) <= {"actor", "reason", "timestamp", "originator_id",
                                  "originator_version"}  # fmt: skip
    assert document["directory"]["display_name"] is None
    assert document["directory"]["erased_at"] is not None


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("JALON_DATABASE_URL", database_url)
    return CliRunner()


def test_subject_access_and_erasure_from_the_command_line(
    cli: CliRunner, jalon: Jalon, api: Api, group: Group, activity: Activity
) -> None:
    staff = _activity_of_staff(jalon, api, group, activity)
    exported = cli.invoke(cli_app, ["people", "export", "staff"])
    assert exported.exit_code == 0, exported.output
    document = json.loads(exported.output)
    assert document["directory"]["email"] == EMAIL
    assert document["person"]["roles"] == ["staff"]
    assert [m["team"] for m in document["team_memberships"]] == ["MCO-DPI"]
    assert {s["week"]: s["total_minutes"] for s in document["time_sheets"]} == {
        "2025-W41": 1800, "2025-W42": 1200,
    }  # fmt: skip
    assert {e["type"] for e in document["events"]} >= {
        "Person.Registered", "TimeSheet.Drafted", "TimeSheet.Submitted", "TimeSheet.Validated",
        "TimeSheet.Rejected", "Project.RiskAdded", "TeamMembership.Joined",
    }  # fmt: skip
    number = document["person"]["number"]

    erased = cli.invoke(cli_app, ["people", "erase", f"#{number}", "--reason", "GDPR request"])
    assert erased.exit_code == 0, erased.output
    assert f"person #{number}" in erased.output
    after = cli.invoke(cli_app, ["people", "export", str(staff)])
    assert after.exit_code == 0 and NAME not in after.output and EMAIL not in after.output
    unknown = cli.invoke(cli_app, ["people", "erase", "staff", "--reason", "x"])
    assert unknown.exit_code == 2 and "no person with login 'staff'" in unknown.output


def _chart(api: Api, project: UUID) -> object:
    answer = api.get(f"/api/v1/projects/{project}/time-chart", "pmo")
    assert answer.status_code == 200
    return answer.json()


def test_retention_erases_validated_detail_and_keeps_the_totals(
    cli: CliRunner, jalon: Jalon, api: Api, group: Group, activity: Activity
) -> None:
    staff = _activity_of_staff(jalon, api, group, activity)
    report, chart = _report(api), _chart(api, activity.run)
    sheet = f"/api/v1/timesheets/{staff}/2025-W41"  # validated; 2025-W42 is only submitted

    applied = cli.invoke(cli_app, ["people", "retention", "apply", "--months", "1"])

    assert applied.exit_code == 0, applied.output
    assert api.get(sheet, "admin").status_code == 404
    assert api.get(f"/api/v1/timesheets/{staff}/2025-W42", "admin").status_code == 200
    assert (_report(api), _chart(api, activity.run)) == (report, chart)
    with jalon.database.reading() as cursor:
        facts = cursor.execute("SELECT person_id, sheet_id FROM time_facts").fetchall()
    assert str(staff) in {f["person_id"] for f in facts}  # the week still open keeps its detail
    assert sum(f["sheet_id"].startswith("retained:") for f in facts) == 1
    again = cli.invoke(cli_app, ["people", "retention", "apply", "--months", "1"])
    assert isinstance(again.exception, Conflict) and "already erased" in str(again.exception)

    jalon.runner.rebuild()
    assert api.get(sheet, "admin").status_code == 404
    assert (_report(api), _chart(api, activity.run)) == (report, chart)
