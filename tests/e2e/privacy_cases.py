"""What the personal-data routes (issue 11) touch, for the authorization-matrix walk: a
person who is the caller (OWN) or someone else, here or elsewhere."""

from __future__ import annotations

from domain.authorization import Target
from domain.principal import Principal
from tests.e2e.route_objects import Case, Relation, Subject, Touches, World, reason_only


def _person(world: World, caller: Principal, relation: Relation) -> Subject:
    if relation is Relation.OWN:
        assert caller.person_id is not None
        person_id, establishment = caller.person_id, "CHRU"
    else:
        establishment = "CHRU" if relation is Relation.SAME_ESTABLISHMENT else "CH-TOUL"
        person_id = world.person(establishment)
    return Subject({"person_id": str(person_id)}, Target(owner_id=person_id))


PERSON = Touches(_person)
PEOPLE = "/api/v1/people/{person_id}"

PRIVACY_CASES: dict[str, Case] = {
    # an administrator cannot erase themselves
    f"POST {PEOPLE}/erase": Case(PERSON, reason_only, refusals={Relation.OWN: 422}),
    f"GET {PEOPLE}/personal-data": Case(PERSON),
}
