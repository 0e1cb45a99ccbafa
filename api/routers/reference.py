"""Establishments and functional areas (reference data, edited by administrators)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response, status

from api.deps import Allow, JalonDep, committed
from api.routing import JalonRoute
from api.schemas.common import CommandOut
from api.schemas.people import ReasonIn
from api.schemas.reference import ReferenceCreate, ReferenceOut, ReferenceRename
from domain.authorization import Operation
from domain.principal import Principal
from domain.reference import Category
from projections.queries.people import list_reference

Reader = Annotated[Principal, Depends(Allow(Operation.REFERENCE_READ))]
Admin = Annotated[Principal, Depends(Allow(Operation.REFERENCE_MANAGE))]
CodeParam = Annotated[str, Path(max_length=32)]


def reference_router(category: Category, path: str) -> APIRouter:
    router = APIRouter(route_class=JalonRoute, prefix=f"/api/v1/{path}", tags=["reference data"])
    words = category.value.replace("_", " ")

    @router.get("", name=f"list_{category.value}s", summary=f"List {words}s")
    def list_entries(principal: Reader, jalon: JalonDep) -> list[ReferenceOut]:
        with jalon.database.reading() as cursor:
            return [ReferenceOut.model_validate(r) for r in list_reference(cursor, category.value)]

    @router.post(
        "",
        status_code=status.HTTP_201_CREATED,
        name=f"define_{category.value}",
        summary=f"Define an {words}",
    )
    def define(
        body: ReferenceCreate, principal: Admin, jalon: JalonDep, response: Response
    ) -> CommandOut:
        result = jalon.reference.define(
            principal, category=category, code=body.code, name=body.name
        )
        return committed(jalon, result, response)

    @router.patch("/{code}", name=f"rename_{category.value}", summary=f"Rename an {words}")
    def rename(
        code: CodeParam,
        body: ReferenceRename,
        principal: Admin,
        jalon: JalonDep,
        response: Response,
    ) -> CommandOut:
        result = jalon.reference.rename(
            principal, category=category, code=code, name=body.name, reason=body.reason
        )
        return committed(jalon, result, response)

    @router.post("/{code}/retire", name=f"retire_{category.value}", summary=f"Retire an {words}")
    def retire(
        code: CodeParam, body: ReasonIn, principal: Admin, jalon: JalonDep, response: Response
    ) -> CommandOut:
        result = jalon.reference.retire(principal, category=category, code=code, reason=body.reason)
        return committed(jalon, result, response)

    @router.post(
        "/{code}/reinstate", name=f"reinstate_{category.value}", summary=f"Reinstate an {words}"
    )
    def reinstate(
        code: CodeParam, body: ReasonIn, principal: Admin, jalon: JalonDep, response: Response
    ) -> CommandOut:
        result = jalon.reference.reinstate(
            principal, category=category, code=code, reason=body.reason
        )
        return committed(jalon, result, response)

    return router


establishments = reference_router(Category.ESTABLISHMENT, "establishments")
functional_areas = reference_router(Category.FUNCTIONAL_AREA, "functional-areas")
