"""The rules about teams and MCO services, and the project their breaches are about.

An escalation is about a project: a breach about a team goes to the team's run project (the
first one attached that it still keeps): `run_share_above_ceiling` for the team's run share,
`mco_commitment_missed` for the services the team keeps (one breach per run project and
month, naming the first missed service by code, and every missed one in `services`). A team
keeping no run project, or whose run project is closed or abandoned, raises nothing (the
reports still show it).

Both judge the month before the one closing: a month's validated time and availability are
due by the end of the next month (like a status report)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from uuid import UUID

from domain.calendar import Month
from governance_rules.escalation_rules import (
    Breach,
    Finding,
    McoCommitmentMissed,
    RunShareAboveCeiling,
    Thresholds,
)
from governance_rules.service_facts import ServiceFacts
from governance_rules.team_facts import TeamFacts
from governance_rules.time_facts import TimeFacts


def team_breaches(
    month: Month,
    at: datetime,
    *,
    teams: TeamFacts,
    time: TimeFacts,
    services: ServiceFacts,
    thresholds: Thresholds,
    rule_set_hash: str,
    open_projects: Collection[UUID],
) -> list[Breach]:
    """The breaches about `month` (judged at `at`) on run projects among `open_projects`."""
    findings: list[tuple[UUID, Finding]] = []
    ceiling = RunShareAboveCeiling(thresholds.run_share_ceiling)
    for team_month in time.team_months(str(month), teams):
        team = UUID(team_month.team)
        finding = ceiling.check(
            teams.codes.get(team, team_month.team), str(month),
            team_month.run_minutes, team_month.build_minutes,
        )  # fmt: skip
        if finding is not None:
            findings.append((team, finding))
    missed: dict[UUID, list[Finding]] = {}
    commitment = McoCommitmentMissed(thresholds.mco_commitment_breach)
    for team, service_month in services.month(month, at):
        finding = commitment.check(service_month)
        if finding is not None:
            missed.setdefault(team, []).append(finding)
    for team, team_findings in missed.items():
        first = team_findings[0]
        services_missed = ",".join(f.facts["service"] for f in team_findings)
        facts = {
            **first.facts,
            "team": teams.codes.get(team, str(team)),
            "services": services_missed,
        }
        findings.append((team, Finding(first.rule, facts, first.threshold)))
    breaches = []
    for team, finding in findings:
        project = teams.run_project_of(team)
        if project is not None and project in open_projects:
            breaches.append(
                Breach(finding.rule, project, rule_set_hash, finding.facts, finding.threshold)
            )
    return breaches
