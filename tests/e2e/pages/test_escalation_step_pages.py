"""An escalation walked through its steps on the pages (opened by hand, acknowledged, action
plan agreed, assistant assigned, monitored, closed; or cancelled), each through the service the
API uses; forbidden roles get the 403 page and refusals their message, with nothing recorded."""

from __future__ import annotations

import html
import re
from uuid import UUID

import pytest

from domain.escalation import Escalation
from infrastructure.bootstrap import Jalon
from lifecycle.escalation import EscalationState
from tests.support import Group, project_registration
from tests.web import SignIn, WebUser

_CASE = re.compile(r"^/escalations/([0-9a-f-]{36})\?notice=")


@pytest.fixture
def project(jalon: Jalon, group: Group) -> UUID:
    project_id = jalon.projects.register(group.pmo, project_registration(group)).id
    jalon.wait_for(jalon.runner.log.head_position())
    return project_id


def opened(jalon: Jalon, pmo: WebUser, project: UUID, reason: str = "late design") -> UUID:
    board = pmo.client.get("/escalations").text
    assert 'action="/escalations"' in board and "Ouvrir une escalade" in board
    answer = pmo.post("/escalations", {"project_id": str(project), "reason": reason})
    assert answer.status_code == 303, answer.text
    found = _CASE.match(answer.headers["location"])
    assert found, answer.headers["location"]
    return UUID(found.group(1))


def refusal_of(page: str) -> str:
    """The refusal's sentence on an error page."""
    found = re.search(r'<p class="detail" role="alert">(.*?)</p>', page, re.S)
    assert found, "the page shows no refusal"
    return html.unescape(found.group(1))


def state_and_version(jalon: Jalon, escalation: UUID) -> tuple[EscalationState, int]:
    case: Escalation = jalon.escalations.load(escalation)
    return case.state, case.version


def test_an_escalation_walks_every_step_through_the_pages(
    jalon: Jalon, group: Group, project: UUID, signed_in: SignIn
) -> None:
    pmo, manager = signed_in(group.pmo), signed_in(group.manager)
    case = opened(jalon, pmo, project)
    page = manager.client.get(f"/escalations/{case}").text
    assert "late design" in page and "Ouverte" in page
    assert f'action="/escalations/{case}/acknowledge"' in page
    assert f'action="/escalations/{case}/close"' not in page  # the PMO's step, not theirs
    path = f"/escalations/{case}"
    assert manager.post(f"{path}/acknowledge", {"reason": "seen", "expected_version": 1}).status_code == 303  # fmt: skip
    acknowledged = manager.client.get(f"{path}?notice=acknowledge").text
    assert "L’escalade est prise en compte." in acknowledged
    owner = str(group.staff.person_id)
    plan = manager.post(
        f"{path}/action-plan",
        {"reason": "agreed with the PMO", "description": ["Re-plan the design", "", ""],
         "owner_id": [owner, "", ""], "due": ["2030-01-31", "", ""]},
    )  # fmt: skip
    assert plan.status_code == 303, plan.text
    assert "Re-plan the design" in manager.client.get(path).text
    assert pmo.post(f"{path}/assistant", {"assistant_id": owner, "reason": "helps"}).status_code == 303  # fmt: skip
    assert manager.post(f"{path}/monitoring", {"reason": "under way"}).status_code == 303
    assert pmo.post(f"{path}/close", {"reason": "back on track"}).status_code == 303
    assert state_and_version(jalon, case)[0] is EscalationState.CLOSED
    steps = pmo.client.get(path).text
    for words in ("seen", "agreed with the PMO", "helps", "under way", "back on track"):
        assert words in steps
    assert "Étapes suivantes" not in steps  # a closed escalation has no step left


def test_the_pmo_cancels_and_the_board_links_each_case(
    jalon: Jalon, group: Group, project: UUID, signed_in: SignIn
) -> None:
    pmo = signed_in(group.pmo)
    case = opened(jalon, pmo, project, reason="wrong project")
    assert f'href="/escalations/{case}"' in pmo.client.get("/escalations").text
    assert pmo.post(f"/escalations/{case}/cancel", {"reason": "duplicate"}).status_code == 303
    assert state_and_version(jalon, case)[0] is EscalationState.CANCELLED
    assert "wrong project" not in pmo.client.get("/escalations").text  # no longer open


