"""Tokens and sign-in through HTTP: every forged, stale or withdrawn credential is 401;
failed sign-ins are recorded and rate-limited; no secret is ever logged or stored in clear."""

from __future__ import annotations

import base64
import json
import logging
from datetime import UTC, datetime, timedelta

import pytest

from domain.clock import recording_at
from domain.principal import SYSTEM
from infrastructure.bootstrap import Jalon
from tests.e2e.conftest import Api
from tests.support import Group

PASSWORD = "correct horse battery staple"


def _jwt(header: dict[str, str], claims: dict[str, object], signature: str = "") -> str:
    def part(value: dict[str, object] | dict[str, str]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    return f"{part(header)}.{part(claims)}.{signature}"


def _me(api: Api, bearer: str) -> int:
    return api.client.get("/api/v1/me", headers={"Authorization": f"Bearer {bearer}"}).status_code


def test_forged_expired_and_withdrawn_tokens_are_401(
    api: Api, jalon: Jalon, group: Group, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    staff = group.staff.person_id
    assert staff is not None
    good = api.tokens["staff"]
    token_id, secret = good.split("_")[1], good.split("_", 2)[2]
    with recording_at(datetime.now(UTC) - timedelta(days=3)):
        _, expired, _ = jalon.people.issue_token(SYSTEM, staff, valid_days=1)
    _, revoked, _ = jalon.people.issue_token(SYSTEM, staff, valid_days=1)
    jalon.people.revoke_token(SYSTEM, staff, token_id=revoked.token_id, reason="leaked")
    forged = {
        "tampered secret": good[:-3] + ("abc" if not good.endswith("abc") else "xyz"),
        "wrong secret": f"jalon_{token_id}_{secret[::-1]}",
        "someone else's id": f"jalon_{'0' * 32}_{secret}",
        "alg=none JWT": _jwt({"alg": "none", "typ": "JWT"}, {"sub": str(staff), "role": "admin"}),
        "HS256 JWT, wrong key": _jwt({"alg": "HS256"}, {"sub": "admin"}, "c2lnbmF0dXJl"),
        "expired": expired.bearer,
        "revoked": revoked.bearer,
        "empty": "",
        "garbage": "jalon_" + "x" * 500,
    }
    statuses = {name: _me(api, bearer) for name, bearer in forged.items()}
    assert statuses == dict.fromkeys(forged, 401)
    assert _me(api, good) == 200
    api.post(f"/api/v1/people/{staff}/disable", "admin", {"reason": "left"})
    assert _me(api, good) == 401
    logged = "\n".join(r.getMessage() + repr(r.__dict__) for r in caplog.records)
    assert secret not in logged and expired.secret not in logged


def test_a_person_signs_in_with_the_password_an_admin_set(
    api: Api, jalon: Jalon, group: Group, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    staff = group.staff.person_id
    assert api.put(f"/api/v1/people/{staff}/password", "admin", {"password": PASSWORD}).is_success
    signed_in = api.client.post("/api/v1/auth/login", json={"login": "staff", "password": PASSWORD})
    assert signed_in.status_code == 200, signed_in.text
    token = signed_in.json()
    assert _me(api, token["token"]) == 200
    lifetime = datetime.fromisoformat(token["expires_at"]) - datetime.now(UTC)
    assert timedelta(hours=7) < lifetime <= timedelta(hours=8)
    with jalon.database.reading() as cursor:
        stored = cursor.scalar("SELECT password_hash FROM person_passwords")
        events = [bytes(r["state"]) for r in cursor.execute(
            f"SELECT state FROM {jalon.runner.log.table}").fetchall()]  # fmt: skip
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert not any(PASSWORD.encode() in state or b"argon2" in state for state in events)
    logged = "\n".join(r.getMessage() + repr(r.__dict__) for r in caplog.records)
    assert PASSWORD not in logged and token["token"].split("_", 2)[2] not in logged


def test_people_change_their_own_password_giving_the_current_one(api: Api, group: Group) -> None:
    me = group.manager.person_id
    path = f"/api/v1/people/{me}/password"
    assert api.put(path, "manager", {"password": PASSWORD}).is_success  # none yet
    refused = api.put(path, "manager", {"password": "another long passphrase"})
    assert refused.status_code == 422 and refused.json()["field"] == "current_password"
    changed = api.put(
        path, "manager", {"password": "another long passphrase", "current_password": PASSWORD}
    )
    assert changed.is_success
    assert api.put(f"/api/v1/people/{group.staff.person_id}/password", "manager",
                   {"password": PASSWORD}).status_code == 403  # fmt: skip
    assert api.put(path, "manager", {"password": "short"}).status_code == 422
    old = api.client.post("/api/v1/auth/login", json={"login": "manager", "password": PASSWORD})
    assert old.status_code == 401


def test_failed_sign_ins_are_recorded_then_refused_for_a_while(
    api: Api, jalon: Jalon, group: Group, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="jalon.security")
    api.put(f"/api/v1/people/{group.staff.person_id}/password", "admin", {"password": PASSWORD})
    wrong = {"login": "staff", "password": "not the password at all"}
    statuses = [api.client.post("/api/v1/auth/login", json=wrong).status_code for _ in range(6)]
    assert statuses == [401] * 5 + [429]
    limited = api.client.post("/api/v1/auth/login", json={"login": "staff", "password": PASSWORD})
    assert limited.status_code == 429  # even the right password waits: no guessing meanwhile
    assert 800 < int(limited.headers["Retry-After"]) <= 900
    with jalon.database.reading() as cursor:
        outcomes = [r["outcome"] for r in cursor.execute(
            "SELECT outcome FROM sign_in_attempts WHERE login='staff' ORDER BY at").fetchall()]  # fmt: skip
    assert outcomes == ["bad_credentials"] * 5 + ["throttled"] * 2
    records = [r for r in caplog.records if r.name == "jalon.security"]
    assert [r.fields["outcome"] for r in records] == outcomes  # type: ignore[attr-defined]
    assert all("not the password" not in repr(r.__dict__) for r in records)


def test_failed_sign_ins_from_one_address_are_limited_whatever_the_login(api: Api) -> None:
    statuses = [
        api.client.post(
            "/api/v1/auth/login", json={"login": f"nobody-{i}", "password": "whatever it is"}
        ).status_code
        for i in range(21)
    ]
    assert statuses == [401] * 20 + [429]


def test_unknown_logins_and_disabled_people_get_the_same_answer(api: Api, group: Group) -> None:
    api.put(f"/api/v1/people/{group.staff.person_id}/password", "admin", {"password": PASSWORD})
    api.post(f"/api/v1/people/{group.staff.person_id}/disable", "admin", {"reason": "left"})
    disabled = api.client.post("/api/v1/auth/login", json={"login": "staff", "password": PASSWORD})
    unknown = api.client.post("/api/v1/auth/login", json={"login": "ghost", "password": PASSWORD})
    assert disabled.status_code == unknown.status_code == 401
    assert disabled.json() == unknown.json()
