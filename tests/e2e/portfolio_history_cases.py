"""Issue 4 (portfolio as of a date, diff): the routes' entries for the matrix walk."""

from __future__ import annotations

from tests.e2e.route_objects import NOTHING, Case

PORTFOLIO_HISTORY_CASES: dict[str, Case] = {
    "GET /api/v1/portfolio/diff": Case(NOTHING),
}
