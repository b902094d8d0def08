"""The OpenAPI 3.1 document, generated from the operation table and the pydantic models that validate requests and
shape answers. ``python -m bot.api.spec`` writes docs/openapi.json; ``--check`` exits 1 when it has drifted."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from bot.api.operations import MAX_ID, OPERATIONS, Operation
from bot.api.problems import PROBLEM_JSON, TITLES
from bot.api.schemas import Problem
from bot.api.values import KEY_HEADER, MAX_KEY

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
REF = "#/components/schemas/{model}"
SPEC_PATH = "/api/v1/openapi.json"
DESCRIPTION = (
    "Read okrbot's periods, objectives, key results and check-ins, and push key-result values from the systems "
    "that hold them. Every call but this document's needs `Authorization: Bearer <token>` (`okrbot tokens create`). "
    "Scopes: `read` reads team and organisation OKRs; `values` also pushes values; `admin` also reads personal "
    "objectives. A token made with `--team` reads its team's and the organisation's objectives and writes only its "
    "team's key results. Check-ins show numbers only (week, value, confidence, time), never the words people wrote, "
    "and no survey answer is in the API. Errors are `application/problem+json`.")


def document() -> dict:
    models: list[tuple[type[BaseModel], str]] = [(Problem, "serialization")]
    for op in OPERATIONS:
        models.append((op.response, "serialization"))
        if op.body is not None:
            models.append((op.body, "validation"))
    _, schemas = models_json_schema(list(dict.fromkeys(models)), ref_template=REF)
    paths: dict[str, dict] = {SPEC_PATH: {"get": {
        "operationId": "openapi", "summary": "This document", "security": [],
        "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {
            "schema": {"type": "object"}}}}}}}}
    for op in OPERATIONS:
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(op)
    return {
        "openapi": "3.1.0",
        "info": {"title": "okrbot", "version": "1", "description": DESCRIPTION},
        "paths": paths,
        "components": {"schemas": schemas["$defs"],
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "security": [{"bearer": []}],
    }


def _operation(op: Operation) -> dict:
    described: dict = {"operationId": op.operation_id, "summary": op.summary,
                       "description": f"Scope: {op.scope} or above.", "parameters": _parameters(op)}
    if op.body is not None:
        described["requestBody"] = {"required": True, "content": {"application/json": {
            "schema": {"$ref": REF.format(model=op.body.__name__)}}}}
    responses = {str(op.status): {"description": "OK", "content": {"application/json": {
        "schema": {"$ref": REF.format(model=op.response.__name__)}}}}}
    for code in op.errors:
        responses[str(code)] = _problem(code)
    described["responses"] = responses
    return described


def _parameters(op: Operation) -> list[dict]:
    parameters = []
    if op.has_id:
        parameters.append({"name": "id", "in": "path", "required": True,
                           "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID}})
    if op.query is not None:
        properties = op.query.model_json_schema()["properties"]
        for name, field in op.query.model_fields.items():
            parameters.append({"name": name, "in": "query", "required": field.is_required(),
                               "description": field.description or "", "schema": _not_null(properties[name])})
    if op.idempotency_key:
        parameters.append({"name": KEY_HEADER, "in": "header", "required": False,
                           "description": "the same key with the same body gets the first answer again; with "
                                          "another body a 422",
                           "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY,
                                      "pattern": "^[\\x20-\\x7e]+$"}})
    return parameters


def _not_null(schema: dict) -> dict:
    """A query parameter is absent or a string: the ``null`` of an optional field has no form in a URL."""
    options = [s for s in schema.get("anyOf", [schema]) if s.get("type") != "null"]
    kept = {k: v for k, v in schema.items() if k not in ("anyOf", "default", "title", "description")}
    return {**kept, **options[0]}


def _problem(code: int) -> dict:
    answer: dict = {"description": TITLES[code], "content": {PROBLEM_JSON: {
        "schema": {"$ref": REF.format(model="Problem")}}}}
    if code == 429:
        answer["headers"] = {"Retry-After": {"description": "seconds until the token may call again",
                                             "schema": {"type": "integer", "minimum": 1}}}
    return answer


def rendered() -> str:
    return json.dumps(document(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    text = rendered()
    if "--check" in argv:
        current = DOCUMENT.read_text(encoding="utf-8") if DOCUMENT.exists() else ""
        if current != text:
            print(f"{DOCUMENT} is out of date: run python -m bot.api.spec", file=sys.stderr)
            return 1
        return 0
    DOCUMENT.parent.mkdir(parents=True, exist_ok=True)
    DOCUMENT.write_text(text, encoding="utf-8")
    print(f"wrote {DOCUMENT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
