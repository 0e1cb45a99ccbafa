"""People, roles and tokens through HTTP."""

from __future__ import annotations

from tests.e2e.conftest import Api
from tests.support import Group


def test_admin_registers_a_person_with_roles(api: Api, group: Group) -> None:
    response = api.post("/api/v1/people", "admin", {
        "login": "c.martin", "display_name": "Camille Martin", "email": "c.martin@chru.fr",
        "establishment": "CHRU", "roles": ["staff"], "reason": "new hire",
    })  # fmt: skip
    assert response.status_code == 201, response.text
    person = api.get(f"/api/v1/people/{response.json()['id']}", "pmo").json()
    assert (person["name"], person["roles"], person["establishment"]) == (
        "Camille Martin",
        ["staff"],
        "CHRU",
    )
    assert person["role_history"][0]["role"] == "staff"


def test_only_admins_manage_people_and_roles(api: Api, group: Group) -> None:
    body = {
        "login": "x.y",
        "display_name": "X Y",
        "email": "x@y.fr",
        "establishment": "CHRU",
        "reason": "r",
    }
    for who in ("pmo", "manager", "auditor", "staff", "member"):
        assert api.post("/api/v1/people", who, body).status_code == 403
    target = group.staff.person_id
    assert (
        api.post(
            f"/api/v1/people/{target}/roles", "pmo", {"role": "admin", "reason": "x"}
        ).status_code
        == 403
    )
    assert (
        api.post(
            f"/api/v1/people/{target}/roles", "admin", {"role": "pmo", "reason": "x"}
        ).status_code
        == 200
    )
    assert (
        api.post(
            f"/api/v1/people/{target}/roles", "admin", {"role": "pmo", "reason": "x"}
        ).status_code
        == 409
    )


def test_staff_see_only_themselves(api: Api, group: Group) -> None:
    assert api.get(f"/api/v1/people/{group.staff.person_id}", "staff").status_code == 200
    assert api.get(f"/api/v1/people/{group.manager.person_id}", "staff").status_code == 403
    assert api.get("/api/v1/people", "staff").status_code == 403
    assert api.get("/api/v1/people", "auditor").json()["total"] == 7


def test_a_person_renews_their_own_token_and_the_old_one_can_be_revoked(
    api: Api, group: Group
) -> None:
    me = group.manager.person_id
    issued = api.post(f"/api/v1/people/{me}/tokens", "manager", {"valid_days": 7})
    assert issued.status_code == 201
    new = issued.json()
    assert api.client.get("/api/v1/me", headers={"Authorization": f"Bearer {new['token']}"}).json()[
        "id"
    ] == str(me)
    assert (
        api.post(f"/api/v1/people/{group.staff.person_id}/tokens", "manager", {}).status_code == 403
    )
    revoked = api.post(
        f"/api/v1/people/{me}/tokens/{new['token_id']}/revoke", "manager", {"reason": "rotated"}
    )
    assert revoked.status_code == 200
    assert (
        api.client.get(
            "/api/v1/me", headers={"Authorization": f"Bearer {new['token']}"}
        ).status_code
        == 401
    )


def test_disabling_someone_cuts_their_access_at_once(api: Api, group: Group) -> None:
    assert api.get("/api/v1/portfolio", "staff").status_code == 200
    assert (
        api.post(
            f"/api/v1/people/{group.staff.person_id}/disable", "admin", {"reason": "left"}
        ).status_code
        == 200
    )
    assert api.get("/api/v1/portfolio", "staff").status_code == 401


def test_reference_data_is_read_by_all_and_edited_by_admins(api: Api, group: Group) -> None:
    listed = api.get("/api/v1/establishments", "staff").json()
    assert {e["code"] for e in listed} == {"CHRU", "CH-TOUL", "GHT"}
    assert (
        api.post("/api/v1/establishments", "pmo", {"code": "CH-X", "name": "X"}).status_code == 403
    )
    assert (
        api.post("/api/v1/establishments", "admin", {"code": "ch-x", "name": "CH X"}).status_code
        == 201
    )
    assert (
        api.post("/api/v1/establishments/CH-X/retire", "admin", {"reason": "merged"}).status_code
        == 200
    )
    assert {e["code"]: e["active"] for e in api.get("/api/v1/establishments", "staff").json()}[
        "CH-X"
    ] is False
