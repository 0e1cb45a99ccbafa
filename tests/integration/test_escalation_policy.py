"""The automatic escalation policy on a small hand-built history (SQLite and PostgreSQL):
what it raises, idempotence, determinism (run twice, rebuild, restart mid-way), and the
what-if replay reproducing it with the recorded rule set."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from domain.calendar import Month
from domain.clock import recording_at
from domain.escalation import Escalation
from domain.services.what_if import what_if
from governance_rules.loading import SHIPPED, load_file
from governance_rules.replay import recorded_automatic, replay
from infrastructure.bootstrap import Jalon
from projections.history import governance_history
from projections.queries.escalations import list_escalations
from tests.integration.helpers import GREEN, register
from tests.support import Group, rule_source

RED_COST = {**GREEN, "cost": "red"}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def build_history(jalon: Jalon, group: Group) -> object:
    with recording_at(at("2025-01-02T09:00")):
        jalon.rulesets.adopt(group.admin, source=rule_source(2), reason="rules")
    with recording_at(at("2025-01-05T09:00")):
        project = register(jalon, group).id
    with recording_at(at("2025-01-10T09:00")):
        jalon.projects.record_budget(
            group.pmo, project, year=2025, envelope="100000", committed="0", spent="0",
            forecast="115000", reason="plan",
        )  # fmt: skip
    for month, stamped, weather in [
        ("2025-02", "2025-03-03T15:00", GREEN),
        ("2025-04", "2025-05-03T15:00", RED_COST),
        ("2025-05", "2025-06-03T15:00", RED_COST),
    ]:
        with recording_at(at(stamped)):
            jalon.projects.report_status(
                group.manager, project, month=month, weather=weather, comment="-"
            )
    return project


def raised(jalon: Jalon) -> set[tuple[str, str]]:
    jalon.runner.catch_up()
    with jalon.database.reading() as cursor:
        rows = list_escalations(cursor, origin="automatic")
    assert all(r["opened_by"] == "system" and r["rule_set_hash"] for r in rows)
    return {(r["rule"], r["checkpoint"]) for r in rows}


def run(jalon: Jalon, now: str, until: Month | None = None) -> list[object]:
    with recording_at(at(now)):
        return list(jalon.escalation_policy.run(at(now), until=until).raised)


def test_policy_raises_once_per_open_case_and_is_deterministic(jalon: Jalon, group: Group) -> None:
    build_history(jalon, group)
    assert len(run(jalon, "2025-06-15T12:00", until=Month.parse("2025-02"))) == 1  # stopped early
    assert len(run(jalon, "2025-06-15T12:00")) == 1  # restarted: the rest only
    assert raised(jalon) == {
        ("forecast_over_envelope", "2025-01"),  # 15 % over the envelope, from January's close
        ("missing_monthly_report", "2025-04"),  # March's report was never sent
    }
    assert run(jalon, "2025-06-15T12:00") == []  # twice: nothing new
    # the PMO closes the forecast case while the forecast is still over: raised again at June's
    # close, with the two consecutive red months on cost (April, May)
    forecast_case = next(
        UUID(str(r["id"]))
        for r in list_escalations_of(jalon)
        if r["rule"] == "forecast_over_envelope"
    )
    with recording_at(at("2025-06-20T10:00")):
        jalon.escalations.cancel(group.pmo, forecast_case, reason="handled in the COPIL")
    assert len(run(jalon, "2025-07-10T12:00")) == 2
    assert raised(jalon) >= {
        ("forecast_over_envelope", "2025-06"),
        ("consecutive_red_weathers", "2025-06"),
    }
    head = jalon.runner.log.head_position()
    jalon.runner.rebuild()
    assert run(jalon, "2025-07-10T12:00") == []
    assert jalon.runner.log.head_position() == head  # rebuilding and re-running recorded nothing
    assert len(raised(jalon)) == 4


def test_what_if_with_the_recorded_rules_reproduces_the_recorded_escalations(
    jalon: Jalon, group: Group
) -> None:
    build_history(jalon, group)
    run(jalon, "2025-07-10T12:00")
    history = governance_history(jalon.runner.log)
    zone = jalon.settings.zone
    again = replay(history, zone=zone, first=Month.parse("2024-12"), last=Month.parse("2025-06"))
    assert {c.key for c in again} == {r.key for r in recorded_automatic(history)}
    assert len(again) == 3  # forecast (January), missing report (April), reds (June)
    # through the service, over a part of the history, with the rule set recorded then
    report = what_if(
        group.auditor, history, source=rule_source(2), first="2025-03", last="2025-06", zone=zone
    )
    assert report["summary"] == {
        "would_raise": 2, "recorded": 2, "same": 2, "only_under_alternative": 0, "only_recorded": 0,
    }  # fmt: skip
    stricter = load_file(SHIPPED / "anap-default-v1.yaml")
    under_v1 = replay(
        history,
        zone=zone,
        first=Month.parse("2024-12"),
        last=Month.parse("2025-06"),
        alternative=stricter,
    )
    assert all(c.breach.rule_set_hash == stricter.content_hash for c in under_v1)


def list_escalations_of(jalon: Jalon) -> list[dict[str, object]]:
    jalon.runner.catch_up()
    with jalon.database.reading() as cursor:
        return list_escalations(cursor)


def test_an_automatic_escalation_names_rule_facts_and_threshold(jalon: Jalon, group: Group) -> None:
    project = build_history(jalon, group)
    run(jalon, "2025-02-10T12:00")
    [row] = list_escalations_of(jalon)
    assert row["facts"] == {
        "envelope": "100000.00",
        "forecast": "115000.00",
        "overrun_percent": "15.00",
    }
    assert row["threshold"] == "10 %" and row["origin"] == "automatic"
    escalation = jalon.store.load(
        Escalation,
        UUID(str(row["id"])),
        what="e",
    )
    assert escalation.project_id == project
