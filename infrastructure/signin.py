"""Sign-in to the web pages: what a person types in the form → who they are.

`SignIn.check` tries its methods in order; the first that recognises the secret decides.
A login and password come first (the same service as `POST /api/v1/auth/login`, with its
rate limits); an API token pasted in the form is a lasting fallback for integrators."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NoReturn
from uuid import UUID

from domain.errors import Unauthenticated
from domain.ports import PersonDirectory
from domain.principal import Principal
from domain.services.signin import SignInService
from domain.tokens import PREFIX, parse_bearer
from infrastructure.authentication import TokenAuthenticator

WRONG_CREDENTIALS = "unknown login, or wrong password or API token"


@dataclass(frozen=True)
class SignedIn:
    principal: Principal
    token_id: UUID | None = None  # the API token used: revoking it ends the session


# (login, secret, client address) → who signed in, or None when the secret is not of this
# method's kind; raises Unauthenticated when it is, but does not match.
SignInMethod = Callable[[str, str, str], SignedIn | None]


class SignIn:
    def __init__(self, methods: Sequence[SignInMethod]) -> None:
        self.methods = list(methods)

    def check(self, login: str, secret: str, *, client: str) -> SignedIn:
        login = login.strip().lower()
        if not secret.strip():
            raise Unauthenticated(WRONG_CREDENTIALS)
        for method in self.methods:
            signed_in = method(login, secret, client)
            if signed_in is not None:
                return signed_in
        raise Unauthenticated(WRONG_CREDENTIALS)


def password_sign_in(service: SignInService) -> SignInMethod:
    """A login and a password: the session rides on the short-lived token the sign-in issues
    (revoking it, or disabling the person, ends the session)."""

    def check(login: str, secret: str, client: str) -> SignedIn | None:
        if not login or secret.strip().startswith(f"{PREFIX}_"):
            return None
        issued = service.sign_in(login, secret, client=client)
        return SignedIn(issued.principal, token_id=issued.token.token_id)

    return check


def token_sign_in(authenticator: TokenAuthenticator, directory: PersonDirectory) -> SignInMethod:
    """An API token pasted as the secret; the login, if given, must be its holder's."""

    def check(login: str, secret: str, client: str) -> SignedIn | None:
        secret = secret.strip()
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
