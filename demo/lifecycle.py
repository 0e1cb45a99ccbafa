"""The projects' life cycles: each gate prepared (deliverables), requested, scheduled before
the body the rule set designates, held (attendance, votes) and decided — some approvals
with conditions lifted later, some rejections and deferrals; a few projects suspended and
resumed, a few abandoned; finished projects closed. The rule set is revised midway."""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import partial
from uuid import UUID

from demo.governance import DemoBody, DemoGovernance, rule_text
from demo.projects import DemoProject
from demo.timeline import Timeline
from demo.world import Cast, DemoPerson
from domain.calendar import Month
from domain.values import ProjectKind, Role
from governance_rules.ruleset import LifeCycleAction
from infrastructure.bootstrap import Jalon
from lifecycle.gate_review import Outcome, Vote

GATES = ["G1", "G2", "G3", "G4", "G5", "G6"]
MEETING_DAY = 20
CHECKSUM = "sha256:"
CONDITIONS = [
    "Compléter l'analyse de risques avant la prochaine instance.",
    "Formaliser l'engagement des référents métier.",
    "Réviser le plan de charge de l'équipe projet.",
    "Produire le plan de reprise des données.",
]
REJECTIONS = ["Dossier incomplet : périmètre à préciser.", "Budget non soutenable en l'état."]
DEFERRALS = ["Quorum non atteint.", "Complément d'information demandé à l'équipe projet."]


@dataclass(frozen=True)
class Attempt:
    """One request of a gate (or action) and its outcome(s): a deferral adds a meeting."""

    month: Month
    subject: str
    outcome: Outcome
    deferred_first: bool = False


def _rid(rng: random.Random) -> UUID:
    return UUID(int=rng.getrandbits(128), version=4)


