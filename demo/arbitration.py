"""The demo's prioritisation (issue 7), played once the history is in: the rule set with
priority criteria (anap-priority v1, then v2 with other weights: the ranking changes, the
old one stays reproducible), every open build project scored by the PMO, six candidates in
the opportunity phase with their effort plans and envelopes, and two competing scenarios
before the decision body: one presented and awaiting its arbitration, the other sent back
for amendment.

Its events are stamped just after the history's last instant, so that every gate decision
of the history keeps the rules it was taken under."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from uuid import UUID

from demo.governance import DemoGovernance
from demo.projects import DemoProject
from demo.world import Cast
from domain.calendar import Month
from domain.clock import recording_at
from domain.principal import SYSTEM, Principal
from domain.project import Project
from domain.scenario import Arbitration
from domain.services.projects import ProjectRegistration
from domain.values import ProjectKind, Role
from governance_rules.loading import SHIPPED
from infrastructure.bootstrap import Jalon

# code, name, establishment, area, months from next month to its start, duration (months),
# hours a month, envelope (euros), team
CANDIDATES = [
    ("OPP-INS", "Identité nationale de santé (INS) qualifiée", "GHT", "GAM", 0, 10, 220,
     "420000", "PROJETS-GHT"),
    ("OPP-SEGUR2", "Ségur numérique vague 2 : DPI et messagerie", "GHT", "DPI", 1, 18, 360,
     "1850000", "PROJETS-GHT"),
    ("OPP-EDR", "Détection et réponse sur les postes (EDR)", "GHT", "SECURITE", 0, 8, 160,
     "380000", "PROJETS-NANCY"),
    ("OPP-PACS-IA", "Aide au diagnostic par IA en imagerie", "CHRU-NANCY", "IMAGERIE", 2, 12,
     180, "640000", "PROJETS-NANCY"),
    ("OPP-EDS", "Entrepôt de données de santé du GHT", "GHT", "DECISIONNEL", 3, 24, 260,
     "1200000", "PROJETS-VOSGES"),
    ("OPP-CIRCUIT", "Circuit du médicament au lit du patient", "CHI-EPINAL", "PHARMACIE", 1,
     14, 240, "760000", "PROJETS-VOSGES"),
]  # fmt: skip
CRITERIA = [
    "strategic_alignment", "regulatory_obligation", "patient_safety", "expected_value", "risk",
    "cost",
]  # fmt: skip


def rule_text(version: int) -> str:
    return (SHIPPED / f"anap-priority-v{version}.yaml").read_text(encoding="utf-8")


def load_arbitration(
    jalon: Jalon,
    rng: random.Random,
    cast: Cast,
    governance: DemoGovernance,
    projects: list[DemoProject],
    now: datetime,
) -> None:
    pmo = cast.first(Role.PMO).principal
    chair = governance.bodies["ID"].chair.principal
    steps = iter(range(1, 1000))

    def at() -> datetime:
        return now + timedelta(seconds=next(steps))

    with recording_at(at()):
        jalon.rulesets.adopt(SYSTEM, source=rule_text(1), reason="critères de priorisation")
    candidates = _register_candidates(jalon, rng, cast, at(), Month.of(now.date()).next())
    scored = [p.id for p in projects if _open_build(jalon, p.id)] + list(candidates)
    with recording_at(at()), jalon.store.batch():
        for project_id in scored:
            scores = {c: rng.randint(0, 5) for c in CRITERIA}
            if project_id in candidates:  # before the obligation is confirmed
                scores["regulatory_obligation"] = rng.randint(0, 3)
            jalon.scoring.score(pmo, project_id, scores=scores, reason="revue de portefeuille")
    with recording_at(at()), jalon.store.batch():
        for project_id in list(candidates)[:2]:
            jalon.scoring.score(
                pmo, project_id, scores={"regulatory_obligation": 5},
                reason="obligation réglementaire confirmée",
            )  # fmt: skip
    with recording_at(at()):
        jalon.rulesets.adopt(
            SYSTEM, source=rule_text(2), reason="priorité aux obligations et à la sécurité"
        )
    _scenarios(jalon, pmo, chair, governance, candidates, Month.of(now.date()), at)


def _open_build(jalon: Jalon, project_id: UUID) -> bool:
    project = jalon.store.read(Project, project_id, what="project")
    return project.kind is ProjectKind.BUILD and not project.is_terminated


def _register_candidates(
    jalon: Jalon, rng: random.Random, cast: Cast, instant: datetime, first: Month
) -> dict[UUID, tuple[str, int, str]]:
    """The candidates, their effort plans and envelopes: id → (code, start offset, team)."""
    managers = cast.with_role(Role.PROJECT_MANAGER)
    sponsors = cast.with_role(Role.COMMITTEE_MEMBER)
    made = {}
    with recording_at(instant), jalon.store.batch():
        for code, name, site, area, offset, duration, hours, envelope, team in CANDIDATES:
            manager = rng.choice(managers)
            project_id = jalon.projects.register(
                manager.principal,
                ProjectRegistration(
                    code=code, name=name, establishment=site, functional_area=area,
                    kind=ProjectKind.BUILD, sponsor_id=rng.choice(sponsors).person_id,
                    manager_id=manager.person_id,
                    description=f"{name} : candidat à l'arbitrage de l'instance décisionnaire.",
                ),
            ).id  # fmt: skip
            months = [first.plus(offset + i) for i in range(duration)]
            jalon.effort_plans.plan(
                manager.principal, project_id,
                months={str(m): str(hours + 8 * rng.randint(-5, 5)) for m in months},
                reason="chiffrage de la fiche d'opportunité",
            )  # fmt: skip
            years = sorted({m.year for m in months})
            total = Decimal(envelope)
            for year in years:
                share = total * sum(1 for m in months if m.year == year) / duration
                amount = str(share.quantize(Decimal("1000")))
                jalon.projects.record_budget(
                    manager.principal, project_id, year=year, envelope=amount, committed="0",
                    spent="0", forecast=amount, reason="enveloppe demandée",
                )  # fmt: skip
            made[project_id] = (code, offset, team)
    return made


def _scenarios(
    jalon: Jalon,
    pmo: Principal,
    chair: Principal,
    governance: DemoGovernance,
    candidates: dict[UUID, tuple[str, int, str]],
    month: Month,
    at: Callable[[], datetime],
) -> None:
    scenarios = jalon.scenarios
    envelopes = {month.year + 1: "2900000", month.year + 2: "1200000"}
    ids = list(candidates)
    regulatory = {"OPP-INS", "OPP-SEGUR2", "OPP-EDR", "OPP-CIRCUIT"}
    with recording_at(at()), jalon.store.batch():
        scenarios.draft(pmo, code="ARB-A", name="Obligations et sécurité d'abord",
                        envelopes=envelopes, reason="arbitrage annuel")  # fmt: skip
        scenarios.draft(pmo, code="ARB-B", name="Tout lancer, en étalant",
                        envelopes=envelopes, reason="arbitrage annuel")  # fmt: skip
        for project_id in ids:
            code, _, team = candidates[project_id]
            scenarios.choose(
                pmo, "ARB-A", project_id=project_id, selected=code in regulatory, team=team,
                reason="obligation ou sécurité" if code in regulatory else "reporté",
            )  # fmt: skip
            scenarios.choose(
                pmo, "ARB-B", project_id=project_id, selected=True, team=team,
                shift_months=0 if code in regulatory else 6, reason="étalement de la charge",
            )  # fmt: skip
    body = governance.bodies["ID"].id
    with recording_at(at()), jalon.store.batch():
        scenarios.present(pmo, "ARB-A", body_id=body, reason="instance décisionnaire")
        scenarios.present(pmo, "ARB-B", body_id=body, reason="instance décisionnaire")
    with recording_at(at()):
        scenarios.arbitrate(
            chair, "ARB-B", outcome=Arbitration.AMEND,
            reason="charge des pôles projets trop haute : décaler l'entrepôt de données",
        )  # fmt: skip
