"""A life cycle as data, checked by a `transitions` machine.

The machine keeps no aggregate: to ask whether a trigger may fire from a state, its one
probe is given the state and the facts, asked (`may_<trigger>()`) and fired to learn the
destination. Aggregates keep only their state (an enum value): the machine validates,
events record, state is rebuilt from events.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Generic, TypeVar

from transitions import EventData, Machine
from transitions.extensions.diagrams import GraphMachine

from domain.errors import Conflict, Param, Refusal

S = TypeVar("S", bound=StrEnum)
F = TypeVar("F")


@dataclass(frozen=True)
class Requirement(Generic[F]):
    """A condition of a transition: a pure predicate over the facts, and the words that say
    what is missing when it does not hold."""

    name: str
    holds: Callable[[F], bool]
    missing: str | Callable[[F], str]

    def missing_words(self, facts: F) -> str:
        return self.missing if isinstance(self.missing, str) else self.missing(facts)


@dataclass(frozen=True)
class Move(Generic[S, F]):
    trigger: str
    sources: tuple[S, ...]
    dest: S
    requires: tuple[Requirement[F], ...] = ()


class _Probe(Generic[F]):
    def __init__(self, facts: F) -> None:
        self.facts = facts
        self.state = ""


def _condition(requirement: Requirement[F]) -> Callable[[EventData], bool]:
    def check(event: EventData) -> bool:
        probe: _Probe[F] = event.model  # type: ignore[assignment]
        return requirement.holds(probe.facts)

    check.__name__ = requirement.name  # how diagrams name the condition
    return check


class LifeCycle(Generic[S, F]):
    def __init__(
        self,
        title: str,
        states: type[S],
        initial: S,
        moves: Sequence[Move[S, F]],
        *,
        describe: Callable[[S], str] = lambda state: state.value,
        kind: str = "",
    ) -> None:
        self.title = title
        self.kind = kind  # what refusals name the object: "escalation", "project"...
        self.describe = describe
        self.states = states
        self.initial = initial
        self.moves = list(moves)
        self._definition: dict[str, Any] = {
            "states": [s.value for s in states],
            "transitions": [
                {
                    "trigger": m.trigger,
                    "source": [s.value for s in m.sources],
                    "dest": m.dest.value,
                    "conditions": [_condition(r) for r in m.requires],
                }
                for m in moves
            ],
            "initial": initial.value,
            "auto_transitions": False,
            "send_event": True,
        }
        self._machine = Machine(model=None, **self._definition)
        self._probe: _Probe[F | None] = _Probe(None)
        self._machine.add_model(self._probe)
        self._lock = threading.Lock()

    @property
    def triggers(self) -> list[str]:
        return list(dict.fromkeys(m.trigger for m in self.moves))

    def triggers_from(self, state: S) -> list[str]:
        return [t for t in self._machine.get_triggers(state.value) if t in self.triggers]

    def may(self, trigger: str, state: S, facts: F) -> bool:
        return self._ask(trigger, state, facts) is not None

    def fire(self, trigger: str, state: S, facts: F, *, subject: str, ref: str = "") -> S:
        """The state after `trigger`, or Conflict naming the current state and what is
        missing. `subject` names the object in messages ("project DPI-01"); the Conflict also
        carries its code and parameters (the life cycle's `kind`, `ref` such as DPI-01,
        state, step...) for readers in other languages."""
        dest = self._ask(trigger, state, facts)
        if dest is None:
            code, params = self.refusal(trigger, state, facts)
            raise Conflict(
                self.explain(trigger, state, facts, subject=subject),
                code=code, params={"kind": self.kind, "ref": ref, **params},
            )  # fmt: skip
        return dest

    def refusal(self, trigger: str, state: S, facts: F) -> tuple[Refusal, dict[str, Param]]:
        """Why `trigger` cannot fire, as a code and parameters (codes, not words)."""
        params: dict[str, Param] = {"state": state.value, "step": trigger}
        candidates = [m for m in self.moves if m.trigger == trigger and state in m.sources]
        if not candidates:
            sources = tuple(
                s.value
                for s in self.states
                if any(m.trigger == trigger and s in m.sources for m in self.moves)
            )
            possible = tuple(self.triggers_from(state))
            return Refusal.STEP_NOT_POSSIBLE, {**params, "sources": sources, "possible": possible}
        failures = [[r.name for r in m.requires if not r.holds(facts)] for m in candidates]
        closest: list[str] = min(failures, key=len)
        return Refusal.STEP_MISSING, {**params, "missing": tuple(closest)}

    def explain(self, trigger: str, state: S, facts: F, *, subject: str) -> str:
        words = trigger.replace("_", " ")
        candidates = [m for m in self.moves if m.trigger == trigger and state in m.sources]
        if not candidates:
            sources = [
                s.value
                for s in self.states
                if any(m.trigger == trigger and s in m.sources for m in self.moves)
            ]
            possible = (
                ", ".join(t.replace("_", " ") for t in self.triggers_from(state)) or "nothing"
            )
            return (
                f"{subject} is {self.describe(state)}: {words} is possible only from "
                f"{', '.join(sources)} (possible now: {possible})"
            )
        failures = [
            [r.missing_words(facts) for r in m.requires if not r.holds(facts)] for m in candidates
        ]
        closest = min(failures, key=len)
        return f"{subject} is {self.describe(state)}: cannot {words}: missing {'; '.join(closest)}"

    def _ask(self, trigger: str, state: S, facts: F) -> S | None:
        if trigger not in self.triggers:
            raise ValueError(f"{self.title} has no trigger {trigger!r}")
        with self._lock:  # one probe, asked by one thread at a time
            self._probe.facts = facts
            self._machine.set_state(state.value, model=self._probe)
            if not getattr(self._probe, f"may_{trigger}")():
                return None
            getattr(self._probe, trigger)()
            return self.states(self._probe.state)

    def mermaid(self) -> str:
        """The machine as a mermaid state diagram (text; no graphviz needed)."""
        graph = GraphMachine(
            title=self.title, graph_engine="mermaid", show_conditions=True, **self._definition
        )
        return str(graph.get_graph().source)
