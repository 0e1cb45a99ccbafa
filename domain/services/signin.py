"""Signing in with a login and a password: a short-lived token; failures are recorded and,
past a limit per login and per client address, refused for a while without checking."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from domain.clock import event_timestamp
from domain.errors import Conflict, TooManyAttempts, Unauthenticated
from domain.person import Person
from domain.ports import CredentialStore, PasswordStore, PersonDirectory, SignInLog
from domain.principal import Principal
from domain.services.results import CommandResult
from domain.store import EventStore
from domain.tokens import IssuedToken, hash_secret, new_token

REFUSED = "the login or the password is not valid"


@dataclass(frozen=True)
class SignInLimits:
    per_login: int = 5
    per_client: int = 20
    window: timedelta = timedelta(minutes=15)
    token_lifetime: timedelta = timedelta(hours=8)


@dataclass(frozen=True)
class SignedIn:
    result: CommandResult
    token: IssuedToken
    expires_at: datetime
    principal: Principal


def retry_after(failures: list[datetime], limit: int, window: timedelta, now: datetime) -> int:
    """Seconds until fewer than `limit` of the failures (oldest first) lie in the window;
    0 when they already do."""
    if len(failures) < limit:
        return 0
    frees_at = sorted(failures)[len(failures) - limit] + window
    return max(1, math.ceil((frees_at - now).total_seconds()))


class SignInService:
    def __init__(
        self,
        store: EventStore,
        directory: PersonDirectory,
        passwords: PasswordStore,
        credentials: CredentialStore,
        attempts: SignInLog,
        limits: SignInLimits,
    ) -> None:
        self.store = store
        self.directory = directory
        self.passwords = passwords
        self.credentials = credentials
        self.attempts = attempts
        self.limits = limits

    def sign_in(self, login: str, password: str, *, client: str) -> SignedIn:
        now = event_timestamp()
        login = login.strip().lower()
        self._throttle(login, client, now)
        person_id = self.directory.find_by_login(login)
        valid = self.passwords.verify(person_id, password)
        person = self._enabled(person_id) if valid else None
        if person is None:
            outcome = "disabled" if valid else "bad_credentials"
            self.attempts.record(login=login, client=client, outcome=outcome, at=now)
            raise Unauthenticated(REFUSED)
        signed_in = self._issue_retrying(person, now)
        self.attempts.record(login=login, client=client, outcome="success", at=now)
        return signed_in

    def _throttle(self, login: str, client: str, now: datetime) -> None:
        since = now - self.limits.window
        wait = max(
            retry_after(
                self.attempts.failures_for_login(login, since),
                self.limits.per_login,
                self.limits.window,
                now,
            ),
            retry_after(
                self.attempts.failures_from_client(client, since),
                self.limits.per_client,
                self.limits.window,
                now,
            ),
        )
        if wait:
            self.attempts.record(login=login, client=client, outcome="throttled", at=now)
            raise TooManyAttempts(
                f"too many failed sign-ins: try again in {wait} s", retry_after=wait
            )

    def _enabled(self, person_id: UUID | None) -> Person | None:
        if person_id is None:
            return None
        person: Person = self.store.load(Person, person_id, what=f"person {person_id}")
        return person if person.enabled else None

    def _issue_retrying(self, person: Person, now: datetime) -> SignedIn:
        """Two sign-ins of one person at once both get a token (a sign-in decides nothing,
        so retrying it on a concurrent write is safe)."""
        for _ in range(2):
            try:
                return self._issue(person, now)
            except Conflict:
                person = self.store.load(Person, person.id, what=f"person {person.id}")
        return self._issue(person, now)

    def _issue(self, person: Person, now: datetime) -> SignedIn:
        token = new_token()
        expires_at = now + self.limits.token_lifetime
        person.issue_token(actor=str(person.id), token_id=token.token_id, expires_at=expires_at)
        self.credentials.store_token(
            token.token_id, person.id, hash_secret(token.secret), expires_at
        )
        try:
            position = self.store.record(person)
        except BaseException:
            self.credentials.forget_token(token.token_id)
            raise
        principal = Principal(person.id, frozenset(person.roles), person.establishment)
        result = CommandResult(person.id, person.version, position)
        return SignedIn(result, token, expires_at, principal)