@pytest.mark.parametrize(
    ("who", "step", "data"),
    [
        ("manager", "close", {"reason": "done"}),  # escalation.manage: the PMO's
        ("manager", "cancel", {"reason": "no"}),
        ("other_manager", "acknowledge", {"reason": "seen"}),  # not a project they manage
        ("auditor", "acknowledge", {"reason": "seen"}),
        ("staff", "acknowledge", {"reason": "seen"}),
        ("member", "assistant", {"reason": "help"}),
    ],
)
def test_a_forbidden_role_gets_the_403_page_and_nothing_is_recorded(
    jalon: Jalon, group: Group, project: UUID, signed_in: SignIn, who: str, step: str,
    data: dict[str, object],
) -> None:  # fmt: skip
    case = opened(jalon, signed_in(group.pmo), project)
    before = state_and_version(jalon, case)
    user = signed_in(getattr(group, who))
    if step == "assistant":
        data = {**data, "assistant_id": str(group.staff.person_id)}
    answer = user.post(f"/escalations/{case}/{step}", data)
    assert answer.status_code == 403
    assert "Accès refusé" in answer.text
    assert state_and_version(jalon, case) == before
    page = user.client.get(f"/escalations/{case}").text
    assert f'action="/escalations/{case}/{step}"' not in page


def test_a_forbidden_role_may_not_open_an_escalation(
    jalon: Jalon, group: Group, project: UUID, signed_in: SignIn
) -> None:
    manager = signed_in(group.manager)
    assert 'action="/escalations"' not in manager.client.get("/escalations").text
    answer = manager.post("/escalations", {"project_id": str(project), "reason": "help"})
    assert answer.status_code == 403 and "Accès refusé" in answer.text
    with jalon.database.reading() as cursor:
        assert cursor.scalar("SELECT COUNT(*) FROM escalations") == 0


@pytest.mark.parametrize(
    ("step", "data", "status", "words"),
    [
        ("monitoring", {"reason": "too soon"}, 409,
         "« démarrer le suivi » n’est possible que depuis : Plan d'action validé"),
        ("acknowledge", {"reason": "  "}, 422, "Le champ reason ne peut pas être vide"),
        ("acknowledge", {"reason": "seen", "expected_version": 7}, 409, "L’objet en est à la version 1, pas 7 : rechargez la page"),
        ("action-plan", {"reason": "plan", "description": ["A"], "owner_id": [""],
                         "due": ["2030-01-01"]}, 422, "Champ actions[0].owner_id : choisissez le responsable de l’action"),
        ("action-plan", {"reason": "plan", "description": ["A"], "owner_id": ["{owner}"],
                         "due": ["soon"]}, 422, "Le champ actions[0].due doit être une date (AAAA-MM-JJ), reçu « soon »"),
        ("action-plan", {"reason": "plan", "description": [""], "owner_id": [""],
                         "due": [""]}, 409, "« arrêter le plan d’actions » est impossible, il manque : un plan d’actions d’au"),
    ],
)  # fmt: skip
def test_a_refused_step_shows_the_refusal_and_records_nothing(
    jalon: Jalon, group: Group, project: UUID, signed_in: SignIn, step: str,
    data: dict[str, object], status: int, words: str,
) -> None:  # fmt: skip
    pmo, manager = signed_in(group.pmo), signed_in(group.manager)
    case = opened(jalon, pmo, project)
    if step == "action-plan":
        assert manager.post(f"/escalations/{case}/acknowledge", {"reason": "seen"}).status_code == 303  # fmt: skip
    before = state_and_version(jalon, case)
    owner = str(group.staff.person_id)
    filled = {k: [owner if v == "{owner}" else v for v in val] if isinstance(val, list) else val
              for k, val in data.items()}  # fmt: skip
    shown = f"http://testserver/escalations/{case}"
    answer = manager.post(f"/escalations/{case}/{step}", filled, headers={"Referer": shown})
    assert answer.status_code == status, answer.text
    assert f'<a href="/escalations/{case}">Retour au formulaire</a>' in answer.text
    assert "rien n’a été enregistré" in answer.text or "rien n'a été enregistré" in answer.text
    assert words in refusal_of(answer.text)
    assert state_and_version(jalon, case) == before


def test_a_form_without_its_token_is_refused(
    jalon: Jalon, group: Group, project: UUID, signed_in: SignIn
) -> None:
    pmo = signed_in(group.pmo)
    case = opened(jalon, pmo, project)
    answer = pmo.client.post(
        f"/escalations/{case}/cancel", data={"reason": "no"},
        headers={"Referer": "https://elsewhere.example/escalations"},
    )  # fmt: skip
    assert answer.status_code == 403
    assert "Le formulaire a expiré" in answer.text
    assert "Retour au formulaire" not in answer.text  # no link to another site
    assert state_and_version(jalon, case)[0] is EscalationState.OPENED


def test_an_english_page_shows_the_domains_own_sentence(
    jalon: Jalon, group: Group, project: UUID, signed_in: SignIn
) -> None:
    pmo = signed_in(group.pmo)
    case = opened(jalon, pmo, project)
    pmo.client.cookies.set("jalon_lang", "en")
    answer = pmo.post(f"/escalations/{case}/monitoring", {"reason": "too soon"})
    assert answer.status_code == 409
    assert refusal_of(answer.text) == (
        f"escalation {str(case)[:8]} is opened: start monitoring is possible only from "
        "action_plan_agreed (possible now: acknowledge, cancel, assign assistant)"
    )
