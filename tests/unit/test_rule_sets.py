"""Rule-set files: the shipped ones are valid; a broken one is reported with file, line and
field; the hash is the sha256 of the file's bytes."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import pytest

from governance_rules.decisions import designated_body, majority, quorum_needed
from governance_rules.loading import SHIPPED, RuleSetInvalid, load, load_file
from governance_rules.ruleset import BodyKind
from lifecycle.gate_review import Vote
from tests.support import rule_source

V1 = rule_source(1)


@pytest.mark.parametrize("path", sorted(SHIPPED.glob("*.yaml")), ids=lambda p: p.name)
def test_the_shipped_rule_sets_are_valid_and_hashed_by_their_bytes(path: Path) -> None:
    loaded = load_file(path)
    assert loaded.content_hash == hashlib.sha256(path.read_bytes()).hexdigest()
    assert loaded.rules.escalation.forecast_over_envelope_percent == Decimal(10)
    assert loaded.rules.escalation.milestone_slip_days == 30
    assert loaded.rules.escalation.consecutive_red_weathers == 2
    assert loaded.rules.mco.run_share_ceiling_percent == Decimal(70)


def last_line_of(text: str, fragment: str) -> int:
    return [i for i, line in enumerate(text.splitlines(), 1) if fragment in line][-1]


@pytest.mark.parametrize(
    ("old", "new", "field", "anchor", "message"),
    [
        ("decision_mode: chair", "decision_mode: dictator", "bodies.decision.decision_mode",
         "decision_mode: dictator", "'chair' or 'majority'"),
        ("min_present: 3,", "min_present: 0,", "bodies.decision.quorum.min_present",
         "min_present: 0,", "greater than or equal to 1"),
        ("  - id: G6", "  - id: G5", "gates[5].id", "  - id: G5\n", "used twice"),
        ("{kind: test_book,", "{kind: requirements,", "phases[2].deliverables[2].kind",
         "{kind: requirements, name: \"Cahier de v", "listed twice"),
        ("  - phase: build", "  - phase: construction", "phases[3].phase",
         "phase: construction", "Input should be"),
        ("    decision_mode: chair", "    decision_mode: chair\n    veto: true",
         "bodies.decision.veto", "veto: true", "Extra inputs"),
        ("mco:\n  run_share_ceiling_percent: 70", "mco: {}", "mco.run_share_ceiling_percent",
         "mco: {}", "Field required"),
        ("      - body: decision\n  - id: G2", "      - {body: decision, when_envelope_above: 1}\n  - id: G2",
         "gates[0].deciders", "when_envelope_above: 1}", "last decider"),
    ],
)  # fmt: skip
def test_a_broken_rule_set_names_file_line_and_field(
    old: str, new: str, field: str, anchor: str, message: str
) -> None:
    assert old in V1
    text = V1.replace(old, new)
    with pytest.raises(RuleSetInvalid) as invalid:
        load(text, file="rules.yaml")
    [problem] = [p for p in invalid.value.problems if p.field == field]
    assert problem.file == "rules.yaml"
    assert problem.line == last_line_of(text, anchor.rstrip("\n"))
    assert message in problem.message
    assert str(problem).startswith(f"rules.yaml:{problem.line}: {field}: ")


def test_yaml_syntax_errors_and_empty_files_have_a_line_too() -> None:
    text = V1.replace("version: 1", "version: 1: 2")
    line = last_line_of(text, "version: 1: 2")
    with pytest.raises(RuleSetInvalid, match=rf"rules\.yaml:{line}: \(document\): not valid YAML"):
        load(text, file="rules.yaml")
    with pytest.raises(RuleSetInvalid, match=r"rules\.yaml:1: .*empty"):
        load("", file="rules.yaml")
    with pytest.raises(RuleSetInvalid, match="duplicate key"):
        load(V1 + "\nversion: 2\n", file="rules.yaml")


def test_control_characters_are_a_yaml_error_with_their_line() -> None:
    with pytest.raises(RuleSetInvalid) as invalid:
        load("name: x\nversion: 1\n\x93", file="odd.yaml")
    [problem] = invalid.value.problems
    assert (problem.file, problem.line) == ("odd.yaml", 3)
    assert "#x0093" in problem.message


def test_deciders_quorum_and_majority() -> None:
    rules = load(V1).rules
    assert designated_body(rules, "G2", Decimal("800000")) is BodyKind.COPIL
    assert designated_body(rules, "G2", Decimal("800000.01")) is BodyKind.DECISION
    assert designated_body(rules, "G4", Decimal("9999999")) is BodyKind.COPIL
    assert designated_body(rules, "abandon", Decimal(0)) is BodyKind.DECISION
    decision, copil = rules.bodies[BodyKind.DECISION], rules.bodies[BodyKind.COPIL]
    assert [quorum_needed(decision, n) for n in (1, 4, 6, 7, 10)] == [3, 3, 3, 4, 5]
    assert [quorum_needed(copil, n) for n in (2, 3, 5)] == [2, 2, 3]
    a, b, c = "a", "b", "c"
    assert majority({a: Vote.APPROVE, b: Vote.REJECT, c: Vote.APPROVE}, None) is Vote.APPROVE  # type: ignore[dict-item]
    assert majority({a: Vote.APPROVE, b: Vote.REJECT}, b) is Vote.REJECT  # type: ignore[dict-item,arg-type]
    assert majority({a: Vote.APPROVE, b: Vote.REJECT, c: Vote.ABSTAIN}, c) is None  # type: ignore[dict-item,arg-type]
