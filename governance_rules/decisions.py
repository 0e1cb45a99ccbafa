"""Who decides, with how many present, and whether an outcome agrees with the votes: pure
rules over a rule set, used when a decision is taken and when it is replayed."""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from governance_rules.ruleset import BodyKind, BodyRules, DecisionMode, RuleSet
from lifecycle.gate_review import Vote


def designated_body(rules: RuleSet, subject: str, envelope: Decimal) -> BodyKind:
    """The kind of body that decides `subject` (a gate id or suspend / resume / abandon) for
    a project with this approved envelope: the first decider whose condition holds."""
    for decider in rules.deciders(subject):
        if decider.when_envelope_above is None or envelope > decider.when_envelope_above:
            return decider.body
    raise LookupError(f"rule set {rules.label} names no body for {subject}")


def quorum_needed(body: BodyRules, member_count: int) -> int:
    share = math.ceil(member_count * body.quorum.percent_of_members / 100)
    return max(body.quorum.min_present, share)


@dataclass(frozen=True)
class Tally:
    approve: int
    reject: int
    abstain: int

    def __str__(self) -> str:
        return f"{self.approve} for, {self.reject} against, {self.abstain} abstaining"


def tally(votes: Mapping[UUID, Vote]) -> Tally:
    values = list(votes.values())
    return Tally(values.count(Vote.APPROVE), values.count(Vote.REJECT), values.count(Vote.ABSTAIN))


def majority(votes: Mapping[UUID, Vote], chair_id: UUID | None) -> Vote | None:
    """approve or reject as the votes cast say; a tie is broken by the chair's vote; None
    when nothing decides (no vote, or a tie the chair did not break)."""
    counted = tally(votes)
    if counted.approve != counted.reject:
        return Vote.APPROVE if counted.approve > counted.reject else Vote.REJECT
    chair_vote = votes.get(chair_id) if chair_id else None
    return chair_vote if chair_vote in (Vote.APPROVE, Vote.REJECT) else None


@dataclass(frozen=True)
class Assessment:
    """How a decision stands against the rule set; `problems` is empty when it is allowed."""

    designated: BodyKind
    body_designated: bool
    quorum: int
    present: int
    mode: DecisionMode
    mode_agrees: bool
    mode_words: str

    @property
    def problems(self) -> list[str]:
        found = []
        if not self.body_designated:
            found.append(f"the {self.designated.value} body decides it")
        if self.present < self.quorum:
            found.append(f"no quorum ({self.present} present, {self.quorum} needed)")
        if not self.mode_agrees:
            found.append(self.mode_words)
        return found


def assess(
    rules: RuleSet,
    *,
    subject: str,
    envelope: Decimal,
    body_kind: BodyKind,
    steers_project: bool,
    member_ids: Collection[UUID],
    present_ids: Collection[UUID],
    chair_id: UUID | None,
    votes: Mapping[UUID, Vote],
    approve: bool,
) -> Assessment:
    """Assess approving (`approve`) or rejecting `subject` by a body of `body_kind` (which
    steers the project, or not)."""
    designated = designated_body(rules, subject, envelope)
    body_rules = rules.bodies[body_kind] if body_kind in rules.bodies else rules.bodies[designated]
    members = set(member_ids)
    present = len(members & set(present_ids))
    wanted = Vote.APPROVE if approve else Vote.REJECT
    if body_rules.decision_mode is DecisionMode.CHAIR:
        agrees, words = True, "the chair's decision"
    else:
        counted = {m: v for m, v in votes.items() if m in members}
        agrees = majority(counted, chair_id) is wanted
        words = f"a majority of votes to {wanted.value} ({tally(counted)})"
    return Assessment(
        designated=designated,
        body_designated=body_kind is designated and steers_project,
        quorum=quorum_needed(body_rules, len(members)),
        present=present,
        mode=body_rules.decision_mode,
        mode_agrees=agrees,
        mode_words=words,
    )
