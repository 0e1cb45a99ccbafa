"""Schemathesis, bounded: every phase, the six checks, no failure (`make fuzz` runs longer)."""

from __future__ import annotations

import pytest

from bench.fuzz import CHECKS, run


@pytest.mark.slow
def test_schemathesis_finds_no_failure_in_any_phase() -> None:
    report = run(max_examples=20, seed=8108)
    assert report.findings == [] and report.errors == [], "\n".join(
        [*map(str, report.findings), *report.errors]
    )
    assert report.scenarios > 100
    assert {report.phases[p] for p in ("examples", "coverage", "fuzzing", "stateful")} == {
        "success"
    }
    assert len(CHECKS) == 6
