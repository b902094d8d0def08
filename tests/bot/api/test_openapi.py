"""The OpenAPI document: generated from the models the API validates with, kept in docs/openapi.json, served at
/api/v1/openapi.json; and the API fuzzed against it (the short run of bench/api_fuzz.py)."""

from __future__ import annotations

import json

from bench.api_fuzz import run
from bot.api.operations import OPERATIONS
from bot.api.spec import DOCUMENT, document, main, rendered


def test_the_kept_document_is_the_generated_one():
    assert DOCUMENT.read_text(encoding="utf-8") == rendered(), "docs/openapi.json drifted: python -m bot.api.spec"
    assert main(["--check"]) == 0


def test_every_route_is_described_with_its_scope_errors_and_schemas():
    paths = document()["paths"]
    for op in OPERATIONS:
        described = paths[op.path][op.method.lower()]
        assert described["description"] == f"Scope: {op.scope} or above."
        assert {"401", "403", "429", str(op.status)} <= set(described["responses"])
    push = paths["/api/v1/key-results/{id}/values"]["post"]
    assert push["requestBody"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ValueIn"}
    assert [p["name"] for p in push["parameters"]] == ["id", "Idempotency-Key"]
    assert document()["components"]["schemas"]["ValueIn"]["additionalProperties"] is False


async def test_the_served_document_is_the_kept_one(api):
    response = await api.client.get("/api/v1/openapi.json")
    assert await response.json() == json.loads(DOCUMENT.read_text(encoding="utf-8"))


def test_generated_requests_for_every_operation_get_no_server_error_and_match_the_document():
    figures = run(examples=8, seed_value=20261204)
    sent = {name: f.requests for name, f in figures.items()}
    assert all(sent[f"{op.method} {op.path} (positive)"] == 8 for op in OPERATIONS), sent
    assert sum(f.server_errors for f in figures.values()) == 0
    assert [failure for f in figures.values() for failure in f.failures] == []
    statuses = set().union(*(f.statuses for f in figures.values()))
    assert {200, 201, 404, 422} <= statuses  # it reached past authentication and validation
