"""Dependencies shared by the routers: the composition root, who is calling, and what they
may do. Every route declares its operation with `Allow(...)` (or `Public`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Response
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from api.errors import database_unavailable
from api.middleware.context import ACTOR_KEY, CHECKED_KEY
from api.middleware.idempotency import NOT_REPLAYABLE
from api.schemas.common import CommandOut
from domain.authorization import Operation, authorize
from domain.principal import Principal
from domain.services.results import CommandResult
from infrastructure.authentication import Authenticated
from infrastructure.bootstrap import Jalon

_bearer = HTTPBearer(auto_error=False, description="an API token from `jalon tokens create`")


# Dependencies that do no I/O are `async`: FastAPI would run a plain function in its thread
# pool, one hand-over per dependency per request.
async def get_jalon(request: Request) -> Jalon:
    jalon: Jalon = request.app.state.jalon
    return jalon


JalonDep = Annotated[Jalon, Depends(get_jalon)]
BearerDep = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


class Allow:
    """Authenticate the caller and check the matrix allows them `operation` on some object;
    services check the object itself.

    The token's earlier answer is used while it holds under the current read stamp
    (infrastructure/authentication.py: from the event loop); else the token is checked in
    the thread pool; or the kept answers (api/middleware/kept_answers.py) checked it already
    in this request. Either way the result, with the stamp it was checked under (read after
    the request arrived), is left in the scope."""

    def __init__(self, operation: Operation) -> None:
        self.operation = operation

    async def __call__(
        self, request: Request, jalon: JalonDep, credentials: BearerDep
    ) -> Principal:
        checked: Authenticated | None = request.scope.get(CHECKED_KEY)  # by the kept answers
        if checked is None:
            bearer = credentials.credentials if credentials else None
            checked = await jalon.authenticator.remembered(bearer)
            if checked is None:
                checked = await run_in_threadpool(jalon.authenticator.check, bearer)
            request.scope[CHECKED_KEY] = checked
        principal = checked.principal
        request.scope[ACTOR_KEY] = principal.actor  # for the access log
        authorize(principal, self.operation)
        return principal


class PublicRoute:
    """Marks a route that needs no authentication (health check)."""

    def __call__(self) -> None:
        return None


Public = PublicRoute()

# openapi_extra of a route whose answer holds a secret shown once (a token): it is never
# stored, so an Idempotency-Key cannot replay it.
SECRET_ANSWER = {NOT_REPLAYABLE: True}


def declarations(dependant: Dependant) -> list[Allow | PublicRoute]:
    """The Allow / Public declarations among a route's dependencies, at any depth."""
    found = [d.call for d in dependant.dependencies if isinstance(d.call, Allow | PublicRoute)]
    for sub in dependant.dependencies:
        found += declarations(sub)
    return found


def operation_of(route: APIRoute) -> Allow | PublicRoute | None:
    """What the route declares it allows (None: nothing, which a test refuses)."""
    found = declarations(route.dependant)
    return found[0] if found else None


# openapi_extra of a GET route whose answer depends only on the views, its query string and
# the caller's visibility: api/middleware/kept_answers.py may serve it again.
KEPT = "x-jalon-kept-answer"
KEPT_ANSWER = {KEPT: True}


def kept_operations(routes: list[APIRoute]) -> dict[str, Operation]:
    """The paths of the routes marked KEPT_ANSWER and the operations they allow."""
    kept: dict[str, Operation] = {}
    for route in routes:
        if not (route.openapi_extra or {}).get(KEPT):
            continue
        allow = operation_of(route)
        if route.methods != {"GET"} or "{" in route.path or not isinstance(allow, Allow):
            raise ValueError(f"{route.path}: only a GET route with Allow and no path parameter")
        kept[route.path] = allow.operation
    return kept


def committed(jalon: Jalon, result: CommandResult, response: Response) -> CommandOut:
    """Answer a command once the views show its effect (read-your-writes). The command is
    recorded: if the database fails while the views catch up, it still answers its success
    (the views are pending), never an error that would invite a second recording."""
    try:
        shown = jalon.wait_for(result.position)
    except Exception as error:
        if not database_unavailable(error):
            raise
        shown = False
    if not shown:
        response.headers["X-Jalon-Views-Pending"] = str(result.position)
    return CommandOut(id=result.id, version=result.version, position=result.position)
