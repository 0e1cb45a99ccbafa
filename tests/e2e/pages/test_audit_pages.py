"""The auditor's audit pages: the trail with its filters, the chain's verification status,
a decision replay; in French by default; closed to roles the matrix does not allow."""

from __future__ import annotations

from infrastructure.bootstrap import Jalon
from lifecycle.gate_review import Outcome, Vote
from tests.integration import tamper
from tests.integration.helpers import register
from tests.support import Group, g1_meeting, seed_governance
from tests.web import SignIn, bearer


def test_the_trail_page_filters_and_verifies_the_chain(
    jalon: Jalon, group: Group, signed_in: SignIn
) -> None:
    register(jalon, group, code="WEB-AUD")
    jalon.runner.catch_up()
    auditor = signed_in(group.auditor)
    page = auditor.client.get("/audit/trail", params={"project": "WEB-AUD"})
    assert page.status_code == 200
    assert "Piste d'audit" in page.text and "1 événement" in page.text
    assert "Project.Registered" in page.text and 'href="/audit/trail"' in page.text
    checked = auditor.client.get("/audit/trail", params={"check": "true"})
    assert "Intacte" in checked.text
    tamper.modify_state(jalon, 4)
    checked = auditor.client.get("/audit/trail", params={"check": "true"})
    assert "Altérée à la position 4 (modified)" in checked.text
    assert signed_in(group.staff).client.get("/audit/trail").status_code == 403
    assert signed_in(group.manager).client.get("/audit/replay").status_code == 403


def test_the_replay_page_shows_the_decision_as_taken(
    jalon: Jalon, group: Group, signed_in: SignIn
) -> None:
    gov = seed_governance(jalon)
    project = register(jalon, group, code="WEB-RPL").id
    review = g1_meeting(jalon, group, gov, project)
    pmo = signed_in(group.pmo)
    api = {"Authorization": f"Bearer {bearer(jalon, group.pmo)}"}
    replay_api = f"/api/v1/gate-reviews/{review}/replay"
    undecided = pmo.client.get(replay_api, headers=api)
    assert (undecided.status_code, undecided.json()["detail"]) == (
        409,
        f"gate review {review} has no decision to replay yet",
    )
    for member in gov.everyone:
        jalon.gate_reviews.vote(member, review, vote=Vote.APPROVE)
    jalon.gate_reviews.decide(gov.chair, review, outcome=Outcome.APPROVED, reason="complet")
    jalon.runner.catch_up()
    replayed = pmo.client.get(replay_api, headers=api).json()
    assert (replayed["matches_record"], replayed["project"]["code"]) == (True, "WEB-RPL")
    trail = pmo.client.get("/audit/trail", params={"action": "GateReview.Decided"})
    assert f'href="/audit/replay?review={review}"' in trail.text
    page = pmo.client.get("/audit/replay", params={"review": str(review)})
    assert page.status_code == 200
    assert "Le rejeu concorde avec l'enregistrement" in page.text
    assert "WEB-RPL" in page.text and "(en vigueur à ce moment)" in page.text
    assert pmo.post("/language", {"language": "en", "next": "/audit/replay"}).status_code == 303
    english = pmo.client.get("/audit/replay", params={"review": str(review)})
    assert "The replay matches the record" in english.text
    unknown = pmo.client.get("/audit/replay", params={"review": "not-a-uuid"})
    assert unknown.status_code == 422
