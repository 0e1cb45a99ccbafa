"""Erasure and retention rules on the aggregates (issue 11), in memory."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from domain.errors import Conflict, InvalidCommand
from domain.person import Person
from domain.retention import RetentionLedger, retention_cutoff
from domain.values import Role


def test_an_erased_person_is_disabled_and_takes_no_role_nor_second_erasure() -> None:
    person = Person.register(person_id=uuid4(), actor="system", number=7, establishment="CHRU")
    person.erase(actor="system", reason="GDPR request")
    assert (person.erased, person.enabled, person.tokens) == (True, False, set())
    for command in (
        lambda: person.grant(actor="system", role=Role.PMO, reason="r"),
        lambda: person.enable(actor="system", reason="r"),
        lambda: person.erase(actor="system", reason="again"),
    ):
        with pytest.raises(Conflict, match="person #7's personal data were erased"):
            command()


def test_the_retention_cutoff_is_the_first_day_of_the_month_n_months_back() -> None:
    assert retention_cutoff(date(2026, 3, 17), 24) == date(2024, 3, 1)
    assert retention_cutoff(date(2026, 1, 5), 1) == date(2025, 12, 1)
    with pytest.raises(InvalidCommand, match="1 to 240 months"):
        retention_cutoff(date(2026, 1, 5), 0)


def test_retention_only_moves_forward() -> None:
    ledger = RetentionLedger.open(actor="system")
    ledger.erase_detail(actor="system", before=date(2024, 3, 1), months=24)
    with pytest.raises(Conflict, match="already erased for weeks before 2024-03-01"):
        ledger.erase_detail(actor="system", before=date(2024, 3, 1), months=24)
    ledger.erase_detail(actor="system", before=date(2024, 4, 1), months=24)
    assert ledger.erased_before == date(2024, 4, 1)
