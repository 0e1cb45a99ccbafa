"""Domain errors: one type per kind of refusal, each with a readable message.

The API maps each type to one HTTP status (api/errors.py); the CLI maps them to exit code 2.
"""

from __future__ import annotations


class DomainError(Exception):
    """A command was refused; nothing was recorded."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


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

    def __init__(self, message: str, *, current_version: int) -> None:
        super().__init__(message)
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
