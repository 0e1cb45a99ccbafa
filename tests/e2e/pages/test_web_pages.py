"""The web pages through HTTP (the real app in-process): sign-in, CSRF, roles, languages,
the committee's decision, the import page and the downloads."""

from __future__ import annotations

import io
from uuid import UUID

import openpyxl
import pytest
from fastapi import FastAPI

from domain.principal import SYSTEM
from infrastructure.bootstrap import Jalon
from tests.spreadsheets import time_entries, valid_sheets, xlsx
from tests.support import Group, project_registration, seed_governance, submit_deliverables, today
from tests.web import SignIn, WebUser, bearer, csrf, plain


@pytest.fixture
def project(jalon: Jalon, group: Group) -> UUID:
    project_id = jalon.projects.register(group.pmo, project_registration(group)).id
    jalon.projects.record_budget(
        group.pmo, project_id, year=2025, envelope="1250000.50", committed="0",
        spent="625000.25", forecast="1300000", reason="budget",
    )  # fmt: skip
    jalon.wait_for(jalon.runner.log.head_position())
    return project_id


def test_pages_ask_to_sign_in_and_a_token_opens_a_session(
    jalon: Jalon, app: FastAPI, group: Group
) -> None:
    user = WebUser(app)
    first = user.client.get("/projects/DPI-01")
    assert first.status_code == 303
    assert first.headers["location"] == "/sign-in?next=%2Fprojects%2FDPI-01"
    assert user.sign_in(bearer(jalon, group.pmo), login="pmo", next_page="/committee") == 303
    cookie = next(c for c in user.client.cookies.jar if c.name == "jalon_session")
    assert cookie.has_nonstandard_attr("HttpOnly")
    assert not cookie.secure  # plain HTTP in the test; Secure over HTTPS
    assert user.client.get("/portfolio").status_code == 200


def test_a_login_and_password_open_a_session_with_the_api_sign_in_limits(
    jalon: Jalon, app: FastAPI, group: Group
) -> None:
    assert group.pmo.person_id is not None
    changed = jalon.people.set_password(
        SYSTEM, group.pmo.person_id, password="correct horse battery"
    )
    jalon.wait_for(changed.position)
    user = WebUser(app)
    assert user.sign_in("correct horse battery", login="pmo") == 303
    assert user.client.get("/portfolio").status_code == 200
    intruder = WebUser(app)
    statuses = [intruder.sign_in("wrong password!!", login="pmo") for _ in range(6)]
    assert statuses == [401] * 5 + [429]
    assert intruder.sign_in("correct horse battery", login="pmo") == 429


def test_a_wrong_token_or_login_is_refused_with_a_message(
    jalon: Jalon, app: FastAPI, group: Group
) -> None:
    user = WebUser(app)
    token = bearer(jalon, group.pmo)
    assert user.sign_in(token[:-3] + "xyz") == 401
    assert user.sign_in(token, login="manager") == 401
    page = user.client.get("/sign-in")
    refused = user.client.post("/sign-in", data={"secret": "nope", "csrf_token": csrf(page.text)})
    assert refused.status_code == 401
    assert 'role="alert"' in refused.text
    assert "Identifiant inconnu" in refused.text


def test_a_form_posted_without_its_token_is_refused(
    jalon: Jalon, app: FastAPI, group: Group, signed_in: SignIn
) -> None:
    stranger = WebUser(app)
    forged = stranger.client.post("/sign-in", data={"secret": bearer(jalon, group.pmo)})
    assert forged.status_code == 403
    pmo = signed_in(group.pmo)
    assert pmo.client.post("/sign-out", data={"csrf_token": "forged"}).status_code == 403
    assert pmo.client.get("/portfolio").status_code == 200  # still signed in
    assert pmo.post("/sign-out", {}).status_code == 303
    assert pmo.client.get("/portfolio").status_code == 303  # signed out


def test_a_revoked_token_ends_the_session_it_opened(
    jalon: Jalon, app: FastAPI, group: Group
) -> None:
    user = WebUser(app)
    token = bearer(jalon, group.manager)
    assert user.sign_in(token) == 303
    assert group.manager.person_id is not None
    token_id = UUID(hex=token.split("_")[1])
    jalon.people.revoke_token(SYSTEM, group.manager.person_id, token_id=token_id, reason="left")
    assert user.client.get("/portfolio").status_code == 303