class LifeCycleStories:
    def __init__(
        self,
        jalon: Jalon,
        rng: random.Random,
        timeline: Timeline,
        governance: DemoGovernance,
        cast: Cast,
    ) -> None:
        self.jalon = jalon
        self.rng = rng
        self.timeline = timeline
        self.governance = governance
        self.pmo = cast.first(Role.PMO)
        self.admin = cast.first(Role.ADMIN)
        self._bodies: dict[UUID, DemoBody] = {}

    # -- planning -------------------------------------------------------------------------
    def decide_fate(self, project: DemoProject) -> None:
        """Before the project's story is written: is it abandoned, and when?"""
        span = (
            (project.end.year - project.start.year) * 12 + project.end.month - project.start.month
        )
        if project.kind is ProjectKind.BUILD and self.rng.random() < 0.05 and span > 8:
            project.stops = project.start.plus(self.rng.randint(4, span - 2))

    def revise_rules(self, month: Month) -> None:
        action = partial(
            self.jalon.rulesets.adopt,
            self.admin.principal,
            source=rule_text(2),
            reason="révision : seuil de l'instance décisionnaire abaissé, homologation SSI",
        )
        self.timeline.on_day(month, 1, 8, action)

    def schedule(self, project: DemoProject) -> None:
        assert project.first_month is not None
        assert project.closing is not None
        self.timeline.on_day(project.first_month, 9, 10, partial(self._attach, project))
        for attempt in self._plan(project, project.first_month, project.closing):
            self._attempt(project, attempt)

    def _plan(self, project: DemoProject, first: Month, closing: Month) -> list[Attempt]:
        gates = GATES[:4] if project.kind is ProjectKind.RUN else GATES
        span = max((closing.year - first.year) * 12 + closing.month - first.month, len(gates))
        targets = [first.plus(max(1, span * (i + 1) // len(gates))) for i in range(len(gates))]
        if project.kind is ProjectKind.RUN:
            targets = [first.plus(i + 1) for i in range(len(gates))]
        suspend_after = self.rng.randrange(1, 4) if self.rng.random() < 0.06 else None
        attempts: list[Attempt] = []
        cursor = first
        for index, (gate, target) in enumerate(zip(gates, targets, strict=True)):
            cursor = max(target, cursor.next())
            if project.stops is not None and cursor >= project.stops.previous():
                break
            plan = (
                [Attempt(cursor, gate, Outcome.APPROVED)]  # MCO: taking over systems in service
                if project.kind is ProjectKind.RUN
                else self._gate_attempts(gate, cursor)
            )
            for attempt in plan:
                attempts.append(attempt)
                cursor = attempt.month.next() if attempt.deferred_first else attempt.month
            resume = cursor.plus(1 + self.rng.randint(2, 4))
            if index == suspend_after and (
                project.stops is None or resume < project.stops.previous()
            ):
                attempts.append(Attempt(cursor.next(), "suspend", Outcome.APPROVED))
                attempts.append(Attempt(resume, "resume", Outcome.APPROVED))
                cursor = resume
        if project.stops is not None:
            attempts.append(Attempt(project.stops, "abandon", Outcome.APPROVED))
        return attempts

    def _gate_attempts(self, gate: str, month: Month) -> list[Attempt]:
        roll = self.rng.random()
        final = Outcome.APPROVED_WITH_CONDITIONS if self.rng.random() < 0.2 else Outcome.APPROVED
        if roll < 0.08:
            return [Attempt(month, gate, Outcome.REJECTED), Attempt(month.next(), gate, final)]
        return [Attempt(month, gate, final, deferred_first=roll < 0.18)]

    # -- playing ----------------------------------------------------------------------------
    def _attempt(self, project: DemoProject, attempt: Attempt) -> None:
        review_id = _rid(self.rng)
        month, manager = attempt.month, project.manager.principal
        reviews = self.jalon.gate_reviews
        if attempt.subject in GATES:
            self.timeline.on_day(month, 3, 11, partial(self._prepare, project))
            request = partial(reviews.request_gate, manager, project.id, gate=attempt.subject,
                              review_id=review_id, note="Livrables de la phase déposés.")  # fmt: skip
        else:
            reason = {"suspend": "Arbitrage budgétaire : projet mis en pause.",
                      "resume": "Financement confirmé : reprise du projet.",
                      "abandon": "Opportunité remise en cause : abandon proposé."}[attempt.subject]  # fmt: skip
            request = partial(reviews.request_action, manager, project.id,
                              action=LifeCycleAction(attempt.subject), reason=reason,
                              review_id=review_id)  # fmt: skip
        self.timeline.on_day(month, 5, 9, request)
        self.timeline.on_day(month, 6, 10, partial(self._schedule, project, review_id, month))
        meeting = month
        if attempt.deferred_first:
            self._meeting(project, review_id, meeting, Outcome.DEFERRED)
            meeting = month.next()
        self._meeting(project, review_id, meeting, attempt.outcome)
        if attempt.outcome is Outcome.APPROVED_WITH_CONDITIONS:
            lifted = meeting.plus(self.rng.randint(1, 3))
            if lifted < min(project.closing or lifted.next(), project.stops or lifted.next()):
                self.timeline.on_day(lifted, 10, 11, partial(self._lift, review_id))

    def _attach(self, project: DemoProject) -> None:
        copil = self.governance.bodies[self.governance.copil_of_area[project.area]]
        self.jalon.bodies.attach_project(
            self.pmo.principal, copil.id, project_id=project.id, reason="programme du COPIL"
        )

    def _prepare(self, project: DemoProject, *, resubmit: bool = True) -> None:
        """The manager files what the phase still needs; after a rejection, a new version."""
        missing = self.jalon.deliverables.missing(project.id)
        version = "1.0"
        if not missing and resubmit:
            phase = self.jalon.projects.load(project.id).phase
            missing = self.jalon.rulesets.in_force().rules.required_deliverables(phase)[:1]
            version = "2.0"
        for item in missing:
            self.jalon.deliverables.submit(
                project.manager.principal, project.id, kind=item.kind, title=item.name,
                version=version, reference=f"ged://{project.code}/{item.kind}/v{version}",
                checksum=CHECKSUM + f"{self.rng.getrandbits(256):064x}",
            )  # fmt: skip

    def _schedule(self, project: DemoProject, review_id: UUID, month: Month) -> None:
        kind = self.jalon.gate_reviews.designated_body(review_id)
        body = self.governance.body_for(kind, project.area)
        self._bodies[review_id] = body
        self.jalon.gate_reviews.schedule(
            self.pmo.principal,
            review_id,
            body_id=body.id,
            meeting_date=month.first_day.replace(day=MEETING_DAY),
        )

    def _meeting(
        self, project: DemoProject, review_id: UUID, month: Month, outcome: Outcome
    ) -> None:
        hold = partial(self._hold, project, review_id, month, outcome)
        self.timeline.on_day(month, MEETING_DAY, 14, hold)

    def _hold(self, project: DemoProject, review_id: UUID, month: Month, outcome: Outcome) -> None:
        reviews = self.jalon.gate_reviews
        body = self._bodies[review_id]
        kind = reviews.designated_body(review_id)
        if kind is not body.kind:  # the envelope or the rules changed since scheduling
            body = self._bodies[review_id] = self.governance.body_for(kind, project.area)
            reviews.reschedule(
                self.pmo.principal, review_id, body_id=body.id,
                meeting_date=month.first_day.replace(day=MEETING_DAY),
                reason="Seuil budgétaire franchi : l'instance désignée par les règles statue.",
            )  # fmt: skip
        present = self._present(body, outcome)
        reviews.open_session(
            body.chair.principal, review_id, present=[p.person_id for p in present]
        )
        for member, vote in self._votes(present, outcome):
            reviews.vote(member.principal, review_id, vote=vote)
        chair = body.chair.principal
        if outcome is Outcome.DEFERRED:
            new_date = month.next().first_day.replace(day=MEETING_DAY)
            reason = DEFERRALS[len(present) >= 2]
            reviews.defer(
                chair, review_id, new_date=new_date, reason=reason, decision_id=_rid(self.rng)
            )
            return
        if outcome.is_approval and self.jalon.gate_reviews.load(review_id).leaves:
            self._prepare(project, resubmit=False)  # rules revised since: file what they add
        conditions = (
            self.rng.sample(CONDITIONS, k=self.rng.randint(1, 2))
            if outcome is Outcome.APPROVED_WITH_CONDITIONS
            else []
        )
        reason = (
            self.rng.choice(REJECTIONS)
            if outcome is Outcome.REJECTED
            else "Livrables conformes : passage de jalon validé."
        )
        reviews.decide(chair, review_id, outcome=outcome, reason=reason, conditions=conditions,
                       decision_id=_rid(self.rng))  # fmt: skip

    def _present(self, body: DemoBody, outcome: Outcome) -> list[DemoPerson]:
        if outcome is Outcome.DEFERRED and self.rng.random() < 0.5:
            return [body.chair]  # the meeting lacks its quorum
        absent = self.rng.choice(body.members[1:]) if self.rng.random() < 0.3 else None
        return [m for m in body.members if m != absent]

    def _votes(self, present: list[DemoPerson], outcome: Outcome) -> list[tuple[DemoPerson, Vote]]:
        if outcome is Outcome.DEFERRED:
            return []
        wanted = Vote.REJECT if outcome is Outcome.REJECTED else Vote.APPROVE
        other = Vote.APPROVE if wanted is Vote.REJECT else Vote.REJECT
        votes = [(m, wanted) for m in present]
        if len(present) >= 3 and self.rng.random() < 0.3:  # a dissenting voice, in the minority
            votes[-1] = (present[-1], other if self.rng.random() < 0.5 else Vote.ABSTAIN)
        return votes

    def _lift(self, review_id: UUID) -> None:
        review = self.jalon.gate_reviews.load(review_id)
        lifter = (
            self.pmo.principal
            if self.rng.random() < 0.5
            else self._bodies[review_id].chair.principal
        )
        for condition_id, condition in sorted(review.conditions.items()):
            if not condition.lifted:
                self.jalon.gate_reviews.lift_condition(
                    lifter, review_id, condition_id, reason="Condition levée : justificatifs reçus."
                )
