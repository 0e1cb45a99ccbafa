"""The portfolio view, kept from the log, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from infrastructure.bootstrap import Jalon
from projections.queries.portfolio import (
    PortfolioFilter,
    find_project,
    list_portfolio,
    project_detail,
)
from tests.integration.helpers import GREEN, register
from tests.support import Group


def test_the_portfolio_row_sums_up_the_project(jalon: Jalon, group: Group) -> None:
    project = register(jalon, group).id
    projects = jalon.projects
    projects.record_budget(group.manager, project, year=2025, envelope="100000", committed="50000",
                           spent="25000.25", forecast="120000", reason="initial")  # fmt: skip
    projects.record_budget(group.manager, project, year=2026, envelope="50000", committed="0",
                           spent="0", forecast="50000", reason="initial")  # fmt: skip
    projects.record_budget(group.manager, project, year=2025, envelope="100000", committed="60000",
                           spent="30000", forecast="125000", reason="revised")  # fmt: skip
    first = projects.add_milestone(
        group.manager, project, name="Pilot", baseline=date(2025, 3, 1)
    ).id
    second = projects.add_milestone(
        group.manager, project, name="Go-live", baseline=date(2025, 6, 1)
    ).id
    projects.reforecast_milestone(
        group.manager, project, second, forecast=date(2025, 7, 11), reason="late"
    )
    projects.achieve_milestone(group.manager, project, first, achieved_on=date(2025, 3, 4))
    projects.report_status(group.manager, project, month="2025-02", weather=GREEN, comment="ok")
    projects.report_status(
        group.manager, project, month="2025-03", weather=dict(GREEN, cost="red"), comment="!"
    )
    projects.report_status(
        group.manager, project, month="2025-02", weather=dict(GREEN, risk="orange"), comment="fix"
    )
    risk = projects.add_risk(group.manager, project, title="Vendor", gravity=3, probability=4,
                             owner_id=group.member.person_id, treatment_plan="weekly calls").id  # fmt: skip
    projects.add_risk(group.manager, project, title="Staff", gravity=2, probability=2,
                      owner_id=group.manager.person_id, treatment_plan="")  # fmt: skip
    last = projects.close_risk(group.manager, project, risk, reason="vendor delivered")
    assert jalon.wait_for(last.position)

    with jalon.database.reading() as cursor:
        row = find_project(cursor, "dpi-01")
        detail = project_detail(cursor, str(project))
    assert row is not None and detail is not None
    assert row["budget"] == {
        "envelope": Decimal("150000.00"), "committed": Decimal("60000.00"),
        "spent": Decimal("30000.00"), "forecast": Decimal("175000.00"),
    }  # fmt: skip
    assert row["weather"] == dict(GREEN, cost="red")  # latest month wins, not latest report
    assert row["latest_report_month"] == "2025-03"
    assert row["next_milestone"]["name"] == "Go-live"
    assert row["next_milestone"]["slippage_days"] == 40
    assert (row["open_risks"], row["max_criticality"]) == (1, 4)
    assert row["manager"]["name"] == "Person manager"
    assert row["version"] == 14
    assert [m["slippage_days"] for m in detail["milestones"]] == [3, 40]
    reports = [(r["month"], r["comment"], r["superseded"]) for r in detail["status_reports"]]
    assert reports == [("2025-03", "!", False), ("2025-02", "fix", False), ("2025-02", "ok", True)]
    assert [b["year"] for b in detail["budget_lines"]] == [2025, 2026]


def test_filters_and_pagination(jalon: Jalon, group: Group) -> None:
    for index in range(5):
        register(jalon, group, code=f"P-{index}", establishment="CH-TOUL" if index % 2 else "CHRU")
    last = jalon.projects.report_status(group.pmo, register(jalon, group, code="RED").id,
                                        month="2025-01", weather=dict(GREEN, deadline="red"), comment="")  # fmt: skip
    jalon.wait_for(last.position)
    with jalon.database.reading() as cursor:
        toul, toul_total = list_portfolio(cursor, PortfolioFilter(establishment="CH-TOUL"))
        red, _ = list_portfolio(cursor, PortfolioFilter(weather="red"))
        page, total = list_portfolio(cursor, PortfolioFilter(), limit=2, offset=2)
        found, _ = list_portfolio(cursor, PortfolioFilter(search="p-3"))
        # the total comes with the page's rows, or is counted apart past the last page
        past_end, past_end_total = list_portfolio(cursor, PortfolioFilter(), limit=2, offset=10)
        none, none_total = list_portfolio(cursor, PortfolioFilter(kind="nothing-of-that-kind"))
    assert past_end == [] and past_end_total == 6 and none == [] and none_total == 0
    assert toul_total == 2 and {r["code"] for r in toul} == {"P-1", "P-3"}
    assert [r["code"] for r in red] == ["RED"]
    assert total == 6 and [r["code"] for r in page] == ["P-2", "P-3"]
    assert [r["code"] for r in found] == ["P-3"]
