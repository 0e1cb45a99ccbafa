"""The automatic project-assistance rules: small pure classes over facts, evaluated with an
explicit `today` (the group's date at the evaluation instant) and the thresholds of the rule
set in force. A breach names the rule, the facts that triggered it and the threshold; the
caller adds the rule set's hash.

Thresholds come from the rule set's `escalation` and `mco` sections; `DEFAULTS` are the
documented values used where a rule set gives none."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

from domain.calendar import Month
from governance_rules.ruleset import RuleSet
from governance_rules.run_share import DEFAULT_RUN_SHARE_THRESHOLD, RunShareCeiling

HUNDRED = Decimal(100)
RED = "red"


class RuleId(StrEnum):
    FORECAST_OVER_ENVELOPE = "forecast_over_envelope"
    MILESTONE_SLIP = "milestone_slip"
    CONSECUTIVE_RED = "consecutive_red_weathers"
    MISSING_REPORT = "missing_monthly_report"
    MCO_COMMITMENT_MISSED = "mco_commitment_missed"
    RUN_SHARE_ABOVE_CEILING = "run_share_above_ceiling"


@dataclass(frozen=True)
class Thresholds:
    forecast_over_envelope_percent: Decimal = Decimal(10)
    milestone_slip_days: int = 30
    consecutive_red_weathers: int = 2
    missing_monthly_report: bool = True
    mco_commitment_breach: bool = True
    run_share_ceiling: Decimal = DEFAULT_RUN_SHARE_THRESHOLD  # a fraction

    @classmethod
    def of(cls, rules: RuleSet | None) -> Thresholds:
        """The thresholds of a rule set; the defaults for what it does not say."""
        if rules is None:
            return DEFAULTS
        e = rules.escalation
        return cls(
            forecast_over_envelope_percent=e.forecast_over_envelope_percent,
            milestone_slip_days=e.milestone_slip_days,
            consecutive_red_weathers=e.consecutive_red_weathers,
            missing_monthly_report=e.missing_monthly_report,
            mco_commitment_breach=e.mco_commitment_breach,
            run_share_ceiling=rules.mco.run_share_ceiling_percent / HUNDRED,
        )


DEFAULTS = Thresholds()


@dataclass(frozen=True)
class MilestoneFacts:
    name: str
    baseline: date
    forecast: date
    achieved_on: date | None = None


@dataclass
class ProjectFacts:
    """What the project rules read about one project, as of an instant."""

    project_id: UUID
    code: str
    registered_on: date
    terminated: bool = False
    budget: dict[int, tuple[Decimal, Decimal]] = field(default_factory=dict)  # (envelope, forecast)
    milestones: dict[UUID, MilestoneFacts] = field(default_factory=dict)
    reports: dict[str, Mapping[str, str]] = field(default_factory=dict)  # month → weather


@dataclass(frozen=True)
class Finding:
    """A breach before it names its rule set: the rule, the facts and the threshold."""

    rule: RuleId
    facts: dict[str, str]
    threshold: str


@dataclass(frozen=True)
class Breach:
    rule: RuleId
    project_id: UUID
    rule_set_hash: str
    facts: dict[str, str]
    threshold: str


@dataclass(frozen=True)
class ForecastOverEnvelope:
    """The forecast at completion is above the approved envelope (all years) by more than
    `percent` %."""

    percent: Decimal

    def check(self, project: ProjectFacts, today: date) -> Finding | None:
        envelope = sum((e for e, _ in project.budget.values()), Decimal(0))
        forecast = sum((f for _, f in project.budget.values()), Decimal(0))
        if envelope <= 0 or forecast * HUNDRED <= envelope * (HUNDRED + self.percent):
            return None
        overrun = ((forecast - envelope) * HUNDRED / envelope).quantize(Decimal("0.01"))
        facts = {
            "envelope": str(envelope),
            "forecast": str(forecast),
            "overrun_percent": str(overrun),
        }
        return Finding(RuleId.FORECAST_OVER_ENVELOPE, facts, f"{self.percent} %")


@dataclass(frozen=True)
class MilestoneSlip:
    """A milestone not achieved yet is, or will be, more than `days` days past its baseline:
    its forecast, or today when the forecast has passed. The worst one is named."""

    days: int

    def check(self, project: ProjectFacts, today: date) -> Finding | None:
        worst: tuple[int, MilestoneFacts] | None = None
        for milestone in project.milestones.values():
            if milestone.achieved_on is not None:
                continue
            slip = (max(milestone.forecast, today) - milestone.baseline).days
            if slip > self.days and (worst is None or slip > worst[0]):
                worst = (slip, milestone)
        if worst is None:
            return None
        slip, m = worst
        facts = {
            "milestone": m.name, "baseline": m.baseline.isoformat(),
            "forecast": m.forecast.isoformat(), "slip_days": str(slip),
        }  # fmt: skip
        return Finding(RuleId.MILESTONE_SLIP, facts, f"{self.days} days")


@dataclass(frozen=True)
class ConsecutiveRedWeathers:
    """The last `count` monthly reports (consecutive months, up to the latest report) are red
    on the same dimension."""

    count: int

    def check(self, project: ProjectFacts, today: date) -> Finding | None:
        current = str(Month.of(today))
        months = sorted(m for m in project.reports if m <= current)
        if not months:
            return None
        latest = Month.parse(months[-1])
        for dimension in sorted({d for w in project.reports.values() for d in w}):
            run: list[str] = []
            month = latest
            while (weather := project.reports.get(str(month))) and weather.get(dimension) == RED:
                run.append(str(month))
                month = month.previous()
            if len(run) >= self.count:
                facts = {
                    "dimension": dimension, "red_months": ",".join(reversed(run)),
                    "consecutive": str(len(run)),
                }  # fmt: skip
                return Finding(RuleId.CONSECUTIVE_RED, facts, f"{self.count} months")
        return None


@dataclass(frozen=True)
class MissingMonthlyReport:
    """No status report for the month before last: a month's report is due by the end of the
    following month. Projects registered after that month started, and closed or abandoned
    ones, owe none."""

    enabled: bool = True

    @staticmethod
    def month_due(today: date) -> Month:
        return Month.of(today).plus(-2)

    def check(self, project: ProjectFacts, today: date) -> Finding | None:
        month = self.month_due(today)
        if not self.enabled or project.terminated or project.registered_on > month.first_day:
            return None
        if str(month) in project.reports:
            return None
        return Finding(
            RuleId.MISSING_REPORT, {"month": str(month)}, "report due by the end of the next month"
        )


@dataclass(frozen=True)
class ServiceMonth:
    """An MCO service's verdict for a month (from the commitments report)."""

    service: str
    month: str
    verdict: str  # met, missed, not_measured
    availability: Decimal | None = None
    target: Decimal | None = None
    p1_over_limit: int = 0  # priority-1 incidents resolved later than the limit


