"""Exports: the portfolio view (with the import sheets of its projects, so that the file can
be imported again) and the gate decisions (of a project, or of the register's filters)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from api.spreadsheets.writing import add_sheet, import_sheets, new_workbook, to_bytes
from api.web.i18n import N_, translations
from api.web.labels import label_of
from infrastructure.sqlvalues import parse_timestamp

PORTFOLIO_COLUMNS = [
    N_("code"), N_("name"), N_("establishment"), N_("functional area"), N_("kind"), N_("phase"),
    N_("phase since"), N_("manager"), N_("report month"), N_("quality"), N_("cost"),
    N_("deadline"), N_("risk"), N_("envelope"), N_("committed"), N_("spent"),
    N_("forecast at completion"), N_("next milestone"), N_("baseline"), N_("forecast"),
    N_("slippage (days)"), N_("latest review"), N_("review status"), N_("open conditions"),
    N_("open risks"), N_("max criticality"),
]  # fmt: skip
LIFTED = N_("lifted")
DECISION_COLUMNS = [
    N_("decided at"), N_("project"), N_("subject"), N_("outcome"), N_("body"), N_("decided by"),
    N_("members present"), N_("votes"), N_("quorum"), N_("decision mode"), N_("reason"),
    N_("conditions"), N_("new date"), N_("deliverables seen"), N_("rule set"),
    N_("rule set sha256"),
]  # fmt: skip


class Words:
    def __init__(self, language: str, zone: ZoneInfo) -> None:
        self.gettext: Callable[[str], str] = translations(language).gettext
        self.zone = zone

    def label(self, group: str, code: str | None) -> str:
        return self.gettext(label_of(group, code)) if code else ""

    def local(self, instant: str | None) -> datetime | None:
        return parse_timestamp(instant).astimezone(self.zone) if instant else None

    def headers(self, columns: Sequence[str]) -> list[str]:
        return [self.gettext(c) for c in columns]


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _portfolio_row(row: dict[str, Any], w: Words) -> list[Any]:
    weather = row["weather"] or {}
    milestone = row["next_milestone"] or {}
    gate = row["gate"] or {}
    budget: dict[str, Decimal] = row["budget"]
    return [
        row["code"], row["name"], row["establishment"], row["functional_area"],
        w.label("kind", row["kind"]), w.label("phase", row["phase"]), w.local(row["phase_since"]),
        row["manager"]["name"] if row["manager"] else None, row["latest_report_month"],
        *(w.label("weather", weather.get(d)) for d in ("quality", "cost", "deadline", "risk")),
        budget["envelope"], budget["committed"], budget["spent"], budget["forecast"],
        milestone.get("name"), _day(milestone.get("baseline")), _day(milestone.get("forecast")),
        milestone.get("slippage_days"), gate.get("subject"), w.label("status", gate.get("status")),
        row["open_conditions"], row["open_risks"], row["max_criticality"],
    ]  # fmt: skip


def portfolio_workbook(
    rows: Sequence[dict[str, Any]],
    sheets: dict[str, list[dict[str, Any]]],
    language: str,
    zone: ZoneInfo,
) -> bytes:
    w = Words(language, zone)
    workbook = new_workbook()
    add_sheet(
        workbook,
        w.gettext("portfolio"),
        w.headers(PORTFOLIO_COLUMNS),
        [_portfolio_row(r, w) for r in rows],
    )
    import_sheets(workbook, sheets)
    return to_bytes(workbook)


def _decision_row(d: dict[str, Any], w: Words) -> list[Any]:
    return [
        w.local(d["decided_at"]), d["project"]["code"], w.label("subject", d["subject"]),
        w.label("status", d["outcome"]), d["body"]["code"],
        d["decided_by"]["name"] if d["decided_by"] else None,
        ", ".join(p["name"] for p in d["present"]),
        ", ".join(f"{v['member']['name']}: {w.label('vote', v['vote'])}" for v in d["votes"]),
        d["quorum"], w.label("decision_mode", d["decision_mode"]), d["reason"],
        "\n".join(
            c["text"] + (f" ({w.gettext(LIFTED)} {c['lifted_at'][:10]})" if c["lifted_at"] else "")
            for c in d["conditions"]
        ),
        _day(d["new_date"]),
        ", ".join(f"{s['kind']} v{s['version']}" for s in d["deliverables_seen"]),
        d["rule_set"]["label"], d["rule_set"]["hash"],
    ]  # fmt: skip


def decisions_workbook(decisions: Sequence[dict[str, Any]], language: str, zone: ZoneInfo) -> bytes:
    w = Words(language, zone)
    workbook = new_workbook()
    add_sheet(
        workbook,
        w.gettext("decisions"),
        w.headers(DECISION_COLUMNS),
        [_decision_row(d, w) for d in decisions],
    )
    return to_bytes(workbook)
