"""The menu: one entry per page, shown to those the matrix allows.

A new capability adds its entry here (none before the capability exists: no empty or
fake pages), its parts of the dashboard and the project page in api/web/sections.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from api.web.i18n import N_
from domain.authorization import Operation, may
from domain.principal import Principal


@dataclass(frozen=True)
class NavEntry:
    label: str  # a catalogue key, translated when shown
    path: str
    operation: Operation


NAV: list[NavEntry] = [
    NavEntry(N_("Portfolio"), "/portfolio", Operation.PORTFOLIO_READ),
    NavEntry(N_("Committee"), "/committee", Operation.PAGE_COMMITTEE),
    NavEntry(N_("Decision register"), "/audit/decisions", Operation.PAGE_AUDIT),
    NavEntry(N_("Spreadsheet import"), "/import", Operation.DATA_IMPORT),
    NavEntry(N_("Run / build share"), "/time-share", Operation.REPORT_READ),
    NavEntry(N_("MCO commitments"), "/mco", Operation.REPORT_READ),
    NavEntry(N_("Audit trail"), "/audit/trail", Operation.AUDIT_READ),  # issue 4
    NavEntry(N_("Escalations"), "/escalations", Operation.ESCALATION_READ),  # issue 6
    NavEntry(N_("Monthly review"), "/monthly-review", Operation.REPORT_READ),  # issue 6
    NavEntry(N_("Prioritisation"), "/prioritisation", Operation.PORTFOLIO_READ),  # issue 7
]


def entries_for(principal: Principal) -> list[NavEntry]:
    return [entry for entry in NAV if may(principal, entry.operation)]
