"""Every read model the runner keeps. Add new views here.

Order matters where a view reads another in the runner's transaction: `timeshare` reads
`timesheets`, `portfolio`, `teams` and `people`, so it comes after them."""

from __future__ import annotations

from projections.audit.chain import AuditChainProjection
from projections.audit.trail import AuditTrailProjection
from projections.base import Projection
from projections.bodies import BodyProjection
from projections.commitments import CommitmentsProjection
from projections.decisions import DecisionRegisterProjection
from projections.escalations import EscalationProjection
from projections.gate_reviews import GateReviewProjection
from projections.people import PeopleProjection
from projections.portfolio import PortfolioProjection
from projections.portfolio_gates import add_gate_columns
from projections.reference import ReferenceProjection
from projections.rulesets import RuleSetProjection
from projections.scenarios import ScenariosProjection
from projections.scores import ScoresProjection
from projections.teams import TeamsProjection
from projections.timeshare import TimeShareProjection
from projections.timesheets import TimesheetsProjection


def all_projections(events_table: str) -> list[Projection]:
    """`events_table`: the store's table (the hash chain reads stored records as they are)."""
    return [
        ReferenceProjection(),
        PeopleProjection(),
        add_gate_columns(PortfolioProjection()),
        RuleSetProjection(),
        BodyProjection(),
        GateReviewProjection(),
        DecisionRegisterProjection(),
        TeamsProjection(),
        TimesheetsProjection(),
        TimeShareProjection(),
        CommitmentsProjection(),
        AuditChainProjection(events_table),  # issue 4: tamper evidence
        AuditTrailProjection(),  # issue 4: audit trail
        EscalationProjection(),  # issue 6
        ScoresProjection(),  # issue 7
        ScenariosProjection(),  # issue 7
    ]
