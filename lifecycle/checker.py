"""Asks a `transitions` state machine whether a trigger may fire from a state, given facts,
and where it leads.

The machine only validates: aggregates record events and rebuild their state from them, so
an aggregate holds its state as a plain enum value (cheap to copy) and asks a probe. Facts are
passed as the trigger's keyword arguments; conditions read them from the event data."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Any, Generic, TypeVar

from transitions import EventData, Machine, MachineError

S = TypeVar("S", bound=StrEnum)


def fact(name: str) -> Callable[[EventData], bool]:
    """A condition that holds when the fact `name` given to the trigger is true."""

    def condition(event: EventData) -> bool:
        return bool(event.kwargs[name])

    condition.__name__ = name
    return condition


class TransitionChecker(Generic[S]):
    def __init__(self, states: type[S], transitions: Sequence[dict[str, Any]]) -> None:
        self.states = states
        self.transitions = list(transitions)
        self._local = threading.local()
        # Conditions are pure functions of the facts: each answer can be remembered.
        self._answers: dict[tuple[str, S, frozenset[tuple[str, bool]]], S | None] = {}

    def next_state(self, trigger: str, state: S, **facts: bool) -> S | None:
        """The state `trigger` leads to from `state`, or None when it may not fire."""
        key = (trigger, state, frozenset(facts.items()))
        if key not in self._answers:
            self._answers[key] = self._ask(trigger, state, facts)
        return self._answers[key]

    def _ask(self, trigger: str, state: S, facts: dict[str, bool]) -> S | None:
        machine, probe = self._machine()
        machine.set_state(state.value, model=probe)
        try:
            fired = probe.trigger(trigger, **facts)
        except MachineError:
            return None
        return self.states(probe.state) if fired else None

    def _machine(self) -> tuple[Machine, Any]:
        # One machine and probe per thread: set_state and trigger mutate the probe.
        if not hasattr(self._local, "machine"):
            probe = type("Probe", (), {})()
            self._local.machine = Machine(
                model=probe,
                states=[s.value for s in self.states],
                transitions=self.transitions,
                initial=next(iter(self.states)).value,
                auto_transitions=False,
                send_event=True,
            )
            self._local.probe = probe
        return self._local.machine, self._local.probe

    def mermaid(self) -> str:
        """The machine as a mermaid state diagram (no graphviz needed)."""
        lines = ["stateDiagram-v2", f"    [*] --> {next(iter(self.states)).value}"]
        for transition in self.transitions:
            sources = transition["source"]
            for source in sources if isinstance(sources, list) else [sources]:
                label = transition["trigger"]
                guard = transition.get("conditions") or transition.get("unless")
                if guard is not None:
                    word = "if" if "conditions" in transition else "unless"
                    label += f" [{word} {getattr(guard, '__name__', guard)}]"
                lines.append(f"    {source} --> {transition['dest']}: {label}")
        return "\n".join(lines)
