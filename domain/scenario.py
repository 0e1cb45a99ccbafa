"""A portfolio scenario: the PMO's proposal of which candidate projects go ahead, when, and
on which team, against the year's envelopes. It changes no live project: it is its own
aggregate, presented to the decision body, whose arbitration (accept, amend, reject, with a
reason) is recorded on it.

    draft ─present─▶ presented ─accept─▶ accepted
      ▲                   │ ─reject─▶ rejected
      └──────amend────────┘
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from uuid import UUID, uuid5

from domain.aggregate import Immutable, JalonAggregate
from domain.errors import Conflict, InvalidCommand

SCENARIO_NAMESPACE = UUID("7d2e4f6a-1b3c-4e5d-8f9a-0b1c2d3e4f5a")
MAX_SHIFT = 36


def scenario_id_for(code: str) -> UUID:
    return uuid5(SCENARIO_NAMESPACE, f"scenario:{code}")


class ScenarioState(StrEnum):
    DRAFT = "draft"
    PRESENTED = "presented"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class Arbitration(StrEnum):
    ACCEPT = "accept"
    AMEND = "amend"  # back to the PMO, to change and present again
    REJECT = "reject"


_AFTER = {
    Arbitration.ACCEPT: ScenarioState.ACCEPTED,
    Arbitration.AMEND: ScenarioState.DRAFT,
    Arbitration.REJECT: ScenarioState.REJECTED,
}


@dataclass(frozen=True)
class Choice(Immutable):
    """What the scenario does with one project: keep it (shifted by some months, on a team)
    or leave it out."""

    selected: bool
    shift: int = 0
    team: str | None = None


class Scenario(JalonAggregate):
    class Drafted(JalonAggregate.Created):
        code: str
        name: str
        envelopes: dict[str, str]  # year → euros (decimal text)
        reason: str

    class ProjectChosen(JalonAggregate.Event):
        project_id: UUID
        selected: bool
        shift_months: int
        team: str | None
        reason: str

        def apply(self, aggregate: Scenario) -> None:
            aggregate.choices[self.project_id] = Choice(self.selected, self.shift_months, self.team)

    class EnvelopeSet(JalonAggregate.Event):
        year: int
        amount: str
        reason: str

        def apply(self, aggregate: Scenario) -> None:
            aggregate.envelopes[self.year] = Decimal(self.amount)

    class Presented(JalonAggregate.Event):
        body_id: UUID
        reason: str

        def apply(self, aggregate: Scenario) -> None:
            aggregate.state = ScenarioState.PRESENTED
            aggregate.body_id = self.body_id

    class Arbitrated(JalonAggregate.Event):
        outcome: str
        reason: str
        body_id: UUID
        go: list[UUID]  # projects whose G1 the arbitration approved (accept only)
        no_go: list[UUID]  # projects whose G1 it rejected (accept only)

        def apply(self, aggregate: Scenario) -> None:
            aggregate.state = _AFTER[Arbitration(self.outcome)]

    def __init__(self, code: str, name: str, envelopes: dict[str, str]) -> None:
        self.code = code
        self.name = name
        self.envelopes: dict[int, Decimal] = {int(y): Decimal(a) for y, a in envelopes.items()}
        self.choices: dict[UUID, Choice] = {}
        self.state = ScenarioState.DRAFT
        self.body_id: UUID | None = None

    @classmethod
    def draft(
        cls, *, actor: str, code: str, name: str, envelopes: dict[int, Decimal], reason: str
    ) -> Scenario:
        return cls._create(
            cls.Drafted,
            id=scenario_id_for(code),
            actor=actor,
            code=code,
            name=name,
            envelopes={str(y): str(a) for y, a in sorted(envelopes.items())},
            reason=reason,
        )

    def _require_draft(self, action: str) -> None:
        if self.state is not ScenarioState.DRAFT:
            raise Conflict(f"scenario {self.code} is {self.state.value}: cannot {action}")

    def choose(self, *, actor: str, project_id: UUID, choice: Choice, reason: str) -> None:
        self._require_draft("change it")
        if not -MAX_SHIFT <= choice.shift <= MAX_SHIFT:
            raise InvalidCommand(
                f"a start is shifted by at most {MAX_SHIFT} months", field="shift_months"
            )
        if self.choices.get(project_id) == choice:
            raise InvalidCommand("the scenario already has this choice", field="project_id")
        self.trigger_event(
            self.ProjectChosen,
            actor=actor,
            project_id=project_id,
            selected=choice.selected,
            shift_months=choice.shift,
            team=choice.team,
            reason=reason,
        )

    def set_envelope(self, *, actor: str, year: int, amount: Decimal, reason: str) -> None:
        self._require_draft("change it")
        if self.envelopes.get(year) == amount:
            raise InvalidCommand(f"the {year} envelope is already {amount}", field="amount")
        self.trigger_event(
            self.EnvelopeSet, actor=actor, year=year, amount=str(amount), reason=reason
        )

    def present(self, *, actor: str, body_id: UUID, reason: str) -> None:
        self._require_draft("present it")
        if not any(c.selected for c in self.choices.values()):
            raise Conflict(f"scenario {self.code} selects no project: nothing to present")
        self.trigger_event(self.Presented, actor=actor, body_id=body_id, reason=reason)

    def require_presented(self) -> None:
        if self.state is not ScenarioState.PRESENTED or self.body_id is None:
            raise Conflict(
                f"scenario {self.code} is {self.state.value}: only a presented scenario "
                "is arbitrated"
            )

    def arbitrate(
        self,
        *,
        actor: str,
        outcome: Arbitration,
        reason: str,
        go: list[UUID],
        no_go: list[UUID],
    ) -> None:
        self.require_presented()
        self.trigger_event(
            self.Arbitrated,
            actor=actor,
            outcome=outcome.value,
            reason=reason,
            body_id=self.body_id,
            go=sorted(go),
            no_go=sorted(no_go),
        )
