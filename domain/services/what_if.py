"""What-if: replay the recorded history under another rule set, in memory, writing
nothing, and compare the automatic escalations it would have raised with those recorded.
Before `from` the recorded rule sets apply (what happened then), from `from` to `to` the
alternative."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from domain.authorization import Operation, authorize
from domain.calendar import Month
from domain.errors import InvalidCommand
from domain.principal import Principal
from governance_rules.loading import load
from governance_rules.replay import HistoryEvent, Raised, recorded_automatic, replay

MAX_MONTHS = 120


def _case(case: Raised, codes: dict[str, str]) -> dict[str, Any]:
    b = case.breach
    return {
        "month": case.checkpoint, "at": case.at.isoformat(), "project_id": str(b.project_id),
        "project_code": codes.get(str(b.project_id)), "rule": b.rule.value,
        "rule_set_hash": b.rule_set_hash, "facts": b.facts, "threshold": b.threshold,
    }  # fmt: skip


def what_if(
    principal: Principal,
    history: list[HistoryEvent],
    *,
    source: str,
    first: str,
    last: str,
    zone: ZoneInfo,
) -> dict[str, Any]:
    authorize(principal, Operation.RULES_WHAT_IF)
    start, end = Month.parse(first, field="from"), Month.parse(last, field="to")
    if end < start or start.plus(MAX_MONTHS - 1) < end:
        raise InvalidCommand(f"from..to must be 1 to {MAX_MONTHS} months", field="to")
    alternative = load(source, file="<what-if>")
    codes = {
        str(e.originator_id): str(e.data["code"]) for e in history if e.name == "Project.Registered"
    }
    # The history before `from` happened under the recorded rule sets (and its open cases
    # still block new ones): replay it as it was, then the alternative from `from` on.
    origin = min((Month.containing(e.timestamp, zone) for e in history), default=start)
    would = [
        case
        for case in replay(
            history, zone=zone, first=min(origin, start), last=end, alternative=alternative,
            alternative_from=start,
        )
        if str(start) <= case.checkpoint
    ]  # fmt: skip
    recorded = [r for r in recorded_automatic(history) if str(start) <= r.checkpoint <= str(end)]
    recorded_keys = {r.key for r in recorded}
    would_keys = {c.key for c in would}
    return {
        "rule_set": {"label": alternative.rules.label, "content_hash": alternative.content_hash},
        "from": str(start),
        "to": str(end),
        "would_raise": [_case(c, codes) for c in would],
        "recorded": [
            {
                "month": r.checkpoint,
                "project_id": str(r.project_id),
                "project_code": codes.get(str(r.project_id)),
                "rule": r.rule,
                "escalation_id": str(r.escalation_id),
            }
            for r in recorded
        ],
        "only_under_alternative": [_case(c, codes) for c in would if c.key not in recorded_keys],
        "only_recorded": [
            {
                "month": r.checkpoint,
                "project_code": codes.get(str(r.project_id)),
                "rule": r.rule,
                "escalation_id": str(r.escalation_id),
            }
            for r in recorded
            if r.key not in would_keys
        ],
        "summary": {
            "would_raise": len(would),
            "recorded": len(recorded),
            "same": len(would_keys & recorded_keys),
            "only_under_alternative": len(would_keys - recorded_keys),
            "only_recorded": len(recorded_keys - would_keys),
        },
    }
