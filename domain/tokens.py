"""Opaque bearer tokens: `jalon_<token id>_<secret>`.

Only a SHA-256 hash of the 256-bit random secret is stored. A slow hash (argon2) protects
guessable secrets such as passwords; a token secret is not guessable, and a fast hash keeps
authentication cheap on every request.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from uuid import UUID, uuid4

PREFIX = "jalon"


@dataclass(frozen=True)
class IssuedToken:
    token_id: UUID
    secret: str

    @property
    def bearer(self) -> str:
        return f"{PREFIX}_{self.token_id.hex}_{self.secret}"


def new_token() -> IssuedToken:
    return IssuedToken(token_id=uuid4(), secret=secrets.token_urlsafe(32))


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def parse_bearer(bearer: str) -> tuple[UUID, str] | None:
    """Split a bearer token into its id and secret; None when it is not one of ours."""
    parts = bearer.split("_", 2)
    if len(parts) != 3 or parts[0] != PREFIX or len(parts[1]) != 32:
        return None
    try:
        return UUID(hex=parts[1]), parts[2]
    except ValueError:
        return None


def secret_matches(secret: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_secret(secret), stored_hash)
