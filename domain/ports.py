"""What the domain needs from the outside world, besides the event store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID


@dataclass(frozen=True)
class PersonDetails:
    """Personal data: kept out of events, erasable."""

    login: str
    display_name: str
    email: str


class PersonDirectory(Protocol):
    """Names, logins and e-mails of people, by pseudonymous id."""

    def reserve(self, person_id: UUID, details: PersonDetails) -> int:
        """Record a new person's details and return their stable number.

        Raises DuplicateCode when the login is taken."""

    def replace(self, person_id: UUID, details: PersonDetails) -> PersonDetails:
        """Replace the details and return the previous ones."""

    def release(self, person_id: UUID) -> None:
        """Forget a reservation whose registration event could not be recorded."""

    def details(self, person_id: UUID) -> PersonDetails | None:
        """The details, or None when unknown or erased."""

    def find_by_login(self, login: str) -> UUID | None: ...


class CredentialStore(Protocol):
    """Hashes of API token secrets; secrets themselves are never stored."""

    def store_token(
        self, token_id: UUID, person_id: UUID, secret_hash: str, expires_at: datetime
    ) -> None: ...

    def revoke_token(self, token_id: UUID, revoked_at: datetime) -> None: ...

    def forget_token(self, token_id: UUID) -> None:
        """Undo store_token when the TokenIssued event could not be recorded."""


class PasswordStore(Protocol):
    """Slow (argon2) hashes of people's passwords, outside the event log."""

    def set_password(self, person_id: UUID, password: str) -> str | None:
        """Hash and store the password; return the previous hash (None when there was none)."""

    def restore_password(self, person_id: UUID, previous_hash: str | None) -> None:
        """Undo set_password when the PasswordChanged event could not be recorded."""

    def has_password(self, person_id: UUID) -> bool: ...

    def verify(self, person_id: UUID | None, password: str) -> bool:
        """Whether the password is the person's; as slow for an unknown person (None)."""


class SignInLog(Protocol):
    """Sign-in attempts, kept to rate-limit failures and for the record."""

    def record(self, *, login: str, client: str, outcome: str, at: datetime) -> None: ...

    def failures_for_login(self, login: str, since: datetime) -> list[datetime]:
        """Failed attempts for this login since `since` and since its last success."""

    def failures_from_client(self, client: str, since: datetime) -> list[datetime]: ...


class PersonalDataStore(Protocol):
    """Everything personal kept outside the event log, by person (issue 11: GDPR)."""

    def erase(self, person_id: UUID, at: datetime) -> bool:
        """Delete the person's details (name, login, e-mail), credentials (token hashes,
        password hash), web sessions, sign-in attempts and remembered answers that hold
        them, in one transaction; the directory keeps the number and the erasure time.
        Return whether anything was still there to delete."""
