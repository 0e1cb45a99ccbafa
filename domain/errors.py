"""Domain errors: one type per kind of refusal, each with a readable message.

The API maps each type to one HTTP status (api/errors.py); the CLI maps them to exit code 2.
A refusal may also carry a stable `code` (a `Refusal`) and the `params` its sentence is made
of, so that a reader other than the English message (the French pages) can say it again in
its own words (api/web/refusals.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

Param = str | int | tuple[str, ...]


class Refusal(StrEnum):
    """Stable codes of the refusals that carry their parameters."""

    STEP_NOT_POSSIBLE = "step_not_possible"  # kind, ref, state, step, sources, possible
    STEP_MISSING = "step_missing"  # kind, ref, state, step, missing (requirement names)
    OPERATION_FORBIDDEN = "operation_forbidden"  # roles, operation
    SCOPE_FORBIDDEN = "scope_forbidden"  # roles, operation, scopes
    TEXT_EMPTY = "text_empty"  # field
    TEXT_TOO_LONG = "text_too_long"  # field, max_length
    STALE_VERSION = "stale_version"  # current, expected
    UNKNOWN_PERSON = "unknown_person"  # field
    DISABLED_PERSON = "disabled_person"  # field, number
    SAME_ASSISTANT = "same_assistant"
    TOO_MANY_ACTIONS = "too_many_actions"  # max
    ACTION_OWNER_MISSING = "action_owner_missing"  # field (a form's row, api/web)
    ACTION_DUE_INVALID = "action_due_invalid"  # field, value (idem)
    FORM_EXPIRED = "form_expired"  # a page's form without its CSRF token (api/web)


class DomainError(Exception):
    """A command was refused; nothing was recorded."""

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        code: Refusal | None = None,
        params: Mapping[str, Param] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code
        self.params: dict[str, Param] = dict(params or {})


class InvalidCommand(DomainError):
    """The command's values are invalid (a negative amount, an unknown establishment...)."""


class NotFound(DomainError):
    """The object the command or query names does not exist."""


class Conflict(DomainError):
    """The command is valid but the object's current state refuses it."""


class DuplicateCode(Conflict):
    """An object with this unique code already exists."""


class StaleVersion(Conflict):
    """The caller's expected version is not the object's current version."""

    def __init__(
        self, message: str, *, current_version: int, params: Mapping[str, Param] | None = None
    ) -> None:
        super().__init__(message, code=Refusal.STALE_VERSION, params=params)
        self.current_version = current_version


class Unauthenticated(DomainError):
    """The caller could not be identified."""


class Forbidden(DomainError):
    """The caller is known but their roles do not allow this operation on this object."""


class TooManyAttempts(DomainError):
    """Too many failed attempts lately (sign-in): refused without checking, for a while."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
