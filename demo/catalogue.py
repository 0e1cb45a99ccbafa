"""The demo group's fixed vocabulary: establishments, functional areas, names."""

from __future__ import annotations

ESTABLISHMENTS = [
    ("GHT", "GHT Sud Lorraine (groupe)"),
    ("CHRU-NANCY", "CHRU de Nancy"),
    ("CH-LUNEVILLE", "CH de Lunéville"),
    ("CH-TOUL", "CH Saint-Charles de Toul"),
    ("CH-PONT-A-MOUSSON", "CH de Pont-à-Mousson"),
    ("CH-ST-NICOLAS", "CH de Saint-Nicolas-de-Port"),
    ("CPN-LAXOU", "Centre psychothérapique de Nancy"),
    ("CH-NEUFCHATEAU", "CH de Neufchâteau"),
    ("CH-REMIREMONT", "CH de Remiremont"),
    ("CHI-EPINAL", "CHI Émile Durkheim d'Épinal"),
    ("CH-MIRECOURT", "CH de Mirecourt"),
    ("CH-COMMERCY", "CH de Commercy"),
]

FUNCTIONAL_AREAS = [
    ("DPI", "Dossier patient informatisé"),
    ("IMAGERIE", "Imagerie (PACS / RIS)"),
    ("LABO", "Laboratoire (SIL)"),
    ("PHARMACIE", "Pharmacie et circuit du médicament"),
    ("GEF", "Gestion économique et financière"),
    ("RH", "Ressources humaines"),
    ("GAM", "Gestion administrative des malades"),
    ("INFRA", "Infrastructures et réseaux"),
    ("SECURITE", "Sécurité des systèmes d'information"),
    ("TELESANTE", "Télésanté et parcours"),
    ("BIOMED", "Ingénierie biomédicale"),
    ("INTEROP", "Interopérabilité et messagerie"),
    ("DECISIONNEL", "Décisionnel et entrepôt de données"),
]

FIRST_NAMES = [
    "Camille", "Julien", "Sophie", "Nicolas", "Claire", "Thomas", "Émilie", "Antoine",
    "Isabelle", "Mathieu", "Nathalie", "Sébastien", "Aurélie", "Guillaume", "Céline",
    "Laurent", "Sandrine", "Olivier", "Hélène", "Pierre", "Valérie", "François", "Marion",
    "Christophe", "Agnès", "Jérôme", "Delphine", "Benoît", "Caroline", "Stéphane", "Élodie",
    "Vincent", "Laure", "Frédéric", "Anne", "Philippe", "Juliette", "Damien", "Manon", "Yann",
]  # fmt: skip

LAST_NAMES = [
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau",
    "Laurent", "Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David", "Bertrand", "Morel",
    "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent",
    "Muller", "Lefebvre", "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer", "Garnier",
    "Chevalier", "François", "Legrand", "Gauthier", "Perrin", "Schmitt", "Weber", "Klein",
]  # fmt: skip

# (functional area, project name patterns); {site} is an establishment's short name.
PROJECT_THEMES = [
    ("DPI", ["Déploiement du DPI convergé — {site}", "Prescription connectée — {site}",
             "Dossier de soins infirmiers — {site}", "Module urgences du DPI — {site}"]),
    ("IMAGERIE", ["PACS mutualisé — {site}", "RIS commun du GHT — {site}", "Téléradiologie — {site}"]),
    ("LABO", ["SIL commun — {site}", "Connexion des automates — {site}", "Résultats en ligne — {site}"]),
    ("PHARMACIE", ["Circuit du médicament — {site}", "Robot de dispensation — {site}",
                   "Traçabilité des DMI — {site}"]),
    ("GEF", ["Convergence GEF — {site}", "Dématérialisation des factures — {site}"]),
    ("RH", ["Gestion des temps — {site}", "Dossier agent dématérialisé — {site}"]),
    ("GAM", ["Identito-vigilance (INS) — {site}", "Admission en ligne — {site}",
             "Facturation FIDES — {site}"]),
    ("INFRA", ["Renouvellement du réseau — {site}", "Wi-Fi patients — {site}",
               "Migration du datacenter — {site}", "Postes de travail — {site}"]),
    ("SECURITE", ["Plan de continuité — {site}", "Authentification forte — {site}",
                  "Supervision de sécurité (SOC) — {site}"]),
    ("TELESANTE", ["Téléconsultation — {site}", "Parcours e-Parcours — {site}",
                   "Télésurveillance — {site}"]),
    ("BIOMED", ["Monitorage connecté — {site}", "Pousse-seringues connectés — {site}"]),
    ("INTEROP", ["Messagerie sécurisée MSSanté — {site}", "Alimentation du DMP — {site}",
                 "Bus d'interopérabilité — {site}"]),
    ("DECISIONNEL", ["Entrepôt de données de santé — {site}", "Tableaux de bord PMSI — {site}"]),
]  # fmt: skip

MCO_TEAMS = [
    ("DPI", "MCO Dossier patient"), ("IMAGERIE", "MCO Imagerie"), ("LABO", "MCO Laboratoire"),
    ("PHARMACIE", "MCO Pharmacie"), ("GEF", "MCO Finances"), ("RH", "MCO Ressources humaines"),
    ("GAM", "MCO Admissions"), ("INFRA", "MCO Réseaux"), ("INFRA", "MCO Serveurs et stockage"),
    ("INFRA", "MCO Postes de travail"), ("SECURITE", "MCO Sécurité"), ("TELESANTE", "MCO Télésanté"),
    ("BIOMED", "MCO Biomédical"), ("INTEROP", "MCO Interopérabilité"),
    ("DECISIONNEL", "MCO Décisionnel"), ("INFRA", "MCO Téléphonie"), ("INFRA", "MCO Centre de services"),
    ("DPI", "MCO Urgences et bloc"), ("GAM", "MCO Identité patient"), ("INFRA", "MCO Sauvegardes"),
]  # fmt: skip

MILESTONE_NAMES = [
    "Note de cadrage validée", "Choix de la solution", "Paramétrage terminé", "PV de recette",
    "Service pilote validé", "Mise en service généralisée", "Bilan de projet",
]  # fmt: skip

RISK_TITLES = [
    "Retard de livraison de l'éditeur", "Indisponibilité des référents métier",
    "Dépassement du budget de prestations", "Reprise de données incomplète",
    "Résistance au changement des équipes soignantes", "Interface HL7 instable",
    "Capacité du réseau insuffisante", "Turn-over de l'équipe projet",
    "Exigences réglementaires (HDS) non couvertes", "Performance de la solution en charge",
]  # fmt: skip

REPORT_COMMENTS = {
    "green": ["Avancement conforme au planning.", "RAS ce mois-ci.", "Jalons tenus, équipe mobilisée."],
    "yellow": ["Quelques tensions sur les ressources.", "Point de vigilance sur la recette.",
               "Retard mineur rattrapable."],
    "orange": ["Retard de l'éditeur sur la livraison.", "Dérive budgétaire à surveiller.",
               "Charge des référents métier trop forte."],
    "red": ["Blocage majeur : arbitrage nécessaire.", "Dépassement budgétaire confirmé.",
            "Jalon critique manqué, replanification en cours."],
}  # fmt: skip
