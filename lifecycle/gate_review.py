"""A gate review's life cycle: requested (by the project manager) → scheduled (body and
meeting date) → under review (the meeting) → decided; a deferral sends it back to
scheduled with a new date; a request may be withdrawn until it is decided."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from lifecycle.machine import LifeCycle, Move, Requirement


class ReviewState(StrEnum):
    REQUESTED = "requested"
    SCHEDULED = "scheduled"
    UNDER_REVIEW = "under_review"
    DECIDED = "decided"
    WITHDRAWN = "withdrawn"

    @property
    def is_open(self) -> bool:
        return self in (ReviewState.REQUESTED, ReviewState.SCHEDULED, ReviewState.UNDER_REVIEW)


class Vote(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    ABSTAIN = "abstain"


class Outcome(StrEnum):
    APPROVED = "approved"
    APPROVED_WITH_CONDITIONS = "approved_with_conditions"
    REJECTED = "rejected"
    DEFERRED = "deferred"

    @property
    def is_approval(self) -> bool:
        return self in (Outcome.APPROVED, Outcome.APPROVED_WITH_CONDITIONS)


@dataclass(frozen=True)
class ReviewFacts:
    """What a step of the review depends on; the service computes them from the rule set in
    force, the body and the votes."""

    body_designated: bool = True  # the body is the one the rule set in force designates
    designated_body: str = ""  # in words, for messages
    meeting_day_reached: bool = True
    voter_present: bool = True
    present: int = 0  # members of the body present
    quorum: int = 0  # members present needed
    mode_agrees: bool = True  # the outcome is the chair's, or the majority's, as the mode says
    mode_words: str = ""
    new_date_later: bool = True  # a deferral names a later meeting date
    condition_open: bool = True


SCHEDULE = "schedule"
RESCHEDULE = "reschedule"
OPEN_SESSION = "open_session"
RECORD_ATTENDANCE = "record_attendance"
VOTE = "vote"
APPROVE = "approve"
REJECT = "reject"
DEFER = "defer"
WITHDRAW = "withdraw"
LIFT_CONDITION = "lift_condition"

DESIGNATED = Requirement[ReviewFacts](
    "body_designated",
    lambda f: f.body_designated,
    lambda f: f"the body the rule set designates ({f.designated_body})",
)
DAY_REACHED = Requirement[ReviewFacts](
    "meeting_day_reached", lambda f: f.meeting_day_reached, "the meeting date"
)
PRESENT = Requirement[ReviewFacts](
    "voter_present", lambda f: f.voter_present, "the voter's presence at the meeting"
)
QUORUM = Requirement[ReviewFacts](
    "quorum",
    lambda f: f.present >= f.quorum,
    lambda f: f"the quorum ({f.present} members present, {f.quorum} needed)",
)
MODE = Requirement[ReviewFacts](
    "decision_mode", lambda f: f.mode_agrees, lambda f: f.mode_words or "the decision mode"
)
LATER_DATE = Requirement[ReviewFacts](
    "later_date", lambda f: f.new_date_later, "a new meeting date after this one"
)
CONDITION_OPEN = Requirement[ReviewFacts](
    "condition_open", lambda f: f.condition_open, "an open condition to lift"
)

R = ReviewState
MOVES: list[Move[ReviewState, ReviewFacts]] = [
    Move(SCHEDULE, (R.REQUESTED,), R.SCHEDULED, (DESIGNATED,)),
    Move(RESCHEDULE, (R.SCHEDULED,), R.SCHEDULED, (DESIGNATED,)),
    Move(OPEN_SESSION, (R.SCHEDULED,), R.UNDER_REVIEW, (DAY_REACHED,)),
    Move(RECORD_ATTENDANCE, (R.UNDER_REVIEW,), R.UNDER_REVIEW),
    Move(VOTE, (R.UNDER_REVIEW,), R.UNDER_REVIEW, (PRESENT,)),
    Move(APPROVE, (R.UNDER_REVIEW,), R.DECIDED, (DESIGNATED, QUORUM, MODE)),
    Move(REJECT, (R.UNDER_REVIEW,), R.DECIDED, (DESIGNATED, QUORUM, MODE)),
    Move(DEFER, (R.UNDER_REVIEW,), R.SCHEDULED, (LATER_DATE,)),
    Move(WITHDRAW, (R.REQUESTED, R.SCHEDULED, R.UNDER_REVIEW), R.WITHDRAWN),
    Move(LIFT_CONDITION, (R.DECIDED,), R.DECIDED, (CONDITION_OPEN,)),
]

GATE_REVIEW_LIFE_CYCLE = LifeCycle(
    "Gate review",
    ReviewState,
    ReviewState.REQUESTED,
    MOVES,
    describe=lambda s: s.value.replace("_", " "),
    kind="gate_review",
)