def test_pages_are_french_by_default_and_english_on_request(
    group: Group, project: UUID, signed_in: SignIn
) -> None:
    pmo = signed_in(group.pmo)
    french = pmo.client.get("/portfolio")
    assert '<html lang="fr">' in french.text
    assert "1 250 000,50 €" in plain(french.text)
    assert "Portefeuille" in french.text
    assert pmo.post("/language", {"language": "en", "next": "/projects/DPI-01"}).status_code == 303
    english = pmo.client.get("/projects/DPI-01")
    assert '<html lang="en">' in english.text
    assert "€1,250,000.50" in plain(english.text)


def test_pages_carry_a_content_security_policy_without_inline_scripts(
    group: Group, signed_in: SignIn
) -> None:
    page = signed_in(group.auditor).client.get("/audit/decisions")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "<script>" not in page.text and " onclick=" not in page.text


@pytest.mark.parametrize(
    ("who", "path", "status"),
    [
        ("staff", "/import", 403),
        ("staff", "/audit/decisions", 403),
        ("auditor", "/audit/decisions", 200),
        ("auditor", "/import", 403),
        ("pmo", "/committee", 403),
        ("member", "/committee", 200),
        ("manager", "/import", 200),
    ],
)
def test_each_role_opens_the_pages_the_matrix_allows(
    group: Group, signed_in: SignIn, who: str, path: str, status: int
) -> None:
    user = signed_in(getattr(group, who))
    page = user.client.get(path)
    assert page.status_code == status
    if status == 403:
        assert "Accès refusé" in page.text
        assert "n’est pas permise aux rôles" in page.text  # the refusal, said in French
        user.client.cookies.set("jalon_lang", "en")
        assert "may not perform" in user.client.get(path).text  # the domain's own sentence


def test_the_dashboard_filters_and_answers_htmx_with_the_results_only(
    jalon: Jalon, group: Group, project: UUID, signed_in: SignIn
) -> None:
    jalon.projects.register(
        group.pmo, project_registration(group, "TOUL-01", establishment="CH-TOUL",
                                        manager_id=group.other_manager.person_id)
    )  # fmt: skip
    jalon.wait_for(jalon.runner.log.head_position())
    pmo = signed_in(group.pmo)
    page = pmo.client.get("/portfolio", params={"establishment": "CH-TOUL"})
    assert "TOUL-01" in page.text and "DPI-01</a>" not in page.text
    partial = pmo.client.get("/portfolio", params={"search": "dpi"}, headers={"HX-Request": "true"})
    assert "<html" not in partial.text and "DPI-01" in partial.text
    assert "1 projet" in partial.text
    assert pmo.client.get("/portfolio", params={"phase": "nowhere"}).status_code == 422


def test_a_committee_opens_votes_and_approves_a_gate_through_the_pages(
    jalon: Jalon, app: FastAPI, group: Group, project: UUID
) -> None:
    gov = seed_governance(jalon)
    submit_deliverables(jalon, group.manager, project)
    review = jalon.gate_reviews.request_gate(group.manager, project, gate="G1").id
    jalon.gate_reviews.schedule(SYSTEM, review, body_id=gov.decision_body, meeting_date=today())
    jalon.wait_for(jalon.runner.log.head_position())
    chair = WebUser(app)
    chair.sign_in(bearer(jalon, gov.chair))
    desk = chair.client.get("/committee")
    assert "Ouvrir la séance" in desk.text and "opportunity_sheet" in desk.text
    present = [str(m.person_id) for m in gov.everyone]
    assert chair.post(f"/committee/reviews/{review}/open", {"present": present}).status_code == 303
    for member in gov.everyone:
        user = WebUser(app)
        user.sign_in(bearer(jalon, member))
        voted = user.post(f"/committee/reviews/{review}/vote", {"vote": "approve"})
        assert voted.status_code == 303
    other = WebUser(app)
    other.sign_in(bearer(jalon, gov.members[0]))
    refused = other.post(
        f"/committee/reviews/{review}/decision", {"outcome": "approved", "reason": "ok"}
    )
    assert refused.status_code == 403  # only the chair records the decision
    decided = chair.post(
        f"/committee/reviews/{review}/decision",
        {"outcome": "approved_with_conditions", "reason": "Dossier complet",
         "conditions": "Chiffrer la reprise\n\nNommer un référent"},
    )  # fmt: skip
    assert decided.status_code == 303
    page = chair.client.get("/projects/DPI-01")
    assert "Phase : <strong>Cadrage</strong>" in page.text or "Cadrage</strong>" in page.text
    assert "Chiffrer la reprise" in page.text and "Nommer un référent" in page.text


