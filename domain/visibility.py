"""Which projects a caller may see in a list, from the authorization matrix's scopes.

A list cannot ask the matrix row by row; it asks once for the caller's visibility and
filters with it. Two callers with the same visibility see the same rows, so the visibility
(not the caller) is what a cached list answer is keyed by."""

from __future__ import annotations

from dataclasses import dataclass

from domain.authorization import Operation, Scope, scopes_of
from domain.principal import Principal


@dataclass(frozen=True)
class Visibility:
    """Every project, or only those of `establishment` or managed by `manager_id`
    (neither: none)."""

    everything: bool
    establishment: str | None = None
    manager_id: str | None = None


def visibility(principal: Principal, operation: Operation) -> Visibility:
    scopes = set(scopes_of(principal, operation))
    if Scope.ALL in scopes:
        return Visibility(everything=True)
    establishment = principal.establishment if Scope.OWN_ESTABLISHMENT in scopes else None
    manages = Scope.OWN_PROJECT in scopes and principal.person_id is not None
    return Visibility(
        everything=False,
        establishment=establishment,
        manager_id=str(principal.person_id) if manages else None,
    )
