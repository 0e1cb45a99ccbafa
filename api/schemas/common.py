from __future__ import annotations

from typing import Annotated, Generic, TypeVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

T = TypeVar("T")

Money = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^\d{1,13}(\.\d{1,2})?$"),
    Field(description='euros as a decimal string, e.g. "125000.50" (never a float)'),
]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
ExpectedVersion = Annotated[
    int | None,
    Field(None, ge=1, description="refuse (409) unless the object is at this version"),
]


class Input(BaseModel):
    """Every input refuses unknown fields: no mass assignment."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class FieldError(BaseModel):
    field: str
    message: str


class ErrorOut(BaseModel):
    """Every refusal: a sentence, and the field at fault when there is one."""

    detail: str
    field: str | None = None
    current_version: int | None = Field(None, description="with 409 on a stale version")
    request_id: str | None = Field(None, description="with 500: quote it to the operators")
    errors: list[FieldError] | None = Field(None, description="with 422: every invalid field")


class CommandOut(BaseModel):
    id: UUID
    version: int = Field(description="the object's version after the command")
    position: int = Field(description="position of the command's last event in the log")


class PersonRef(BaseModel):
    id: UUID
    number: int | None
    name: str


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int
