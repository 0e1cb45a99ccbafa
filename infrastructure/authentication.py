"""Who is calling: bearer token → Principal, checked against the credential store and the
people view on every request (revocations and disabled people take effect at once)."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from domain.errors import Unauthenticated
from domain.principal import Principal
from domain.tokens import parse_bearer, secret_matches
from domain.values import Role
from infrastructure.database import Database
from infrastructure.sqlvalues import timestamp_text

_LOOKUP = (
    "SELECT t.secret_hash, t.expires_at, t.revoked_at, p.person_id, p.roles, p.enabled, "
    "p.establishment FROM api_tokens t LEFT JOIN people p ON p.person_id = t.person_id "
    "WHERE t.token_id = %s"
)


class TokenAuthenticator:
    def __init__(self, database: Database) -> None:
        self.database = database

    def authenticate(self, bearer: str | None) -> Principal:
        if not bearer:
            raise Unauthenticated("a bearer token is required (Authorization: Bearer <token>)")
        parsed = parse_bearer(bearer)
        if parsed is None:
            raise Unauthenticated("the bearer token is malformed")
        token_id, secret = parsed
        with self.database.reading() as cursor:
            row = cursor.execute(_LOOKUP, (str(token_id),)).fetchone()
        if row is None or not secret_matches(secret, row["secret_hash"]):
            raise Unauthenticated("the bearer token is not valid")
        if row["revoked_at"] is not None:
            raise Unauthenticated("the bearer token was revoked")
        if row["expires_at"] <= timestamp_text(datetime.now(UTC)):
            raise Unauthenticated("the bearer token has expired")
        if row["person_id"] is None or not row["enabled"]:
            raise Unauthenticated("the token's holder is disabled")
        return Principal(
            person_id=UUID(row["person_id"]),
            roles=frozenset(Role(r) for r in row["roles"].split(",") if r),
            establishment=row["establishment"],
        )
