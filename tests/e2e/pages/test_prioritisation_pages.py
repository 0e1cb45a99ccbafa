"""The read-only prioritisation pages: the ranked candidates under the rule set in force,
each team's capacity month by month, a scenario's evaluation (the hand-computed example of
tests/e2e/test_scenarios_api.py), in the menu of every role."""

from __future__ import annotations

import re
from datetime import date

import pytest

from domain.principal import SYSTEM
from domain.timesheet import LineInput
from governance_rules.loading import SHIPPED
from infrastructure.bootstrap import Jalon
from tests.e2e.test_prioritisation_api import A, B
from tests.support import Group, project_registration, seed_activity
from tests.web import SignIn, plain


@pytest.fixture
def setting(jalon: Jalon, group: Group) -> None:
    source = (SHIPPED / "anap-priority-v1.yaml").read_text(encoding="utf-8")
    jalon.rulesets.adopt(SYSTEM, source=source, reason="priorities")
    activity = seed_activity(group, people=jalon.people, projects=jalon.projects, teams=jalon.teams)
    ids = {c: jalon.projects.register(group.pmo, project_registration(group, c)).id
           for c in ("DPI-A", "DPI-B")}  # fmt: skip
    for code, scores in (("DPI-A", A), ("DPI-B", B)):
        jalon.scoring.score(group.pmo, ids[code], scores=scores, reason="opportunity sheet")
    assert activity.lead.person_id is not None and group.staff.person_id is not None
    jalon.teams.assign(SYSTEM, activity.lead.person_id, team="MCO-DPI", since=date(2024, 1, 1),
                       reason="test")  # fmt: skip
    person = group.staff.person_id
    lines = [LineInput(activity.run, "30"), LineInput(activity.build, "7.5")]
    jalon.timesheets.record(SYSTEM, person, "2025-W41", lines)
    jalon.timesheets.submit(SYSTEM, person, "2025-W41")
    jalon.timesheets.validate(SYSTEM, person, "2025-W41")
    plans = jalon.effort_plans
    plans.plan(SYSTEM, activity.run, months={"2025-11": "100"}, reason="run plan")
    plans.plan(SYSTEM, activity.build, months={"2025-10": "150", "2025-11": "200"}, reason="p")
    jalon.projects.record_budget(SYSTEM, activity.build, year=2025, envelope="120000",
                                 committed="0", spent="0", forecast="120000", reason="b")  # fmt: skip
    jalon.scenarios.draft(group.pmo, code="S-NOW", name="Plan 2025", envelopes={2025: "100000"},
                          reason="arbitrage")  # fmt: skip
    jalon.scenarios.choose(group.pmo, "S-NOW", project_id=activity.build, selected=True,
                           reason="candidate")  # fmt: skip
    jalon.wait_for(jalon.runner.log.head_position())


def rows_of(html: str) -> list[list[str]]:
    """Each body row of the first table in `html`, as its cells' plain text."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        [plain(re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]  # fmt: skip


def test_the_ranking_lists_the_candidates_by_score(
    setting: None, group: Group, signed_in: SignIn
) -> None:
    staff = signed_in(group.staff)
    assert 'href="/prioritisation"' in staff.client.get("/portfolio").text  # in every menu
    page = staff.client.get("/prioritisation").text
    assert "anap-priority v1" in page
    ranking = rows_of(page.split('id="ranking"', 1)[1])
    assert [(r[0], r[1], r[6]) for r in ranking] == [
        ("1", "DPI-A – Project DPI-A", "63"),
        ("2", "DPI-B – Project DPI-B", "55"),
        ("3", "DPI-01 – Project DPI-01", "0 (tous les critères ne sont pas notés)"),
    ]
    assert ranking[2][4:6] == ["120 000,00 €", "350"]  # envelope, planned hours
    assert rows_of(page.split("<h2>Scénarios</h2>", 1)[1]) == [
        ["S-NOW – Plan 2025", "brouillon", "1"]
    ]
    elsewhere = staff.client.get("/prioritisation", params={"establishment": "CH-TOUL"}).text
    assert rows_of(elsewhere.split('id="ranking"', 1)[1]) == [["Aucun."]]
    assert staff.client.get("/prioritisation", params={"phase": "nowhere"}).status_code == 422


def test_without_priority_criteria_the_page_says_so(
    jalon: Jalon, group: Group, signed_in: SignIn
) -> None:
    page = signed_in(group.pmo).client.get("/prioritisation")
    assert page.status_code == 200
    assert "Aucun jeu de règles en vigueur ne définit de critères de priorité" in page.text
    assert 'id="ranking"' not in page.text


def test_capacity_and_a_scenario_on_screen(setting: None, group: Group, signed_in: SignIn) -> None:
    auditor = signed_in(group.auditor)
    window = {"from": "2025-10", "to": "2025-12"}
    capacity = auditor.client.get("/capacity", params=window).text
    assert rows_of(capacity.split("<h2>MCO-DPI</h2>", 1)[1]) == [
        ["octobre 2025", "2", "260", "30", "230", "0", "230"],
        ["novembre 2025", "2", "260", "100", "160", "0", "160"],
        ["décembre 2025", "2", "260", "30", "230", "0", "230"],
    ]
    refused = auditor.client.get("/capacity", params={"from": "2025-10", "to": "2025-09"})
    assert refused.status_code == 422 and "to must not be before from" in refused.text
    scenario = auditor.client.get("/scenarios/S-NOW", params=window).text
    assert rows_of(scenario.split("<h2>Projets retenus</h2>", 1)[1]) == [
        ["DPI-01 – Project DPI-01", "Opportunité", "MCO-DPI", "350", "120 000,00 €"]
    ]
    spending = rows_of(scenario.split("<h2>Dépenses", 1)[1])
    assert [(r[0], r[1], r[2]) for r in spending] == [
        ("octobre 2025", "51 428,57 €", "51 428,57 €"),
        ("novembre 2025", "68 571,43 €", "120 000,00 € (au-delà de l’enveloppe)"),
        ("décembre 2025", "0,00 €", "120 000,00 € (au-delà de l’enveloppe)"),
    ]
    assert "MCO-DPI, novembre 2025 : 40 h manquantes" in plain(scenario)
    assert auditor.client.get("/scenarios/NOPE").status_code == 404
