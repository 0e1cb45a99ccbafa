"""Sign-in to the web pages: what a person types in the form → who they are.

`SignIn.check` tries its methods in order; the first that recognises the secret decides.
Today the one method is an API token pasted in the form (also a lasting fallback for
integrators). Password sign-in (issue 8) is added as one more method in
`infrastructure/bootstrap.py`, with no change to the pages."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NoReturn
from uuid import UUID

from domain.errors import Unauthenticated
from domain.ports import PersonDirectory
from domain.principal import Principal
from domain.tokens import PREFIX, parse_bearer
from infrastructure.authentication import TokenAuthenticator

WRONG_CREDENTIALS = "unknown login, or wrong password or API token"


@dataclass(frozen=True)
class SignedIn:
    principal: Principal
    token_id: UUID | None = None  # the API token used: revoking it ends the session


# (login, secret) → who signed in, or None when the secret is not of this method's kind;
# raises Unauthenticated when it is, but does not match.
SignInMethod = Callable[[str, str], SignedIn | None]


class SignIn:
    def __init__(self, methods: Sequence[SignInMethod]) -> None:
        self.methods = list(methods)

    def check(self, login: str, secret: str) -> SignedIn:
        login, secret = login.strip().lower(), secret.strip()
        if not secret:
            raise Unauthenticated(WRONG_CREDENTIALS)
        for method in self.methods:
            signed_in = method(login, secret)
            if signed_in is not None:
                return signed_in
        raise Unauthenticated(WRONG_CREDENTIALS)


def token_sign_in(authenticator: TokenAuthenticator, directory: PersonDirectory) -> SignInMethod:
    """An API token pasted as the secret; the login, if given, must be its holder's."""

    def check(login: str, secret: str) -> SignedIn | None:
        parsed = parse_bearer(secret)
        if parsed is None:
            return None if not secret.startswith(f"{PREFIX}_") else _refuse()
        principal = authenticator.authenticate(secret)
        if login and directory.find_by_login(login) != principal.person_id:
            _refuse()
        return SignedIn(principal, token_id=parsed[0])

    return check


def _refuse() -> NoReturn:
    raise Unauthenticated(WRONG_CREDENTIALS)
