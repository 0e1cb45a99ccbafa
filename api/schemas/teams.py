from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel

from api.schemas.common import Input, PersonRef, Reason
from api.schemas.projects import Code, Name


class TeamCreate(Input):
    code: Code
    name: Name
    establishment: Code
    lead_id: UUID


class LeadChange(Input):
    lead_id: UUID
    reason: Reason


class RunProjectIn(Input):
    project_id: UUID


class MemberIn(Input):
    person_id: UUID
    since: date
    reason: Reason


class MemberLeave(Input):
    until: date
    reason: Reason


class ProjectLink(BaseModel):
    id: UUID
    code: str
    name: str


class TeamOut(BaseModel):
    id: UUID
    code: str
    name: str
    establishment: str
    lead: PersonRef
    members: int
    run_projects: list[ProjectLink]


class MembershipOut(BaseModel):
    person: PersonRef
    since: date
    until: date | None


class TeamDetail(TeamOut):
    memberships: list[MembershipOut]
