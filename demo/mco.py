"""The MCO services the teams keep running, their commitments, a monthly availability
measurement each (some months in breach) and their incidents."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from functools import partial
from uuid import UUID

from demo.teams import DemoTeam, Organisation
from demo.timeline import Timeline, months_between
from demo.world import DemoPerson
from domain.calendar import Month, minutes_in_month
from domain.principal import Principal
from domain.services.mco_services import commitments_of
from infrastructure.bootstrap import Jalon

# code, name, index of the keeping team in catalogue.MCO_TEAMS, target %, P1 hours, measured
# as a percentage by the vendor (True) or in minutes by the team (False)
SERVICES = [
    ("DPI", "Dossier patient informatisé", 0, "99.7", 4, False),
    ("URGENCES", "Dossier des urgences", 17, "99.8", 2, False),
    ("BLOC", "Gestion du bloc opératoire", 17, "99.5", 4, False),
    ("PACS", "PACS (archivage d'images)", 1, "99.7", 4, False),
    ("RIS", "RIS (radiologie)", 1, "99.5", 8, False),
    ("SIL", "Système d'information de laboratoire", 2, "99.7", 4, False),
    ("PHARMA", "Circuit du médicament", 3, "99.5", 4, False),
    ("GEF", "Gestion économique et financière", 4, "99.0", 8, False),
    ("PAIE", "Paie et gestion des RH", 5, "99.0", 8, True),
    ("GAM", "Gestion administrative des malades", 6, "99.5", 4, False),
    ("INS", "Serveur d'identités (INS)", 18, "99.8", 2, False),
    ("RESEAU", "Cœur de réseau du GHT", 7, "99.9", 2, False),
    ("WIFI", "Wi-Fi des sites", 7, "99.0", 8, False),
    ("STOCKAGE", "Stockage et virtualisation", 8, "99.9", 2, False),
    ("ANNUAIRE", "Annuaire et authentification", 8, "99.9", 2, False),
    ("POSTES", "Postes de travail virtualisés", 9, "99.5", 8, False),
    ("SOC", "Supervision de sécurité", 10, "99.5", 4, True),
    ("TLC", "Téléconsultation", 11, "99.0", 8, True),
    ("BIOMED", "Passerelle biomédicale", 12, "99.5", 4, False),
    ("EAI", "Bus d'interopérabilité", 13, "99.7", 4, False),
    ("MSSANTE", "Messagerie sécurisée MSSanté", 13, "99.5", 8, False),
    ("EDS", "Entrepôt de données de santé", 14, "99.0", 24, True),
    ("IPBX", "Téléphonie (IPBX)", 15, "99.8", 4, False),
    ("OUTIL-CDS", "Outil du centre de services", 16, "99.0", 8, False),
    ("SAUVEGARDE", "Sauvegardes", 19, "99.5", 8, False),
]
# (code, months after the first, new target, new P1 hours, reason)
CHANGES = [
    ("DPI", 12, "99.8", 4, "nouveau contrat de tierce maintenance"),
    ("RESEAU", 18, "99.9", 1, "engagement renforcé après la certification HDS"),
    ("PAIE", 20, "99.5", 8, "avenant au contrat d'hébergement"),
    ("WIFI", 9, "99.2", 8, "revue annuelle des engagements"),
]
P1_SUMMARIES = [
    "Indisponibilité totale du service", "Panne du serveur de base de données",
    "Coupure réseau du site principal", "Saturation du stockage", "Certificat expiré",
]  # fmt: skip
OTHER_SUMMARIES = [
    "Lenteurs signalées par les services de soins", "Erreur d'interface HL7",
    "Échec d'un traitement de nuit", "Incident d'impression", "Compte bloqué",
    "Alerte de supervision", "Anomalie après mise à jour",
]  # fmt: skip


class ServiceStory:
    def __init__(
        self, jalon: Jalon, timeline: Timeline, rng: random.Random, organisation: Organisation
    ) -> None:
        self.jalon = jalon
        self.timeline = timeline
        self.rng = rng
        self.mco_teams = [t for t in organisation.teams if t.run_project is not None]

    def schedule(self, pmo: DemoPerson, first: Month, last: Month) -> None:
        commands = self.jalon.mco_services
        registered = self._at(first.plus(-2), 5, 10)
        for code, name, team_index, target, p1_hours, by_percent in SERVICES:
            team = self.mco_teams[team_index]
            self.timeline.at(
                registered,
                partial(
                    commands.register, pmo.principal, code=code, name=name, team=team.code,
                    commitments=commitments_of(target, p1_hours), effective_from=str(first),
                ),
            )  # fmt: skip
            for month in months_between(first, last):
                self._month(code, team, target, by_percent, month)
        for code, offset, target, p1_hours, reason in CHANGES:
            month = first.plus(offset)
            self.timeline.at(
                self._at(month.previous(), 20, 14),
                partial(
                    commands.change_commitments, pmo.principal, code,
                    commitments=commitments_of(target, p1_hours), effective_from=str(month),
                    reason=reason,
                ),
            )  # fmt: skip

    def _month(
        self, code: str, team: DemoTeam, target: str, by_percent: bool, month: Month
    ) -> None:
        lead = team.lead.principal
        commands = self.jalon.mco_services
        length = minutes_in_month(month, self.timeline.zone)
        allowance = length * (100 - float(target)) / 100
        breach = self.rng.random() < 0.07
        unplanned = int(
            allowance * (self.rng.uniform(1.1, 3) if breach else self.rng.uniform(0, 0.8))
        )
        planned = self.rng.choice([0, 0, 60, 120, 240, 480])
        if by_percent:
            percent = f"{100 * (length - unplanned) / length:.3f}"
            measure = partial(
                commands.record_availability, lead, code, month=str(month), availability=percent
            )
        else:
            measure = partial(
                commands.record_availability, lead, code, month=str(month),
                planned_minutes=planned, unplanned_minutes=unplanned,
            )  # fmt: skip
        self.timeline.at(self._at(month.next(), 3, 9), measure)
        p1 = self.rng.choices([0, 1, 2], weights=[70, 22, 8])[0] + (1 if breach else 0)
        for _ in range(p1):
            self._incident(code, lead, month, 1, self.rng.random() < 0.15)
        for _ in range(self.rng.randint(0, 4)):
            self._incident(code, lead, month, self.rng.randint(2, 4), False)

    def _incident(
        self, code: str, lead: Principal, month: Month, priority: int, over_limit: bool
    ) -> None:
        commands = self.jalon.mco_services
        opened = self._at(month, self.rng.randint(1, 28), self.rng.randint(0, 23))
        limit_hours = next(s[4] for s in SERVICES if s[0] == code)
        if priority == 1:
            hours = limit_hours * (
                self.rng.uniform(1.2, 3) if over_limit else self.rng.uniform(0.2, 0.9)
            )
        else:
            hours = self.rng.uniform(0.5, 72)
        resolved = opened + timedelta(minutes=int(hours * 60))
        incident = UUID(int=self.rng.getrandbits(128), version=4)
        summary = self.rng.choice(P1_SUMMARIES if priority == 1 else OTHER_SUMMARIES)
        if priority == 1:  # recorded when it starts, resolved when it ends
            self.timeline.at(
                opened,
                partial(commands.record_incident, lead, code, priority=1, opened_at=opened,
                        summary=summary, incident_id=incident),
            )  # fmt: skip
            self.timeline.at(
                resolved,
                partial(commands.resolve_incident, lead, code, incident, resolved_at=resolved),
            )
        else:  # recorded once closed
            self.timeline.at(
                resolved,
                partial(commands.record_incident, lead, code, priority=priority, opened_at=opened,
                        resolved_at=resolved, summary=summary, incident_id=incident),
            )  # fmt: skip

    def _at(self, month: Month, day: int, hour: int) -> datetime:
        day = min(day, month.last_day.day)
        return datetime.combine(month.first_day.replace(day=day), time(hour), self.timeline.zone)
