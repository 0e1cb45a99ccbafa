"""Issue 11 on a demo history (the determinism test's small group, both backends, in
tests/integration/test_demo.py): after erasing a staff member with three years of time sheets, no table (views, directory, credentials, events), before or
after a full rebuild, holds their name or e-mail; the group's time-share report is unchanged
and `audit verify` still finds the log intact."""

from __future__ import annotations

from collections import Counter
from typing import Any

from demo.world import Cast
from domain.calendar import Month
from domain.values import Role
from governance_rules.run_share import RunShareCeiling
from infrastructure.bootstrap import Jalon
from projections.audit.verify import verify
from projections.queries.timeshare import time_share_report
from tests.e2e.test_personal_data import _database_text


def _report(jalon: Jalon) -> dict[str, Any]:
    with jalon.database.reading() as cursor:
        return time_share_report(
            cursor, first=Month(2024, 1), last=Month(2026, 10), by="establishment",
            ceiling=RunShareCeiling(),
        )  # fmt: skip


def assert_erasure_leaves_no_trace(jalon: Jalon, cast: Cast) -> None:
    names = Counter(p.name for p in cast.people)
    with jalon.database.reading() as cursor:
        sheets = Counter(
            r["person_id"]
            for r in cursor.execute(
                "SELECT person_id FROM timesheets WHERE state='validated'"
            ).fetchall()
        )
    person = next(
        p for p in cast.with_role(Role.STAFF) if names[p.name] == 1 and sheets[str(p.person_id)]
    )
    email = f"{person.login}@ght-sud-lorraine.fr"
    stored = _database_text(jalon)
    assert person.name in stored and email in stored
    report = _report(jalon)

    jalon.privacy.erase(cast.first(Role.ADMIN).principal, person.person_id, reason="GDPR 7")
    jalon.runner.catch_up()

    stored = _database_text(jalon)
    assert person.name not in stored and email not in stored
    assert _report(jalon) == report
    jalon.runner.rebuild()
    stored = _database_text(jalon)
    assert person.name not in stored and email not in stored
    assert _report(jalon) == report
    assert verify(jalon.database, jalon.runner.log.table).intact
