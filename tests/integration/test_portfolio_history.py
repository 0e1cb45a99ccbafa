"""The portfolio as of a past instant and the diff between two instants: what the view said
then, read from the rows' history, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest

from domain.clock import recording_at
from domain.principal import SYSTEM
from infrastructure.bootstrap import Jalon
from lifecycle.gate_review import Outcome, Vote
from projections.portfolio import PROJECT_COLUMNS
from projections.queries.portfolio import PortfolioFilter, list_portfolio
from projections.queries.portfolio_diff import portfolio_diff
from tests.integration.helpers import GREEN, register, view_rows
from tests.support import Governance, Group, body_for, seed_governance, submit_deliverables

T0 = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
Step = Callable[[], object]


def _pass_g1(jalon: Jalon, gov: Governance, group: Group, project: UUID, day: date) -> None:
    """G1 requested, met on `day` (the day being recorded), approved."""
    submit_deliverables(jalon, group.manager, project)
    review = jalon.gate_reviews.request_gate(group.manager, project, gate="G1").id
    body = body_for(jalon, gov, review)
    jalon.gate_reviews.schedule(SYSTEM, review, body_id=body, meeting_date=day)
    members = sorted(jalon.bodies.load(body).members)
    jalon.gate_reviews.open_session(gov.chair, review, present=members)
    for member in gov.everyone:
        if member.person_id in members:
            jalon.gate_reviews.vote(member, review, vote=Vote.APPROVE)
    jalon.gate_reviews.decide(gov.chair, review, outcome=Outcome.APPROVED, reason="ok")


def _portfolio(jalon: Jalon, as_of: datetime | None = None, **where: Any) -> list[dict[str, Any]]:
    with jalon.database.reading() as cursor:
        rows, total = list_portfolio(cursor, PortfolioFilter(**where), limit=500, as_of=as_of)
    assert total == len(rows)
    return rows


@pytest.fixture
def history(jalon: Jalon, group: Group) -> list[tuple[datetime, list[dict[str, Any]]]]:
    """A small history, one step a week; after each step, what the portfolio view said."""
    gov = seed_governance(jalon)
    p = jalon.projects
    m = group.manager
    ids: dict[str, UUID] = {}
    milestone: dict[str, UUID] = {}

    def budget(code: str, envelope: str, forecast: str) -> None:
        p.record_budget(m, ids[code], year=2025, envelope=envelope, committed="0", spent="0",
                        forecast=forecast, reason="plan")  # fmt: skip

    def add(code: str) -> None:
        ids[code] = register(jalon, group, code=code).id

    steps: list[Step] = [
        lambda: add("A"),
        lambda: (add("B"), budget("A", "100000", "100000")),
        lambda: milestone.update(
            A=p.add_milestone(m, ids["A"], name="Pilot", baseline=date(2025, 6, 1)).id
        ),
        lambda: p.report_status(m, ids["A"], month="2025-01", weather=GREEN, comment=""),
        lambda: _pass_g1(jalon, gov, group, ids["A"], (T0 + timedelta(weeks=4)).date()),
        lambda: (
            add("C"),
            p.report_status(
                m, ids["A"], month="2025-02", weather=dict(GREEN, cost="red"), comment="over"
            ),
        ),
        lambda: p.reforecast_milestone(
            m, ids["A"], milestone["A"], forecast=date(2025, 7, 1), reason="late"
        ),
        lambda: (budget("A", "100000", "130000"), budget("B", "5000", "5000")),
        lambda: (
            submit_deliverables(jalon, m, ids["A"]),
            jalon.gate_reviews.request_gate(m, ids["A"], gate="G2"),
        ),
    ]
    seen = []
    for day, step in enumerate(steps):
        instant = T0 + timedelta(weeks=day)
        with recording_at(instant):
            step()
        jalon.runner.catch_up()
        seen.append((instant, _portfolio(jalon)))
    return seen


def test_as_of_answers_what_the_view_said_then(jalon: Jalon, history) -> None:
    assert _portfolio(jalon, T0 - timedelta(seconds=1)) == []
    for instant, said in history:
        assert _portfolio(jalon, instant) == said
        assert _portfolio(jalon, instant + timedelta(hours=12)) == said
    assert _portfolio(jalon, datetime(2100, 1, 1, tzinfo=UTC)) == _portfolio(jalon)
    phases = [{r["code"]: r["phase"] for r in said} for _, said in history]
    assert phases[3] == {"A": "opportunity", "B": "opportunity"}
    assert phases[4] == {"A": "framing", "B": "opportunity"}
    _as_of_takes_the_same_filters(jalon, history)
    _the_open_history_row_is_the_current_row(jalon)


def _as_of_takes_the_same_filters(jalon: Jalon, history) -> None:
    red_then = _portfolio(jalon, history[5][0], weather="red")
    assert [r["code"] for r in red_then] == ["A"]
    assert _portfolio(jalon, history[4][0], weather="red") == []


def _the_open_history_row_is_the_current_row(jalon: Jalon) -> None:
    current = view_rows(jalon, "portfolio_projects", "project_id")
    columns = ", ".join(PROJECT_COLUMNS)
    with jalon.database.reading() as cursor:
        open_rows = [
            dict(r)
            for r in cursor.execute(
                f"SELECT {columns} FROM portfolio_history "
                "WHERE valid_to_position IS NULL ORDER BY project_id"
            ).fetchall()
        ]
        # every closed copy ends where the next copy of its project starts
        gaps = cursor.scalar(
            "SELECT COUNT(*) FROM portfolio_history h WHERE h.valid_to_position IS NOT NULL "
            "AND NOT EXISTS (SELECT 1 FROM portfolio_history n WHERE n.project_id = h.project_id "
            "AND n.valid_from_position = h.valid_to_position AND n.valid_from = h.valid_to)"
        )
    assert open_rows == current
    assert gaps == 0


def test_the_diff_lists_what_changed_between_two_instants(jalon: Jalon, history) -> None:
    with jalon.database.reading() as cursor:
        changes = portfolio_diff(cursor, history[1][0], history[-1][0])
        nothing = portfolio_diff(cursor, history[2][0], history[2][0] + timedelta(hours=1))
    assert [p["code"] for p in changes["added"]] == ["C"]
    assert changes["closed"] == []
    assert [(c["project"]["code"], c["before"], c["after"]) for c in changes["phase_changes"]] == [
        ("A", "opportunity", "framing")
    ]
    assert [(c["project"]["code"], c["before"], c["after"]["cost"])
            for c in changes["weather_changes"]] == [("A", None, "red")]  # fmt: skip
    budgets = {c["project"]["code"]: c for c in changes["budget_changes"]}
    assert budgets.keys() == {"A", "B"}
    assert budgets["A"]["before"]["forecast"] == Decimal("100000.00")
    assert budgets["A"]["after"]["forecast"] == Decimal("130000.00")
    [milestone] = changes["milestone_changes"]
    assert milestone["before"] is None
    assert (milestone["after"]["forecast"], milestone["after"]["slippage_days"]) == (
        "2025-07-01",
        30,
    )
    assert all(v == [] for v in nothing.values())
