"""A week's time sheet: draft → submitted → validated, or rejected with a reason, then
corrected and submitted again.

Validation goes project by project: each project's lines are approved by whoever may
validate that project's time (its manager, the person's team lead, the PMO). The sheet is
validated when the last project is approved; rejecting any project's lines sends the whole
sheet back to its owner."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from lifecycle.checker import TransitionChecker, fact


class SheetState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    VALIDATED = "validated"
    REJECTED = "rejected"


DRAFT, SUBMITTED, VALIDATED, REJECTED = (s.value for s in SheetState)

TRANSITIONS: list[dict[str, Any]] = [
    # The owner changes the lines: a draft stays a draft, a rejected sheet is being corrected,
    # a submitted sheet is withdrawn as long as nobody approved any of it.
    {"trigger": "amend", "source": [DRAFT, REJECTED], "dest": DRAFT},
    {"trigger": "amend", "source": SUBMITTED, "dest": DRAFT, "unless": fact("has_approvals")},
    {"trigger": "submit", "source": [DRAFT, REJECTED], "dest": SUBMITTED,
     "conditions": fact("has_lines")},
    {"trigger": "approve", "source": SUBMITTED, "dest": VALIDATED,
     "conditions": fact("approves_every_project")},
    {"trigger": "approve", "source": SUBMITTED, "dest": SUBMITTED,
     "unless": fact("approves_every_project")},
    {"trigger": "reject", "source": SUBMITTED, "dest": REJECTED},
]  # fmt: skip

SHEET_WORKFLOW = TransitionChecker(SheetState, TRANSITIONS)
