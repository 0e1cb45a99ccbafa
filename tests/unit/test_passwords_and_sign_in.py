from datetime import UTC, datetime, timedelta

import pytest

from domain.errors import Forbidden, InvalidCommand
from domain.person import Person
from domain.principal import SYSTEM
from domain.services.signin import retry_after
from tests.support import Group
from tests.unit.conftest import Services

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
WINDOW = timedelta(minutes=15)


def test_sign_ins_wait_until_the_oldest_counted_failure_leaves_the_window() -> None:
    failures = [NOW - timedelta(minutes=m) for m in (10, 8, 1)]
    assert retry_after(failures, 4, WINDOW, NOW) == 0
    assert retry_after(failures, 3, WINDOW, NOW) == 5 * 60  # 10 minutes ago + 15
    assert retry_after(failures, 2, WINDOW, NOW) == 7 * 60  # the second oldest must leave
    assert retry_after([NOW - WINDOW + timedelta(microseconds=1)], 1, WINDOW, NOW) == 1


def test_the_password_event_says_who_changed_it_and_nothing_of_the_password(
    services: Services, group: Group
) -> None:
    assert group.staff.person_id is not None
    services.people.set_password(SYSTEM, group.staff.person_id, password="twelve chars!")
    [event] = [
        e
        for e in services.store.events.get(group.staff.person_id)
        if isinstance(e, Person.PasswordChanged)
    ]
    assert event.actor == "system"
    assert "twelve" not in repr(event.__dict__)
    assert services.passwords.verify(group.staff.person_id, "twelve chars!")


def test_passwords_are_set_by_admins_or_by_their_owner_knowing_the_current_one(
    services: Services, group: Group
) -> None:
    staff = group.staff.person_id
    assert staff is not None
    with pytest.raises(Forbidden):
        services.people.set_password(group.manager, staff, password="twelve chars!")
    with pytest.raises(Forbidden):
        services.people.set_password(group.auditor, group.auditor.person_id, password="x" * 12)  # type: ignore[arg-type]
    services.people.set_password(group.staff, staff, password="first passphrase")
    with pytest.raises(InvalidCommand, match="current_password"):
        services.people.set_password(group.staff, staff, password="second passphrase")
    services.people.set_password(
        group.staff, staff, password="second passphrase", current_password="first passphrase"
    )
    services.people.set_password(group.admin, staff, password="reset by admin")
    with pytest.raises(InvalidCommand, match="12 to 128"):
        services.people.set_password(group.admin, staff, password="short")