@dataclass(frozen=True)
class McoCommitmentMissed:
    enabled: bool = True

    def check(self, service: ServiceMonth) -> Finding | None:
        if not self.enabled or service.verdict != "missed":
            return None
        facts = {"service": service.service, "month": service.month}
        if service.availability is not None:
            facts["availability"] = str(service.availability)
        if service.target is not None:
            facts["target"] = str(service.target)
        if service.p1_over_limit:
            facts["p1_over_limit"] = str(service.p1_over_limit)
        return Finding(RuleId.MCO_COMMITMENT_MISSED, facts, "commitments met each month")


@dataclass(frozen=True)
class RunShareAboveCeiling:
    ceiling: Decimal

    def check(self, team: str, month: str, run_minutes: int, build_minutes: int) -> Finding | None:
        if not RunShareCeiling(self.ceiling).exceeded(run_minutes, build_minutes):
            return None
        share = (Decimal(run_minutes) / (run_minutes + build_minutes)).quantize(Decimal("0.001"))
        facts = {"team": team, "month": month, "run_share": str(share)}
        percent = (self.ceiling * HUNDRED).normalize()
        return Finding(RuleId.RUN_SHARE_ABOVE_CEILING, facts, f"{percent:f} %")


def project_rules(
    thresholds: Thresholds,
) -> list[ForecastOverEnvelope | MilestoneSlip | ConsecutiveRedWeathers | MissingMonthlyReport]:
    return [
        ForecastOverEnvelope(thresholds.forecast_over_envelope_percent),
        MilestoneSlip(thresholds.milestone_slip_days),
        ConsecutiveRedWeathers(thresholds.consecutive_red_weathers),
        MissingMonthlyReport(thresholds.missing_monthly_report),
    ]


def project_breaches(
    projects: Iterable[ProjectFacts], thresholds: Thresholds, rule_set_hash: str, today: date
) -> list[Breach]:
    """Every project rule breached by every project (closed or abandoned ones are skipped)."""
    rules = project_rules(thresholds)
    breaches = []
    for project in projects:
        if project.terminated:
            continue
        for rule in rules:
            finding = rule.check(project, today)
            if finding is not None:
                breaches.append(
                    Breach(
                        finding.rule,
                        project.project_id,
                        rule_set_hash,
                        finding.facts,
                        finding.threshold,
                    )
                )
    return breaches
