"""Inputs of the escalation and what-if routes."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from pydantic import Field, StringConstraints

from api.schemas.common import Day, ExpectedVersion, Input, Reason

Month = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}$")]


class EscalationOpen(Input):
    project_id: UUID
    reason: Reason
    assistant_id: UUID | None = None


class Step(Input):
    reason: Reason
    expected_version: ExpectedVersion = None


class AssistantIn(Step):
    assistant_id: UUID


class ActionIn(Input):
    description: Annotated[str, StringConstraints(min_length=1, max_length=500)]
    owner_id: UUID
    due: Day


class ActionPlanIn(Step):
    actions: Annotated[list[ActionIn], Field(min_length=1, max_length=50)]


class WhatIfIn(Input):
    source: Annotated[str, StringConstraints(min_length=1, max_length=200_000)] = Field(
        description="the alternative rule set (YAML text)"
    )
    from_: Month = Field(alias="from")
    to: Month
