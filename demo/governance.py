"""The demo group's governance: the rule set (v1, then a revision midway), the decision
body, the operational body and one COPIL per programme of functional areas."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from demo.world import Cast, DemoPerson
from domain.body import body_id_for
from domain.clock import recording_at
from domain.principal import SYSTEM
from domain.values import Role
from governance_rules.loading import SHIPPED
from governance_rules.ruleset import BodyKind
from infrastructure.bootstrap import Jalon

# (code, name, kind, functional areas steered, seats: indexes into the committee members)
BODIES: list[tuple[str, str, BodyKind, tuple[str, ...], tuple[int, ...]]] = [
    ("ID", "Instance décisionnaire du GHT", BodyKind.DECISION, (), (0, 1, 2, 3, 4, 5)),
    ("IO", "Instance opérationnelle du GHT", BodyKind.OPERATIONAL, (), (6, 7, 8, 9)),
    ("COPIL-PARCOURS", "COPIL Parcours patient", BodyKind.COPIL,
     ("DPI", "GAM", "TELESANTE", "INTEROP"), (1, 6, 7)),
    ("COPIL-MEDICOTECH", "COPIL Médico-technique", BodyKind.COPIL,
     ("IMAGERIE", "LABO", "PHARMACIE", "BIOMED"), (2, 8, 9, 3)),
    ("COPIL-SUPPORT", "COPIL Fonctions support", BodyKind.COPIL,
     ("GEF", "RH", "DECISIONNEL"), (4, 7, 9)),
    ("COPIL-INFRA", "COPIL Infrastructures et sécurité", BodyKind.COPIL,
     ("INFRA", "SECURITE"), (5, 6, 8)),
]  # fmt: skip


@dataclass(frozen=True)
class DemoBody:
    code: str
    kind: BodyKind
    chair: DemoPerson
    members: tuple[DemoPerson, ...]

    @property
    def id(self) -> UUID:
        return body_id_for(self.code)


@dataclass
class DemoGovernance:
    bodies: dict[str, DemoBody] = field(default_factory=dict)
    copil_of_area: dict[str, str] = field(default_factory=dict)

    def body_for(self, kind: BodyKind, area: str) -> DemoBody:
        if kind is BodyKind.COPIL:
            return self.bodies[self.copil_of_area[area]]
        return next(b for b in self.bodies.values() if b.kind is kind)


def rule_text(version: int) -> str:
    return (SHIPPED / f"anap-default-v{version}.yaml").read_text(encoding="utf-8")


def load_governance(jalon: Jalon, cast: Cast, at: datetime) -> DemoGovernance:
    """The first rule set and the bodies exist before the history starts."""
    committee = cast.with_role(Role.COMMITTEE_MEMBER)
    governance = DemoGovernance()
    with recording_at(at), jalon.store.batch():
        jalon.rulesets.adopt(SYSTEM, source=rule_text(1), reason="règles ANAP du schéma directeur")
        for code, name, kind, areas, seats in BODIES:
            members = tuple(committee[i] for i in seats)
            jalon.bodies.constitute(
                SYSTEM, code=code, name=name, kind=kind, reason="charte de gouvernance"
            )
            for member in members:
                jalon.bodies.appoint_member(
                    SYSTEM, body_id_for(code), person_id=member.person_id, reason="nomination"
                )
            jalon.bodies.appoint_chair(
                SYSTEM, body_id_for(code), person_id=members[0].person_id, reason="présidence"
            )
            governance.bodies[code] = DemoBody(code, kind, members[0], members)
            governance.copil_of_area |= dict.fromkeys(areas, code)
    return governance
