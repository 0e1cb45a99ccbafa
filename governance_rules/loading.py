"""Reading a rule-set file: YAML parsed with line numbers kept, validated by pydantic, then
checked against the life cycle. Every problem names the file, the line and the field."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from domain.errors import InvalidCommand
from governance_rules.ruleset import BodyKind, LifeCycleAction, RuleSet
from lifecycle.phases import ACTIVE_PHASES

FieldPath = tuple[str | int, ...]
SHIPPED = Path(__file__).resolve().parent / "rulesets"  # the rule sets shipped with the code
MAX_SOURCE_CHARS = 200_000


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field or '(document)'}: {self.message}"


class RuleSetInvalid(InvalidCommand):
    """A rule-set file that cannot be adopted; `problems` lists every finding."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        listed = "; ".join(str(p) for p in problems)
        super().__init__(f"invalid rule set: {listed}", field=problems[0].field or "source")


@dataclass(frozen=True)
class LoadedRuleSet:
    rules: RuleSet
    content_hash: str  # sha256 of the file's exact bytes (UTF-8), in hex
    source: str


def content_hash(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def dotted(path: FieldPath) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text


def load_file(path: Path) -> LoadedRuleSet:
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RuleSetInvalid(
            [Problem(str(path), 1, "", f"cannot read the file: {error}")]
        ) from None
    return load(source, file=str(path))


def load(source: str, *, file: str = "<rule set>") -> LoadedRuleSet:
    """Parse and validate a rule set; raise RuleSetInvalid listing every problem."""
    return LoadedRuleSet(_parse(source, file), content_hash(source), source)


@lru_cache(maxsize=32)
def _parse(source: str, file: str) -> RuleSet:
    if len(source) > MAX_SOURCE_CHARS:
        raise RuleSetInvalid([Problem(file, 1, "", f"longer than {MAX_SOURCE_CHARS} characters")])
    data, lines = _read_yaml(source, file)
    try:
        rules = RuleSet.model_validate(data)
    except ValidationError as error:
        raise RuleSetInvalid(
            [
                Problem(file, _line_of(lines, tuple(e["loc"])), dotted(tuple(e["loc"])), e["msg"])
                for e in error.errors()
            ]
        ) from None
    problems = [
        Problem(file, _line_of(lines, path), dotted(path), message)
        for path, message in life_cycle_problems(rules)
    ]
    if problems:
        raise RuleSetInvalid(problems)
    return rules


def _line_of(lines: dict[FieldPath, int], path: FieldPath) -> int:
    """The line of the field, or of the nearest enclosing field that exists."""
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path, 1)


def _read_yaml(source: str, file: str) -> tuple[Any, dict[FieldPath, int]]:
    try:
        root = yaml.compose(source, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise RuleSetInvalid(
            [Problem(file, line, "", f"not valid YAML: {error.problem}")]
        ) from None
    except yaml.reader.ReaderError as error:
        line = source.count("\n", 0, error.position) + 1
        raise RuleSetInvalid(
            [
                Problem(
                    file,
                    line,
                    "",
                    f"not valid YAML: character #x{error.character:04x} is not allowed",
                )
            ]
        ) from None
    if root is None:
        raise RuleSetInvalid([Problem(file, 1, "", "the file is empty")])
    lines: dict[FieldPath, int] = {}
    problems: list[Problem] = []
    data = _value(root, (), lines, problems, file)
    if problems:
        raise RuleSetInvalid(problems)
    return data, lines


def _value(
    node: yaml.Node,
    path: FieldPath,
    lines: dict[FieldPath, int],
    problems: list[Problem],
    file: str,
) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = yaml.constructor.SafeConstructor().construct_object(key_node)
            if key in mapping:
                line = key_node.start_mark.line + 1
                problems.append(Problem(file, line, dotted((*path, key)), "duplicate key"))
            mapping[key] = _value(value_node, (*path, key), lines, problems, file)
        return mapping
    if isinstance(node, yaml.SequenceNode):
        return [
            _value(item, (*path, index), lines, problems, file)
            for index, item in enumerate(node.value)
        ]
    return yaml.constructor.SafeConstructor().construct_object(node)


def life_cycle_problems(rules: RuleSet) -> Iterator[tuple[FieldPath, str]]:
    """What pydantic cannot see: the rule set must fit the life-cycle machine."""
    listed = [p.phase for p in rules.phases]
    if listed != list(ACTIVE_PHASES):
        expected = ", ".join(p.value for p in ACTIVE_PHASES)
        yield ("phases",), f"must list the phases {expected}, in this order"
    kinds: set[str] = set()
    for i, phase in enumerate(rules.phases):
        for j, deliverable in enumerate(phase.deliverables):
            if deliverable.kind in kinds:
                yield ("phases", i, "deliverables", j, "kind"), "deliverable kind listed twice"
            kinds.add(deliverable.kind)
    seen_ids: set[str] = set()
    for i, gate in enumerate(rules.gates):
        if gate.id in seen_ids:
            yield ("gates", i, "id"), f"gate id {gate.id} is used twice"
        seen_ids.add(gate.id)
        if not gate.leaves.is_active:
            yield ("gates", i, "leaves"), f"{gate.leaves.value} is not a working phase"
    for active in ACTIVE_PHASES:
        leaving = [g.id for g in rules.gates if g.leaves is active]
        if len(leaving) != 1:
            yield ("gates",), f"exactly one gate must leave {active.value} (found {len(leaving)})"
    deciders = [(("gates", i), g.deciders) for i, g in enumerate(rules.gates)] + [
        (("life_cycle_decisions", a.value), r.deciders)
        for a, r in rules.life_cycle_decisions.items()
    ]
    for path, candidates in deciders:
        if candidates[-1].when_envelope_above is not None:
            yield (*path, "deciders"), "the last decider must have no condition (the default body)"
    for action in LifeCycleAction:
        if action not in rules.life_cycle_decisions:
            yield ("life_cycle_decisions",), f"{action.value} is missing"
    used = {d.body for g in rules.gates for d in g.deciders} | {
        d.body for a in rules.life_cycle_decisions.values() for d in a.deciders
    }
    for kind in sorted(used - set(rules.bodies)):
        yield ("bodies",), f"no quorum and decision mode for the {BodyKind(kind).value} body"
