"""The demo's project assistance: after the history is recorded, each month's close is
replayed in order; the automatic policy raises what the rules in force call for (stamped at
the close), and the PMO and the projects' managers take each case some way along its life
cycle (acknowledged, action plan, assistant, monitoring, closed or cancelled) in the weeks
after. A few cases are opened by hand by the PMO. Recent cases are still early in their
life cycle, so that every state is present."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta
from uuid import UUID

from demo.world import Cast
from domain.calendar import Month
from domain.clock import recording_at
from domain.escalation import Escalation
from domain.principal import Principal
from domain.project import Project
from domain.services.escalations import ActionInput
from domain.values import Role
from governance_rules.replay import Replayer, checkpoint_of
from infrastructure.bootstrap import Jalon
from projections.history import governance_history

FATES = (
    "opened",
    "acknowledged",
    "planned",
    "monitoring",
    "closed",
    "closed",
    "closed",
    "cancelled",
)
HAND_OPENED = 8
ACTIONS = (
    "Re-planifier le lot en retard avec l'éditeur",
    "Arbitrer le budget en instance opérationnelle",
    "Renforcer l'équipe projet (2 ETP)",
    "Présenter un plan de rattrapage au COPIL",
)


class EscalationStory:
    def __init__(self, jalon: Jalon, rng: random.Random, cast: Cast, now: datetime) -> None:
        self.jalon = jalon
        self.rng = rng
        self.cast = cast
        self.now = now
        self.zone = jalon.settings.zone
        self.pmo = cast.first(Role.PMO).principal
        self.people = {p.person_id: p.principal for p in cast.people}

    def play(self) -> int:
        """Replay every month's close from the history's first (as the policy does); return
        the number of cases."""
        replayer = Replayer(governance_history(self.jalon.runner.log), zone=self.zone)
        if not replayer.ordered:
            return 0
        first = Month.containing(replayer.ordered[0].timestamp, self.zone)
        policy = self.jalon.escalation_policy
        last = Month.containing(self.now, self.zone).previous()
        hand_months = {last.plus(-self.rng.randint(1, 30)) for _ in range(HAND_OPENED)}
        count = 0
        month = first
        while month <= last:
            close = checkpoint_of(month, self.zone) + timedelta(hours=2)
            cases = replayer.close_month(month)
            with self.jalon.store.batch():  # one transaction per month, like the history
                with recording_at(close):
                    ids, _ = policy.record(cases)
                for case, escalation_id in zip(cases, ids, strict=True):
                    replayer.note_recorded(case, escalation_id)
                    self._walk(escalation_id, close, replayer.note_ended)
                count += len(ids)
                if month in hand_months:
                    count += self._by_hand(month, replayer)
            month = month.next()
        return count

    def _by_hand(self, month: Month, replayer: Replayer) -> int:
        """The PMO opens a case by hand on a project that worries it."""
        candidates = sorted(
            (p for p in replayer.facts.projects.values() if not p.terminated), key=lambda p: p.code
        )
        read = self.jalon.store.read
        candidates = [
            p for p in candidates if not read(Project, p.project_id, what="project").is_terminated
        ]  # the service refuses a closed project: the demo's hand cases are on open ones
        if not candidates:
            return 0
        project = self.rng.choice(candidates)
        opened = checkpoint_of(month, self.zone) + timedelta(days=self.rng.randint(5, 20), hours=9)
        if opened > self.now:
            return 0
        with recording_at(opened):
            result = self.jalon.escalations.open(
                self.pmo, project_id=project.project_id, assistant_id=self.pmo.person_id,
                reason="Alerte du chef de projet : risque de glissement du lot principal",
            )  # fmt: skip
        self._walk(result.id, opened, lambda _id, _at: None, assigned=True)
        return 1

    def _walk(
        self, escalation_id: UUID, opened: datetime, ended: Callable[[UUID, datetime], None],
        *, assigned: bool = False,
    ) -> None:  # fmt: skip
        age = (self.now - opened).days
        fate = self.rng.choice(FATES)
        if age < 35:
            fate = self.rng.choice(("opened", "acknowledged"))
        elif age < 60 and fate in ("closed", "cancelled"):
            fate = "monitoring"
        service = self.jalon.escalations
        escalation: Escalation = service.load(escalation_id)
        project: Project = self.jalon.store.read(Project, escalation.project_id, what="project")
        manager = self.people.get(project.manager_id, self.pmo)
        day = opened
        steps: list[tuple[int, Principal, Callable[..., object], dict[str, object]]] = []
        if fate == "cancelled":
            steps.append(
                (4, self.pmo, service.cancel, {"reason": "Déjà traité en COPIL : doublon"})
            )
        if fate in ("acknowledged", "planned", "monitoring", "closed"):
            steps.append(
                (
                    3,
                    manager,
                    service.acknowledge,
                    {"reason": "Pris en compte, plan d'action en préparation"},
                )
            )
        if fate in ("planned", "monitoring", "closed"):
            owner = project.manager_id
            due = (opened + timedelta(days=60)).astimezone(self.zone).date()
            actions = [ActionInput(self.rng.choice(ACTIONS), owner, due)]
            steps.append(
                (
                    10,
                    manager,
                    service.agree_action_plan,
                    {"actions": actions, "reason": "Plan validé avec le PMO"},
                )
            )
            if not assigned:
                steps.append(
                    (
                        11,
                        self.pmo,
                        service.assign_assistant,
                        {"assistant_id": self.pmo.person_id, "reason": "Accompagnement PMO"},
                    )
                )
        if fate in ("monitoring", "closed"):
            steps.append(
                (
                    14,
                    manager,
                    service.start_monitoring,
                    {"reason": "Actions lancées, suivi mensuel"},
                )
            )
        if fate == "closed":
            steps.append(
                (
                    self.rng.randint(30, 50),
                    self.pmo,
                    service.close,
                    {"reason": "Situation rétablie"},
                )
            )
        for days, who, command, arguments in steps:
            day = opened + timedelta(days=days)
            if day > self.now:
                return
            with recording_at(day):
                command(who, escalation_id, **arguments)
            if command in (service.close, service.cancel):
                ended(escalation_id, day)


def play_escalations(jalon: Jalon, cast: Cast, *, seed: int, now: datetime) -> int:
    """Hook for the demo loader, once the history is recorded."""
    return EscalationStory(jalon, random.Random(f"{seed}:escalations"), cast, now).play()
