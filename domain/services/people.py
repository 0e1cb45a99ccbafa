"""Commands on people: registration, roles, enabling, API tokens."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from uuid import UUID, uuid4

from domain.authorization import Operation, Target, authorize
from domain.clock import event_timestamp
from domain.errors import InvalidCommand
from domain.passwords import validated_password
from domain.person import Person
from domain.ports import CredentialStore, PasswordStore, PersonDetails, PersonDirectory
from domain.principal import Principal
from domain.services.lookups import References
from domain.services.results import CommandResult
from domain.store import EventStore
from domain.tokens import IssuedToken, hash_secret, new_token
from domain.values import Role, require_reason, require_text

_LOGIN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{2,}$")
MAX_TOKEN_DAYS = 366


def validated_details(login: str, display_name: str, email: str) -> PersonDetails:
    login = login.strip().lower()
    if not _LOGIN.match(login):
        raise InvalidCommand(
            "login must be 2 to 64 lower-case letters, digits, '.', '_' or '-'", field="login"
        )
    email = email.strip()
    if not _EMAIL.match(email):
        raise InvalidCommand(f"email is not an e-mail address: {email!r}", field="email")
    name = require_text(display_name, field="display_name", max_length=200)
    return PersonDetails(login=login, display_name=name, email=email)


class PeopleService:
    def __init__(
        self,
        store: EventStore,
        directory: PersonDirectory,
        credentials: CredentialStore,
        passwords: PasswordStore,
    ) -> None:
        self.store = store
        self.directory = directory
        self.credentials = credentials
        self.passwords = passwords
        self.references = References(store)

    def register(
        self,
        principal: Principal,
        *,
        details: PersonDetails,
        establishment: str,
        roles: list[Role],
        reason: str,
        person_id: UUID | None = None,
    ) -> CommandResult:
        authorize(principal, Operation.PERSON_MANAGE)
        establishment = self.references.establishment(establishment)
        reason = require_reason(reason)
        person_id = person_id or uuid4()
        number = self.directory.reserve(person_id, details)
        try:
            person = Person.register(
                person_id=person_id,
                actor=principal.actor,
                number=number,
                establishment=establishment,
            )
            for role in dict.fromkeys(roles):
                person.grant(actor=principal.actor, role=role, reason=reason)
            position = self.store.record(person)
        except BaseException:
            self.directory.release(person_id)
            raise
        return CommandResult(person.id, person.version, position)

    def change_details(
        self, principal: Principal, person_id: UUID, *, details: PersonDetails
    ) -> CommandResult:
        authorize(principal, Operation.PERSON_MANAGE)
        person = self._load(person_id)
        previous = self.directory.details(person_id)
        if previous is None:
            raise InvalidCommand(f"person #{person.number}'s details were erased")
        changed = [
            f
            for f in ("login", "display_name", "email")
            if getattr(previous, f) != getattr(details, f)
        ]
        if not changed:
            raise InvalidCommand("the new details are the same as the current ones")
        self.directory.replace(person_id, details)
        try:
            person.note_details_changed(actor=principal.actor, fields=changed)
            position = self.store.record(person)
        except BaseException:
            self.directory.replace(person_id, previous)
            raise
        return CommandResult(person.id, person.version, position)

    def grant(
        self, principal: Principal, person_id: UUID, *, role: Role, reason: str
    ) -> CommandResult:
        authorize(principal, Operation.ROLE_MANAGE)
        person = self._load(person_id)
        person.grant(actor=principal.actor, role=role, reason=require_reason(reason))
        return self._record(person)

    def revoke(
        self, principal: Principal, person_id: UUID, *, role: Role, reason: str
    ) -> CommandResult:
        authorize(principal, Operation.ROLE_MANAGE)
        person = self._load(person_id)
        if principal.person_id == person_id and role is Role.ADMIN:
            raise InvalidCommand(
                "an administrator cannot revoke their own admin role", field="role"
            )
        person.revoke(actor=principal.actor, role=role, reason=require_reason(reason))
        return self._record(person)

    def disable(self, principal: Principal, person_id: UUID, *, reason: str) -> CommandResult:
        authorize(principal, Operation.PERSON_MANAGE)
        if principal.person_id == person_id:
            raise InvalidCommand("you cannot disable yourself", field="person_id")
        person = self._load(person_id)
        person.disable(actor=principal.actor, reason=require_reason(reason))
        return self._record(person)

    def enable(self, principal: Principal, person_id: UUID, *, reason: str) -> CommandResult:
        authorize(principal, Operation.PERSON_MANAGE)
        person = self._load(person_id)
        person.enable(actor=principal.actor, reason=require_reason(reason))
        return self._record(person)

    def move(
        self, principal: Principal, person_id: UUID, *, establishment: str, reason: str
    ) -> CommandResult:
        authorize(principal, Operation.PERSON_MANAGE)
        person = self._load(person_id)
        person.move_to(
            actor=principal.actor,
            establishment=self.references.establishment(establishment),
            reason=require_reason(reason),
        )
        return self._record(person)

    def issue_token(
        self, principal: Principal, person_id: UUID, *, valid_days: int
    ) -> tuple[CommandResult, IssuedToken, datetime]:
        """Issue an API token; the bearer string is returned once and never stored."""
        person = self._load(person_id)
        authorize(principal, Operation.TOKEN_ISSUE, Target(owner_id=person.id))
        if not 1 <= valid_days <= MAX_TOKEN_DAYS:
            raise InvalidCommand(
                f"valid_days must be between 1 and {MAX_TOKEN_DAYS}", field="valid_days"
            )
        token = new_token()
        expires_at = event_timestamp() + timedelta(days=valid_days)
        person.issue_token(actor=principal.actor, token_id=token.token_id, expires_at=expires_at)
        self.credentials.store_token(
            token.token_id, person.id, hash_secret(token.secret), expires_at
        )
        try:
            result = self._record(person)
        except BaseException:
            self.credentials.forget_token(token.token_id)
            raise
        return result, token, expires_at

    def revoke_token(
        self, principal: Principal, person_id: UUID, *, token_id: UUID, reason: str
    ) -> CommandResult:
        person = self._load(person_id)
        authorize(principal, Operation.TOKEN_REVOKE, Target(owner_id=person.id))
        person.revoke_token(actor=principal.actor, token_id=token_id, reason=require_reason(reason))
        # Fail safe: the token stops working before the revocation is recorded; a retry of a
        # revocation whose event failed is harmless.
        self.credentials.revoke_token(token_id, event_timestamp())
        return self._record(person)

    def set_password(
        self,
        principal: Principal,
        person_id: UUID,
        *,
        password: str,
        current_password: str | None = None,
    ) -> CommandResult:
        """An administrator sets anyone's password; a person changes their own, giving the
        current one when they have one. The event says that it changed, never the hash."""
        person = self._load(person_id)
        authorize(principal, Operation.PASSWORD_SET, Target(owner_id=person.id))
        password = validated_password(password)
        if (
            principal.person_id == person.id
            and self.passwords.has_password(person.id)
            and not self.passwords.verify(person.id, current_password or "")
        ):
            raise InvalidCommand("current_password is not correct", field="current_password")
        person.note_password_changed(actor=principal.actor)
        previous = self.passwords.set_password(person.id, password)
        try:
            return self._record(person)
        except BaseException:
            self.passwords.restore_password(person.id, previous)
            raise

    def load(self, person_id: UUID) -> Person:
        return self._load(person_id)

    def _load(self, person_id: UUID) -> Person:
        person: Person = self.store.load(Person, person_id, what=f"person {person_id}")
        return person

    def _record(self, person: Person) -> CommandResult:
        return CommandResult(person.id, person.version, self.store.record(person))
