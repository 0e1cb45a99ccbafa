"""Words shown for the domain's codes (phases, weather, outcomes...), marked for translation
and translated when a page is rendered."""

from __future__ import annotations

from api.web.i18n import N_

LABELS: dict[str, dict[str, str]] = {
    "phase": {
        "opportunity": N_("Opportunity"),
        "framing": N_("Framing"),
        "design": N_("Design"),
        "build": N_("Build"),
        "deployment": N_("Deployment"),
        "closure": N_("Closure"),
        "closed": N_("Closed"),
        "suspended": N_("Suspended"),
        "abandoned": N_("Abandoned"),
    },
    "kind": {"build": N_("Project (build)"), "run": N_("MCO (run)")},
    "weather": {
        "green": N_("sunny (green)"),
        "yellow": N_("cloudy (yellow)"),
        "orange": N_("rainy (orange)"),
        "red": N_("stormy (red)"),
    },
    "verdict": {"met": N_("met"), "missed": N_("missed"), "not_measured": N_("not measured")},
    "dimension": {
        "quality": N_("Quality"),
        "cost": N_("Cost"),
        "deadline": N_("Deadline"),
        "risk": N_("Risk"),
    },
    "status": {
        "requested": N_("requested"),
        "scheduled": N_("scheduled"),
        "under_review": N_("under review"),
        "deferred": N_("deferred"),
        "approved": N_("approved"),
        "approved_with_conditions": N_("approved with conditions"),
        "rejected": N_("rejected"),
        "withdrawn": N_("withdrawn"),
        "decided": N_("decided"),
    },
    "subject": {
        "suspend": N_("suspension"),
        "resume": N_("resumption"),
        "abandon": N_("abandonment"),
    },
    "vote": {"approve": N_("for"), "reject": N_("against"), "abstain": N_("abstention")},
    "role": {
        "admin": N_("administrator"),
        "pmo": N_("PMO"),
        "project_manager": N_("project manager"),
        "committee_member": N_("committee member"),
        "auditor": N_("auditor"),
        "staff": N_("IT staff"),
    },
    "sort": {
        "code": N_("code"),
        "name": N_("name"),
        "establishment": N_("establishment"),
        "phase": N_("phase"),
        "updated_at": N_("last change"),
        "slippage": N_("slippage"),
        "criticality": N_("risk criticality"),
        "forecast": N_("forecast cost"),
    },
    "escalation_state": {
        "opened": N_("Opened"),
        "acknowledged": N_("Acknowledged"),
        "action_plan_agreed": N_("Action plan agreed"),
        "monitoring": N_("Monitoring"),
        "closed": N_("Closed"),
        "cancelled": N_("Cancelled"),
    },
    "scenario_state": {
        "draft": N_("draft"),
        "presented": N_("presented"),
        "accepted": N_("accepted"),
        "rejected": N_("rejected"),
    },
    "decision_mode": {"chair": N_("the chair decides"), "majority": N_("majority")},
}


def label_of(group: str, code: str | None) -> str:
    """The untranslated label (a catalogue key); unknown codes (a gate such as G2) as is."""
    if code is None:
        return ""
    return LABELS.get(group, {}).get(code, code)
