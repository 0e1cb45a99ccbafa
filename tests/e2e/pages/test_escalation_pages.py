"""The escalation board and Monthly Commitment Review pages, in French and English, with the
review's workbook download (SQLite: the pages read the same views as the API)."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from fastapi import FastAPI

from api.app import create_app
from infrastructure.bootstrap import Jalon
from tests.integration.test_monthly_review import build
from tests.support import Group
from tests.web import WebUser, bearer, plain


@pytest.fixture
def app(jalon: Jalon, group: Group) -> FastAPI:
    build(jalon, group)
    return create_app(jalon, background_projections=False)


def test_board_and_review_pages(jalon: Jalon, group: Group, app: FastAPI) -> None:
    user = WebUser(app)
    assert user.sign_in(bearer(jalon, group.manager)) == 303
    menu = user.client.get("/portfolio").text
    assert 'href="/escalations"' in menu and 'href="/monthly-review"' in menu
    board = plain(user.client.get("/escalations").text)
    assert (
        "<h1>Escalades</h1>" in board and "Prise en compte (1)" in board and "late design" in board
    )
    review = plain(user.client.get("/monthly-review?month=2025-10").text)
    assert "Revue mensuelle des engagements" in review
    assert "DPI-01 cost: green → red" in review and "112 000,00 €" in review
    assert "glissé" in review and "manqué" in review
    workbook = user.client.get("/monthly-review.xlsx?month=2025-10")
    assert workbook.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(workbook.content))
    assert book.sheetnames[0] == "synthèse"
    user.client.cookies.set("jalon_lang", "en")
    english = user.client.get("/monthly-review?month=2025-10").text
    assert "Monthly Commitment Review" in english
    assert user.client.get("/monthly-review?month=2025-13").status_code in (400, 422)


def _open_escalations(page: str, code: str) -> str:
    row = page.split(f'href="/projects/{code}"', 1)[1].split("</tr>", 1)[0]
    return re.sub(r"<[^>]+>", "", row.rsplit("<td>", 1)[1]).strip()


def test_the_dashboard_counts_each_projects_open_escalations_then_and_now(
    jalon: Jalon, group: Group, app: FastAPI
) -> None:
    user = WebUser(app)
    assert user.sign_in(bearer(jalon, group.pmo)) == 303
    now = user.client.get("/portfolio").text
    assert "Escalades ouvertes" in now
    assert (_open_escalations(now, "DPI-01"), _open_escalations(now, "INF-02")) == ("1", "1")
    then = user.client.get("/portfolio", params={"as_of": "2025-10-15"}).text
    # On 15 October the budget case of DPI-01 was not cancelled yet.
    assert (_open_escalations(then, "DPI-01"), _open_escalations(then, "INF-02")) == ("2", "1")
    before = user.client.get("/portfolio", params={"as_of": "2025-09-01"}).text
    assert _open_escalations(before, "INF-02") == "0"
