"""API tokens: a bearer on every call, revoked tokens refused, rate limits with Retry-After, never a secret in
an answer or a log; and the admin's ``okrbot tokens`` commands."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from bot.cli import app
from handlers.api_tokens import revoke_token
from models import ApiToken
from models.db import transaction

PATHS = ("/api/v1/periods", "/api/v1/objectives", "/api/v1/key-results/1", "/api/v1/key-results/1/check-ins")


async def test_every_call_without_a_valid_bearer_is_a_401_problem(api, caplog):
    caplog.set_level(logging.DEBUG)
    guessed = "okr_" + "A" * 43
    for path in PATHS:
        for headers in ({}, {"Authorization": "Basic dXNlcjpwYXNz"}, {"Authorization": "Bearer"},
                        {"Authorization": f"Bearer {guessed}"}, {"Authorization": "Bearer " + "x" * 5000}):
            response = await api.client.get(path, headers=headers)
            assert response.status == 401, (path, headers)
            assert response.content_type == "application/problem+json"
            assert response.headers["WWW-Authenticate"].startswith("Bearer")
            assert guessed not in await response.text()
    response = await api.client.post("/api/v1/key-results/1/values", json={"value": 1})
    assert response.status == 401
    assert guessed not in caplog.text
    assert all(secret not in caplog.text for secret in api.tokens.values())


async def test_a_revoked_token_is_refused_from_the_next_call_on(api):
    assert (await api.get("/api/v1/periods", "reader")).status == 200
    async with transaction(api.sessions) as session:
        await revoke_token(session, name="reader", now=datetime(2026, 10, 20, tzinfo=UTC))
    response = await api.get("/api/v1/periods", "reader")
    assert response.status == 401 and "revoked" in (await response.json())["detail"]


async def test_only_the_hash_of_a_token_is_stored(api):
    async with api.sessions() as session:
        rows = list((await session.execute(select(ApiToken))).scalars())
    stored = " ".join(f"{r.name} {r.token_hash}" for r in rows)
    assert len(rows) == 7 and all(secret not in stored for secret in api.tokens.values())


async def test_a_token_over_its_rate_limit_gets_429_with_retry_after_and_others_go_on(api):
    async with transaction(api.sessions) as session:
        token = (await session.execute(select(ApiToken).where(ApiToken.name == "reader"))).scalar_one()
        token.per_minute = 2
    assert [(await api.get("/api/v1/periods", "reader")).status for _ in range(2)] == [200, 200]
    refused = await api.get("/api/v1/periods", "reader")
    assert refused.status == 429 and refused.headers["Retry-After"] == "30"
    assert refused.content_type == "application/problem+json"
    assert (await api.get("/api/v1/periods", "boss")).status == 200  # per token
    api.ticks.seconds += 30
    assert (await api.get("/api/v1/periods", "reader")).status == 200


async def test_the_openapi_document_is_served_without_a_token(api):
    response = await api.client.get("/api/v1/openapi.json")
    assert response.status == 200 and (await response.json())["openapi"] == "3.1.0"


async def test_a_wrong_method_is_a_405_problem(api):
    response = await api.client.delete("/api/v1/periods", headers=api.auth("boss"))
    assert response.status == 405 and response.content_type == "application/problem+json"


runner = CliRunner()


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    from tests.orgs import SMALL_ORG

    (tmp_path / "org.yaml").write_text(SMALL_ORG)
    assert runner.invoke(app, ["import", str(tmp_path / "org.yaml")]).exit_code == 0
    return tmp_path


def test_an_admin_makes_lists_and_revokes_tokens_on_the_command_line(env):
    made = runner.invoke(app, ["tokens", "create", "--name", "ci-nightly", "--scope", "values", "--team", "Support",
                               "--per-minute", "30"])
    assert made.exit_code == 0, made.output
    secret = made.stdout.splitlines()[0]
    assert secret.startswith("okr_") and len(secret) > 40
    listed = runner.invoke(app, ["tokens", "list"])
    assert listed.stdout.splitlines() == [
        f"ci-nightly  scope values  team Support  30/min  created {datetime.now(UTC):%Y-%m-%d}"]
    assert secret not in listed.output
    assert runner.invoke(app, ["tokens", "revoke", "ci-nightly"]).exit_code == 0
    assert "revoked" in runner.invoke(app, ["tokens", "list"]).stdout


@pytest.mark.parametrize(("args", "says"), [
    (["--name", "x", "--scope", "write"], "scope must be one of read, values, admin"),
    (["--name", "x", "--scope", "read", "--team", "Nope"], "no team named 'Nope'"),
    (["--name", " ", "--scope", "read"], "1 to 100 characters"),
    (["--name", "x", "--scope", "read", "--per-minute", "0"], "at least 1 request"),
])
def test_a_token_that_cannot_be_made_says_why(env, args, says):
    result = runner.invoke(app, ["tokens", "create", *args])
    assert result.exit_code == 2 and says in result.output


def test_revoking_an_unknown_token_says_so(env):
    result = runner.invoke(app, ["tokens", "revoke", "ghost"])
    assert result.exit_code == 2 and "no token named 'ghost'" in result.output
