from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, StringConstraints

from api.schemas.common import Input, Reason

Code = Annotated[str, StringConstraints(min_length=1, max_length=32)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class ReferenceCreate(Input):
    code: Code
    name: Name


class ReferenceRename(Input):
    name: Name
    reason: Reason


class ReferenceOut(BaseModel):
    code: str
    name: str
    active: bool
