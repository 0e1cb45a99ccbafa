"""Scenarios: built by the PMO without touching live projects, presented to the decision
body, arbitrated by its chair. Accepting a scenario records, in the same transaction, the
G1 decision (go: approved, no-go: rejected) of each candidate it selects or leaves out,
through the gate-review service: the review must be open before that body, its meeting
under way, and the rule set's quorum and decision mode are applied as for any decision."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from uuid import UUID

from domain.authorization import Operation, Target, authorize
from domain.body import GovernanceBody
from domain.errors import Conflict, InvalidCommand
from domain.gate_review import GateReview
from domain.principal import Principal
from domain.project import Project
from domain.scenario import Arbitration, Choice, Scenario, scenario_id_for
from domain.services.gate_reviews import GateReviewService
from domain.services.results import CommandResult
from domain.store import EventStore
from domain.team import Team, team_id_for
from domain.values import ProjectKind, parse_code, parse_euros, require_reason, require_text
from governance_rules.ruleset import BodyKind
from lifecycle.gate_review import Outcome, ReviewState
from lifecycle.phases import Phase

MAX_YEARS = 10


class ScenarioService:
    def __init__(self, store: EventStore, gate_reviews: GateReviewService) -> None:
        self.store = store
        self.gate_reviews = gate_reviews

    def draft(
        self,
        principal: Principal,
        *,
        code: str,
        name: str,
        envelopes: Mapping[int, Decimal | str],
        reason: str,
    ) -> CommandResult:
        authorize(principal, Operation.SCENARIO_MANAGE)
        code = parse_code(code)
        duplicate = Conflict(f"a scenario with code {code} already exists")
        self.store.require_absent(scenario_id_for(code), duplicate)
        if len(envelopes) > MAX_YEARS:
            raise InvalidCommand(f"at most {MAX_YEARS} years", field="envelopes")
        parsed = {_year(y): parse_euros(a, field=f"envelopes.{y}") for y, a in envelopes.items()}
        scenario = Scenario.draft(
            actor=principal.actor,
            code=code,
            name=require_text(name, field="name", max_length=200),
            envelopes=parsed,
            reason=require_reason(reason),
        )
        return _result(scenario, self.store.record(scenario, conflict=duplicate))

    def choose(
        self,
        principal: Principal,
        code: str,
        *,
        project_id: UUID,
        selected: bool,
        shift_months: int = 0,
        team: str | None = None,
        reason: str,
        expected_version: int | None = None,
    ) -> CommandResult:
        """Select a project (shifted by some months, on a team) or leave it out."""
        authorize(principal, Operation.SCENARIO_MANAGE)
        scenario = self.load(code)
        scenario.check_version(expected_version)
        project = self.store.read(Project, project_id, what=f"project {project_id}")
        if project.kind is not ProjectKind.BUILD or project.is_terminated:
            raise InvalidCommand(
                f"project {project.code} is not an open build project", field="project_id"
            )
        team_code = None
        if team is not None:
            team_code = parse_code(team, field="team")
            self.store.read(Team, team_id_for(team_code), what=f"team {team_code}")
        scenario.choose(
            actor=principal.actor,
            project_id=project_id,
            choice=Choice(selected, shift_months, team_code),
            reason=require_reason(reason),
        )
        return _result(scenario, self.store.record(scenario))

    def set_envelope(
        self, principal: Principal, code: str, *, year: int, amount: Decimal | str, reason: str
    ) -> CommandResult:
        authorize(principal, Operation.SCENARIO_MANAGE)
        scenario = self.load(code)
        scenario.set_envelope(
            actor=principal.actor,
            year=_year(year),
            amount=parse_euros(amount, field="amount"),
            reason=require_reason(reason),
        )
        return _result(scenario, self.store.record(scenario))

    def present(
        self, principal: Principal, code: str, *, body_id: UUID, reason: str
    ) -> CommandResult:
        """Put the scenario before a decision body."""
        authorize(principal, Operation.SCENARIO_MANAGE)
        scenario = self.load(code)
        body = self.store.read(GovernanceBody, body_id, what=f"body {body_id}")
        if body.kind is not BodyKind.DECISION:
            raise InvalidCommand(
                f"{body.code} is a {body.kind.value} body: scenarios go before the decision body",
                field="body_id",
            )
        scenario.present(actor=principal.actor, body_id=body_id, reason=require_reason(reason))
        return _result(scenario, self.store.record(scenario))

    def arbitration_target(self, code: str) -> Target:
        scenario = self.load(code)
        if scenario.body_id is None:
            return Target()
        body = self.store.read(GovernanceBody, scenario.body_id, what="body")
        return Target(body_member_ids=frozenset(body.members), body_chair_id=body.chair_id)

    def arbitrate(
        self, principal: Principal, code: str, *, outcome: Arbitration, reason: str
    ) -> CommandResult:
        """The decision body's chair accepts, sends back for amendment, or rejects."""
        authorize(principal, Operation.SCENARIO_ARBITRATE)  # the role, then the body
        scenario = self.load(code)
        scenario.require_presented()
        authorize(principal, Operation.SCENARIO_ARBITRATE, self.arbitration_target(code))
        reason = require_reason(reason)
        if outcome is not Arbitration.ACCEPT:
            scenario.arbitrate(
                actor=principal.actor, outcome=outcome, reason=reason, go=[], no_go=[]
            )
            return _result(scenario, self.store.record(scenario))
        decisions = self._g1_decisions(scenario)
        with self.store.batch() as batch:
            for review_id, go in decisions.items():
                self.gate_reviews.decide(
                    principal,
                    review_id,
                    outcome=Outcome.APPROVED if go else Outcome.REJECTED,
                    reason=f"scenario {scenario.code}: {reason}",
                )
            scenario = self.load(code)
            scenario.arbitrate(
                actor=principal.actor,
                outcome=outcome,
                reason=reason,
                go=_projects(decisions, True),
                no_go=_projects(decisions, False),
            )
            self.store.record(scenario)
        return _result(scenario, batch.last_position)

    def _g1_decisions(self, scenario: Scenario) -> dict[UUID, tuple[UUID, bool]]:
        """Each candidate's open G1 review and whether the scenario keeps it; refuses,
        naming them all, when a candidate's review is not under way before the body."""
        found: dict[UUID, tuple[UUID, bool]] = {}
        missing = []
        for project_id, choice in sorted(scenario.choices.items()):
            project = self.store.read(Project, project_id, what=f"project {project_id}")
            if project.phase is not Phase.OPPORTUNITY:
                continue  # committed already: the scenario only plans it
            review = (
                self.store.read(GateReview, project.open_review_id, what="gate review")
                if project.open_review_id
                else None
            )
            if (
                review is None
                or review.leaves is not Phase.OPPORTUNITY
                or review.state is not ReviewState.UNDER_REVIEW
                or review.body_id != scenario.body_id
            ):
                missing.append(project.code)
                continue
            found[review.id] = (project_id, choice.selected)
        if missing:
            raise Conflict(
                "to accept the scenario, the G1 review of each candidate must be under way "
                f"before the body it was presented to; not so for: {', '.join(missing)}"
            )
        return found

    def load(self, code: str) -> Scenario:
        code = parse_code(code)
        found: Scenario = self.store.load(Scenario, scenario_id_for(code), what=f"scenario {code}")
        return found


def _projects(decisions: dict[UUID, tuple[UUID, bool]], go: bool) -> list[UUID]:
    return [project for project, kept in decisions.values() if kept is go]


def _year(value: int | str) -> int:
    try:
        year = int(value)
    except ValueError:
        raise InvalidCommand(f"{value!r} is not a year", field="envelopes") from None
    if not 2000 <= year <= 2100:
        raise InvalidCommand(f"year {year} is out of range (2000-2100)", field="envelopes")
    return year


def _result(scenario: Scenario, position: int) -> CommandResult:
    return CommandResult(scenario.id, scenario.version, position)
