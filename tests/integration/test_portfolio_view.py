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


def test_changes_in_one_batch_give_the_rows_applied_one_event_at_a_time(
    jalon: Jalon, group: Group
) -> None:
    """The view applies a batch in memory (projections/portfolio_batch.py): many changes of
    one project recorded together give what applying their events one by one gives."""
    project = register(jalon, group).id
    projects, pmo = jalon.projects, group.pmo
    owner = group.manager.person_id
    assert owner is not None
    with jalon.store.batch():
        projects.report_status(pmo, project, month="2025-02", weather=GREEN, comment="a")
        projects.report_status(pmo, project, month="2025-03", weather=dict(GREEN, cost="red"),
                               comment="b")  # fmt: skip
        projects.report_status(pmo, project, month="2025-03", weather=dict(GREEN, deadline="red"),
                               comment="d")  # fmt: skip
        # an earlier month reported last: the row keeps the latest month's weather
        projects.report_status(pmo, project, month="2025-02", weather=dict(GREEN, risk="red"),
                               comment="c")  # fmt: skip
        for year, envelope in ((2025, "1000"), (2026, "500"), (2025, "1200")):
            projects.record_budget(pmo, project, year=year, envelope=envelope, committed="10",
                                   spent="5", forecast=envelope, reason="plan")  # fmt: skip
        pilot = projects.add_milestone(pmo, project, name="Pilot", baseline=date(2025, 3, 1)).id
        live = projects.add_milestone(pmo, project, name="Live", baseline=date(2025, 6, 1)).id
        projects.reforecast_milestone(pmo, project, pilot, forecast=date(2025, 7, 1), reason="late")
        projects.achieve_milestone(pmo, project, live, achieved_on=date(2025, 5, 30))
        risks = [
            projects.add_risk(pmo, project, title=f"R{k}", gravity=2, probability=k,
                              owner_id=owner, treatment_plan="watch").id
            for k in (1, 2)
        ]  # fmt: skip
        projects.reassess_risk(pmo, project, risks[0], gravity=4, probability=4, reason="worse")
        projects.close_risk(pmo, project, risks[0], reason="done")
    jalon.runner.catch_up()  # one batch: the events were recorded in one transaction
    tables = [t for p in jalon.runner.projections if p.name == "portfolio" for t in p.tables]
    with jalon.database.reading() as cursor:
        row = find_project(cursor, str(project))
        reports = cursor.execute(
            "SELECT comment, superseded FROM project_status_reports ORDER BY position"
        ).fetchall()
        together = {t: cursor.execute(f"SELECT * FROM {t}").fetchall() for t in tables}
    assert row is not None
    assert row["latest_report_month"] == "2025-03" and row["weather"]["deadline"] == "red"
    assert row["weather"]["cost"] == "green" and row["weather"]["risk"] == "green"
    assert [(r["comment"], r["superseded"]) for r in reports] == [
        ("a", 1),
        ("b", 1),
        ("d", 0),
        ("c", 0),
    ]
    assert row["budget"]["envelope"] == Decimal("1700.00")
    assert (
        row["next_milestone"]["name"] == "Pilot" and row["next_milestone"]["slippage_days"] == 122
    )
    assert row["open_risks"] == 1 and row["max_criticality"] == 4
    jalon.runner.rebuild_batch_size = 1  # one event per batch
    jalon.runner.rebuild(["portfolio"])
    with jalon.database.reading() as cursor:
        one_by_one = {t: cursor.execute(f"SELECT * FROM {t}").fetchall() for t in tables}
    for table in tables:
        assert sorted(map(repr, one_by_one[table])) == sorted(map(repr, together[table])), table
