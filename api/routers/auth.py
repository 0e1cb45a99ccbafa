"""Signing in with a login and a password (the web pages use it): a short-lived token."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response

from api.deps import SECRET_ANSWER, JalonDep, Public, committed
from api.routing import JalonRoute
from api.schemas.common import ErrorOut
from api.schemas.people import LoginIn, TokenOut

router = APIRouter(route_class=JalonRoute, prefix="/api/v1/auth", tags=["authentication"])


@router.post(
    "/login",
    dependencies=[Depends(Public)],
    openapi_extra=SECRET_ANSWER,
    responses={
        401: {"model": ErrorOut, "description": "the login or the password is not valid"},
        429: {
            "model": ErrorOut,
            "description": "too many failed sign-ins for this login or from this address; "
            "see Retry-After",
        },
    },
)
def login(body: LoginIn, request: Request, jalon: JalonDep, response: Response) -> TokenOut:
    """Exchange a login and a password for a bearer token valid a few hours. Failed attempts
    are recorded; past a limit per login and per address they answer 429 for a while."""
    client = request.client.host if request.client else "unknown"
    signed_in = jalon.sign_in.sign_in(body.login, body.password, client=client)
    committed(jalon, signed_in.result, response)
    return TokenOut(
        token_id=signed_in.token.token_id,
        token=signed_in.token.bearer,
        expires_at=signed_in.expires_at,
    )