def test_the_import_page_reports_every_problem_or_imports(group: Group, signed_in: SignIn) -> None:
    pmo = signed_in(group.pmo)
    bad = valid_sheets()
    bad["budgets"].append(["DPI-01", 2026, "beaucoup", 0, 0, 0])
    files = {"file": ("budget.xlsx", xlsx(bad), "application/octet-stream")}
    refused = pmo.post("/import", {}, files=files)
    assert refused.status_code == 422
    assert "Rien n’a été importé" in refused.text or "Rien n'a été importé" in refused.text
    assert "C (envelope)" in refused.text
    files = {"file": ("ok.xlsx", xlsx(valid_sheets()), "application/octet-stream")}
    assert pmo.post("/import", {}, files=files).status_code == 200
    again = pmo.post("/import", {}, files=files)
    assert "Rien de nouveau" in again.text
    pdf = {"file": ("report.pdf", b"%PDF-1.7", "application/pdf")}
    assert "not an Excel workbook" in pmo.post("/import", {}, files=pdf).text


def test_the_import_page_records_time_entries_and_shows_their_warnings(
    group: Group, signed_in: SignIn
) -> None:
    pmo = signed_in(group.pmo)
    projects = {"file": ("ok.xlsx", xlsx(valid_sheets()), "application/octet-stream")}
    assert pmo.post("/import", {}, files=projects).status_code == 200
    year, week, _ = today().isocalendar()
    hours = time_entries(["pmo", f"{year}-W{week:02d}", "DPI-01", 50, "pilotage"])
    files = {"file": ("heures.xlsx", xlsx(hours), "application/octet-stream")}
    imported = pmo.post("/import", {}, files=files)
    assert imported.status_code == 200, imported.text
    assert "Accepté, à regarder" in imported.text
    assert "50 h recorded, above the weekly ceiling of 48 h" in imported.text
    assert "Rien de nouveau" in pmo.post("/import", {}, files=files).text


def test_downloads_give_the_portfolio_and_a_projects_decisions(
    group: Group, project: UUID, signed_in: SignIn
) -> None:
    auditor = signed_in(group.auditor)
    portfolio = auditor.client.get("/portfolio/export.xlsx", params={"establishment": "CHRU"})
    assert portfolio.headers["content-type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(portfolio.content))
    assert book.sheetnames == ["portefeuille", "projects", "budgets", "milestones", "weather"]
    sheet = book["portefeuille"]
    assert sheet["A2"].value == "DPI-01" and sheet["A1"].value == "code"
    assert str(book["budgets"]["C2"].value) == "1250000.5"
    decisions = auditor.client.get("/projects/DPI-01/decisions.xlsx")
    assert openpyxl.load_workbook(io.BytesIO(decisions.content)).sheetnames == ["décisions"]
    template = signed_in(group.pmo).client.get("/import/template.xlsx")
    names = openpyxl.load_workbook(io.BytesIO(template.content)).sheetnames
    assert names == ["consignes", "projects", "budgets", "milestones", "weather", "time_entries"]


def test_the_project_page_shows_its_latest_history_to_those_who_read_the_audit_trail(
    group: Group, project: UUID, signed_in: SignIn
) -> None:
    auditor = signed_in(group.auditor).client.get("/projects/DPI-01").text
    history = auditor.split('id="history"', 1)[1].split("</section>", 1)[0]
    assert "Historique" in history and "Project.BudgetRecorded" in history
    assert "Project.Registered" in history and "sur 2 ;" in plain(history)
    assert 'href="/audit/trail?project=DPI-01"' in history
    download = signed_in(group.auditor).client.get("/projects/DPI-01/history.xlsx")
    rows = list(
        openpyxl.load_workbook(io.BytesIO(download.content)).active.iter_rows(values_only=True)
    )
    assert rows[0][:4] == ("position", "enregistré le", "qui", "type d’événement")
    assert [r[3] for r in rows[1:]] == ["Project.Registered", "Project.BudgetRecorded"]
    assert signed_in(group.staff).client.get("/projects/DPI-01/history.xlsx").status_code == 403
    staff = signed_in(group.staff).client.get("/projects/DPI-01").text
    hidden = staff.split('id="history"', 1)[1].split("</section>", 1)[0]
    assert "Project.BudgetRecorded" not in hidden and "montré aux auditeurs" in hidden
