from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, Field, StringConstraints

from api.schemas.common import Input, Reason
from domain.values import Role

Login = Annotated[str, StringConstraints(min_length=2, max_length=64)]
DisplayName = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Email = Annotated[str, StringConstraints(min_length=3, max_length=254)]
Code = Annotated[str, StringConstraints(min_length=1, max_length=32)]


class PersonCreate(Input):
    login: Login
    display_name: DisplayName
    email: Email
    establishment: Code
    roles: Annotated[list[Role], Field(max_length=6, default_factory=list)]
    reason: Reason


class PersonDetailsIn(Input):
    login: Login
    display_name: DisplayName
    email: Email


class RoleChange(Input):
    role: Role
    reason: Reason


class ReasonIn(Input):
    reason: Reason


class EstablishmentChange(Input):
    establishment: Code
    reason: Reason


# Passwords are taken as typed (never trimmed); their policy is the domain's.
Password = Annotated[str, StringConstraints(min_length=1, max_length=128)]


class LoginIn(Input):
    login: Login
    password: Password


class PasswordIn(Input):
    password: Annotated[Password, Field(description="12 to 128 characters")]
    current_password: Annotated[
        Password | None,
        Field(description="required when people change their own password"),
    ] = None


class TokenCreate(Input):
    valid_days: Annotated[int, Field(ge=1, le=366)] = 90


class TokenOut(BaseModel):
    token_id: UUID
    token: str = Field(description="shown once; only its hash is stored")
    expires_at: datetime


class RoleGrantOut(BaseModel):
    role: Role
    granted_at: str
    granted_by: str
    revoked_at: str | None
    revoked_by: str | None


class PersonOut(BaseModel):
    id: UUID
    number: int
    name: str
    login: str | None
    email: str | None
    establishment: str
    roles: list[Role]
    enabled: bool
    version: int


class PersonDetailOut(PersonOut):
    role_history: list[RoleGrantOut]


class MeOut(BaseModel):
    id: UUID
    roles: list[Role]
    establishment: str | None
    name: str
