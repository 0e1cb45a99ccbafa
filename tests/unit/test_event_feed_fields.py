"""Events are published to other systems (GET /api/v1/events): no event type may carry a
secret. This lists every field of every event type and refuses names that hold one."""

from __future__ import annotations

import importlib
import pkgutil
import typing

import domain
from domain.aggregate import JalonAggregate
from projections.audit.chain import link, record_bytes
from projections.audit.trail import action_words

SECRET_WORDS = ("password", "secret", "salt", "credential", "bearer", "hash")
NOT_SECRETS = {"content_hash", "rule_set_hash"}  # hashes of published rule-set texts


def _event_types() -> set[type]:
    for module in pkgutil.walk_packages(domain.__path__, "domain."):
        importlib.import_module(module.name)
    found: set[type] = set()
    pending: list[type] = [JalonAggregate.Event]
    while pending:
        for sub in pending.pop().__subclasses__():
            if sub not in found:
                found.add(sub)
                pending.append(sub)
    return {t for t in found if t.__module__.startswith("domain.")}


def test_no_event_type_carries_a_secret() -> None:
    types = _event_types()
    assert len(types) > 40  # every aggregate's events were found
    fields = {
        f"{t.__qualname__}.{name}"
        for t in types
        for name in typing.get_type_hints(t, include_extras=False)
        if any(word in name.lower() for word in SECRET_WORDS) and name not in NOT_SECRETS
    }
    assert fields == set()


def test_action_words_and_the_hashed_record_layout() -> None:
    assert action_words("GateReview.ConditionLifted") == "GateReview: condition lifted"
    record = record_bytes(7, "ab", 2, "domain.project:Project.Registered", b"\x00{}")
    assert record == b"7\x1fab\x1f2\x1fdomain.project:Project.Registered\x1f\x00{}"
    assert link(bytes(32), record) != link(bytes(32), record.replace(b"7", b"8", 1))
