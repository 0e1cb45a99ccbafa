"""Priority scores: the arithmetic on hand-computed examples, the rule-set section, and the
scoring command (in memory)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.errors import Conflict, Forbidden, InvalidCommand
from domain.principal import SYSTEM
from domain.scoring import ProjectScores, scores_id_for
from domain.services.scoring import ScoringService
from governance_rules.loading import SHIPPED, RuleSetInvalid, load, load_file
from governance_rules.priority import Prioritisation, priority_score
from tests.support import Group, project_registration, rule_source
from tests.unit.conftest import Services

A = {
    "strategic_alignment": 5, "regulatory_obligation": 0, "patient_safety": 3,
    "expected_value": 4, "risk": 2, "cost": 1,
}  # fmt: skip
B = {
    "strategic_alignment": 1, "regulatory_obligation": 5, "patient_safety": 4,
    "expected_value": 2, "risk": 3, "cost": 3,
}  # fmt: skip


def criteria(version: int) -> Prioritisation:
    rules = load_file(SHIPPED / f"anap-priority-v{version}.yaml").rules.prioritisation
    assert rules is not None
    return rules


def test_score_by_hand_under_v1() -> None:
    # weights 25 20 20 15 10 10; A normalised 1, 0, 3/5, 4/5, 1-2/5, 1-1/5
    score = priority_score(criteria(1), A)
    assert score.total == Decimal("63.00")
    assert [p.points for p in score.parts] == [
        Decimal("25.00"), Decimal("0.00"), Decimal("12.00"), Decimal("12.00"),
        Decimal("6.00"), Decimal("8.00"),
    ]  # fmt: skip
    assert score.complete
    assert priority_score(criteria(1), B).total == Decimal("55.00")


def test_new_weights_re_rank_the_same_scores() -> None:
    # weights 10 30 30 10 10 10
    assert priority_score(criteria(2), A).total == Decimal("50.00")
    assert priority_score(criteria(2), B).total == Decimal("68.00")


def test_missing_criterion_counts_zero_and_marks_incomplete() -> None:
    score = priority_score(criteria(1), {"strategic_alignment": 5, "cost": 0})
    assert score.total == Decimal("35.00")  # 25 + 10 (cost 0 is the best)
    assert not score.complete
    assert [p.key for p in score.parts if p.value is None] == [
        "regulatory_obligation", "patient_safety", "expected_value", "risk",
    ]  # fmt: skip


def test_rounding_is_half_up_to_cents_and_out_of_scale_values_are_held() -> None:
    rules = Prioritisation.model_validate(
        {
            "criteria": [
                {"key": "aa", "name": "a", "weight": 1, "scale_max": 3},
                {"key": "bb", "name": "b", "weight": 1, "scale_max": 3},
                {"key": "cc", "name": "c", "weight": 1, "scale_max": 3},
            ]
        }
    )
    assert priority_score(rules, {"aa": 1}).total == Decimal("11.11")  # 100/9
    assert priority_score(rules, {"aa": 2}).total == Decimal("22.22")
    assert priority_score(rules, {"aa": 9, "bb": 3, "cc": 3}).total == Decimal("100.00")


def test_rule_set_without_the_section_still_loads_and_bad_sections_name_their_line() -> None:
    assert load(rule_source(2)).rules.prioritisation is None
    broken = (SHIPPED / "anap-priority-v1.yaml").read_text().replace("weight: 25", "weight: -1")
    with pytest.raises(RuleSetInvalid) as raised:
        load(broken, file="p.yaml")
    assert "prioritisation.criteria[0].weight" in str(raised.value)
    twice = (SHIPPED / "anap-priority-v1.yaml").read_text().replace("key: cost", "key: risk")
    with pytest.raises(RuleSetInvalid, match="listed twice"):
        load(twice)


def _scoring(services: Services, version: int | None = 1) -> ScoringService:
    if version is not None:
        source = (SHIPPED / f"anap-priority-v{version}.yaml").read_text()
        services.rulesets.adopt(SYSTEM, source=source, reason="priorities")
    return ScoringService(services.store, services.rulesets)


def test_scoring_records_who_why_and_the_rule_set(services: Services, group: Group) -> None:
    project = services.projects.register(group.pmo, project_registration(group)).id
    scoring = _scoring(services)
    scoring.score(group.pmo, project, scores=A, reason="dossier d'opportunité")
    scoring.score(group.pmo, project, scores={"risk": 4, "cost": 1}, reason="risk re-assessed")
    record = services.store.load(ProjectScores, scores_id_for(project), what="scores")
    assert record.scores == {**A, "risk": 4}
    events = list(services.store.events.get(record.id))
    scored = events[-1]
    assert isinstance(scored, ProjectScores.Scored)
    assert scored.scores == {"risk": 4}  # only what changed
    assert scored.actor == str(group.pmo.person_id)
    assert scored.reason == "risk re-assessed"
    assert scored.rule_set_hash == services.rulesets.in_force().content_hash


def test_scoring_refusals_record_nothing(services: Services, group: Group) -> None:
    project = services.projects.register(group.pmo, project_registration(group)).id
    with pytest.raises(Conflict, match="no rule set is in force"):
        _scoring(services, None).score(group.pmo, project, scores=A, reason="r")
    services.rulesets.adopt(SYSTEM, source=rule_source(2), reason="no criteria")
    with pytest.raises(Conflict, match="defines no priority criteria"):
        _scoring(services, None).score(group.pmo, project, scores=A, reason="r")
    scoring = _scoring(services)
    with pytest.raises(InvalidCommand) as raised:
        scoring.score(group.pmo, project, scores={"risk": 6}, reason="r")
    assert raised.value.field == "scores.risk"
    with pytest.raises(InvalidCommand, match="no criterion beauty"):
        scoring.score(group.pmo, project, scores={"beauty": 1}, reason="r")
    with pytest.raises(Forbidden):
        scoring.score(group.manager, project, scores=A, reason="r")
    with pytest.raises(InvalidCommand):
        scoring.score(group.pmo, project, scores=A, reason="  ")
    assert not services.store.exists(scores_id_for(project))
