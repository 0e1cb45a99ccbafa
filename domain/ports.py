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
