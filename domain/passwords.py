"""Passwords people sign in with: the policy (the hashing is the credential store's)."""

from __future__ import annotations

from domain.errors import InvalidCommand

MIN_LENGTH = 12
MAX_LENGTH = 128  # bounds the work of hashing an attacker's input


def validated_password(password: str, *, field: str = "password") -> str:
    """A passphrase of 12 to 128 characters; any characters, spaces included."""
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        raise InvalidCommand(
            f"{field} must be {MIN_LENGTH} to {MAX_LENGTH} characters long", field=field
        )
    if not password.strip():
        raise InvalidCommand(f"{field} cannot be blank", field=field)
    return password
