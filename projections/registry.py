"""Every read model the runner keeps. Add new views here.

Order matters where a view reads another in the runner's transaction: `timeshare` reads
`timesheets`, `portfolio`, `teams` and `people`, so it comes after them."""

from __future__ import annotations

from projections.base import Projection
from projections.commitments import CommitmentsProjection
from projections.people import PeopleProjection
from projections.portfolio import PortfolioProjection
from projections.reference import ReferenceProjection
from projections.teams import TeamsProjection
from projections.timeshare import TimeShareProjection
from projections.timesheets import TimesheetsProjection


def all_projections() -> list[Projection]:
    return [
        ReferenceProjection(),
        PeopleProjection(),
        PortfolioProjection(),
        TeamsProjection(),
        TimesheetsProjection(),
        TimeShareProjection(),
        CommitmentsProjection(),
    ]
