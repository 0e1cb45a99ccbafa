from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Generic, Self, TypeVar, get_args
from uuid import UUID

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

T = TypeVar("T")

Money = Annotated[
    str,
    StringConstraints(pattern=r"^\d{1,13}(\.\d{1,2})?$"),
    Field(description='euros as a decimal string, e.g. "125000.50" (never a float)'),
]
Reason = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
ExpectedVersion = Annotated[
    int | None,
    Field(
        None,
        ge=1,
        le=1_000_000_000,
        description="refuse (409) unless the object is at this version",
    ),
]
Day = Annotated[date, Field(ge=date(2000, 1, 1), le=date(2100, 12, 31))]

_ISO_INSTANT = re.compile(
    r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$"
)


def _iso_8601_only(value: object) -> object:
    """Instants are ISO 8601 text: pydantic would also take a number as a Unix time."""
    if isinstance(value, str) and not _ISO_INSTANT.match(value):
        raise ValueError("an instant is written YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM]")
    if isinstance(value, int | float):
        raise ValueError("an instant is ISO 8601 text, not a number")
    return value


Instant = Annotated[
    datetime,
    BeforeValidator(_iso_8601_only),
    Field(description="ISO 8601; UTC when no zone is given"),
]
Year = Annotated[int, Field(ge=2000, le=2100)]


class Input(BaseModel):
    """Every input refuses unknown fields (no mass assignment) and text that no database
    stores faithfully (NUL, lone surrogates). Text is checked as sent, so that the limits the
    OpenAPI document states are the limits applied; the domain trims it."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _no_booleans_for_numbers(cls, value: object, info: ValidationInfo) -> object:
        """pydantic would read `true` as 1 where a number is expected."""
        if isinstance(value, bool):  # rare: look the field up only then
            field = cls.model_fields.get(info.field_name or "")
            if field is not None and _numeric(field.annotation):
                raise ValueError("a number is expected, not true or false")
        return value

    @model_validator(mode="after")
    def _storable_text(self) -> Self:
        for name, value in self:
            for text in _texts(value):
                if "\x00" in text:
                    raise ValueError(f"{name}: NUL characters are not accepted")
                try:
                    text.encode()
                except UnicodeEncodeError:
                    raise ValueError(f"{name}: not valid Unicode text") from None
        return self


def _numeric(annotation: object) -> bool:
    return annotation in (int, float) or any(a in (int, float) for a in get_args(annotation))


def _texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple | set):
        return [t for item in value for t in _texts(item)]
    if isinstance(value, BaseModel):
        return [t for _, item in value for t in _texts(item)]
    return []


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
