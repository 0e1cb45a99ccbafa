"""Every read model the runner keeps. Add new views here."""

from __future__ import annotations

from projections.base import Projection
from projections.people import PeopleProjection
from projections.portfolio import PortfolioProjection
from projections.reference import ReferenceProjection


def all_projections() -> list[Projection]:
    return [ReferenceProjection(), PeopleProjection(), PortfolioProjection()]
