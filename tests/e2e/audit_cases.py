"""What the audit routes touch, for the authorization-matrix walk: the chain's head, the
audit trail and the event feed read the whole log (no object); a replay needs a decided
review (approved with a condition, as the governance cases make it)."""

from __future__ import annotations

from tests.e2e.governance_cases import CONDITION, REVIEWS
from tests.e2e.route_objects import NOTHING, Case

AUDIT_CASES: dict[str, Case] = {
    "GET /api/v1/audit/head": Case(NOTHING),
    "GET /api/v1/audit/trail": Case(NOTHING),
    f"GET {REVIEWS}/replay": Case(CONDITION),
    "GET /api/v1/events": Case(NOTHING),
    "GET /api/v1/events/stream": Case(NOTHING),
}
