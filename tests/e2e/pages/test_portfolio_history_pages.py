"""The dashboard as of a past day and the changes since a day (French and English)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from api.app import create_app
from domain.clock import recording_at
from infrastructure.bootstrap import Jalon
from tests.support import Group, project_registration
from tests.web import WebUser, bearer, plain

PARIS = ZoneInfo("Europe/Paris")
GREEN = {"quality": "green", "cost": "green", "deadline": "green", "risk": "green"}


def test_the_dashboard_as_of_a_day_and_the_changes_since(jalon: Jalon, group: Group) -> None:
    with recording_at(datetime(2025, 3, 10, 9, tzinfo=PARIS)):
        old = jalon.projects.register(group.pmo, project_registration(group, "OLD-01")).id
    with recording_at(datetime(2025, 5, 12, 9, tzinfo=PARIS)):
        jalon.projects.register(group.pmo, project_registration(group, "NEW-01"))
        jalon.projects.report_status(group.pmo, old, month="2025-05",
                                     weather=dict(GREEN, cost="red"), comment="")  # fmt: skip
    jalon.wait_for(jalon.runner.log.head_position())
    pmo = WebUser(create_app(jalon, background_projections=False))
    pmo.sign_in(bearer(jalon, group.pmo))

    then = pmo.client.get("/portfolio", params={"as_of": "2025-04-01"}).text
    assert "OLD-01" in then and "NEW-01" not in then and "1 projet" in then
    assert "Le portefeuille tel qu’il était le 1 avril 2025 à 0 h." in then
    assert 'name="as_of" type="date" value="2025-04-01"' in then

    changes = plain(pmo.client.get("/portfolio", params={"since": "2025-04-01"}).text)
    assert "Changements depuis le 1 avril 2025" in changes
    assert "NEW-01 ajouté (Opportunité)" in changes
    assert "OLD-01 : météo modifiée" in changes

    nothing = pmo.client.get("/portfolio", params={"since": "2025-06-01"}).text
    assert "Aucun changement." in nothing
    assert pmo.client.get("/portfolio", params={"as_of": "tomorrow"}).status_code == 422
    assert pmo.client.get("/portfolio", params={"since": "0001-01-01"}).status_code == 422
    backwards = pmo.client.get("/portfolio", params={"as_of": "2025-01-01", "since": "2025-02-01"})
    assert backwards.status_code == 422

    assert pmo.post("/language", {"language": "en", "next": "/portfolio"}).status_code == 303
    english = plain(
        pmo.client.get("/portfolio", params={"as_of": "2025-06-01", "since": "2025-04-01"}).text
    )
    assert "The portfolio as it stood on 1 Jun 2025 at 00:00." in english
    assert "NEW-01 added (Opportunity)" in english and "OLD-01: weather changed" in english
