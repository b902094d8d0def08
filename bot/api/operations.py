"""The API's operations, one table: the routes are registered from it and the OpenAPI document is generated from
it (bot/api/spec.py), so a route can't exist without its description. Every operation authenticates, takes the
token's rate limit, checks its scope, then validates path, query and body with the same pydantic models."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiohttp import web
from pydantic import BaseModel, ValidationError

from bot.api import kpis, reads, values
from bot.api.auth import authenticate, require
from bot.api.problems import ApiProblem, invalid
from bot.api.schemas import (
    CheckInList,
    KeyResultDetail,
    ObjectivesQuery,
    ObjectiveTree,
    PeriodList,
    ValueIn,
    ValueOut,
)

MAX_ID = 2**31 - 1  # ids are 32-bit integers in the store; a larger one can't name anything
JSON = "application/json"


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # OpenAPI form: /api/v1/key-results/{id}
    operation_id: str
    summary: str
    scope: str
    response: type[BaseModel]
    run: Callable[..., Awaitable[object]]
    status: int = 200
    query: type[BaseModel] | None = None
    body: type[BaseModel] | None = None
    idempotency_key: bool = False

    @property
    def has_id(self) -> bool:
        return "{id}" in self.path

    @property
    def errors(self) -> tuple[int, ...]:
        codes = {401, 403, 429}
        if self.has_id or self.query is not None:
            codes |= {404}
        if self.query is not None:
            codes |= {422}
        if self.body is not None:
            codes |= {400, 404, 409, 413, 415, 422}
        return tuple(sorted(codes))


OPERATIONS = (
    Operation("GET", "/api/v1/periods", "listPeriods", "The periods OKRs run in", "read", PeriodList,
              reads.periods),
    Operation("GET", "/api/v1/objectives", "objectiveTree",
              "A period's objectives as trees (organisation → team → person by alignment), with their key results, "
              "progress and latest confidence", "read", ObjectiveTree, reads.objectives, query=ObjectivesQuery),
    Operation("GET", "/api/v1/key-results/{id}", "getKeyResult",
              "A key result with its value history: check-ins' values and values pushed or fed", "read",
              KeyResultDetail, reads.key_result),
    Operation("GET", "/api/v1/key-results/{id}/check-ins", "listCheckIns",
              "A key result's check-ins: week, value, confidence and when (no texts)", "read", CheckInList,
              reads.check_ins),
    Operation("POST", "/api/v1/key-results/{id}/values", "pushValue",
              "Record a key result's value measured outside chat; the newer of it and the latest check-in is "
              "current", "values", ValueOut, values.push, status=201, body=ValueIn, idempotency_key=True),
    Operation("GET", "/api/v1/kpis", "listKpis",
              "The KPIs kept beside the OKRs (a team token: its team's and the organisation's), with their healthy "
              "corridor, latest value and whether it is inside", "read", kpis.KpiList, kpis.kpis),
)


def handler_for(operation: Operation) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    async def handle(request: web.Request) -> web.StreamResponse:
        caller = await authenticate(request)
        require(caller, operation.scope)
        arguments: dict[str, object] = {}
        if operation.has_id:
            arguments["id"] = _id(request.match_info["id"])
        if operation.query is not None:
            arguments["query"] = _query(operation.query, request)
        if operation.body is not None:
            arguments["body"] = await _body(request, operation.body)
        result = await operation.run(request, caller, **arguments)
        if isinstance(result, web.StreamResponse):
            return result
        return web.Response(status=operation.status, text=result.model_dump_json(), content_type=JSON)

    return handle


def routes() -> list[web.RouteDef]:
    return [web.route(o.method, o.path.replace("{id}", r"{id:\d+}"), handler_for(o)) for o in OPERATIONS]


def _id(text: str) -> int:
    if len(text) > 10 or not 1 <= int(text) <= MAX_ID:
        raise ApiProblem(404, f"no resource with id {text[:12]}")
    return int(text)


def _query(model: type[BaseModel], request: web.Request) -> BaseModel:
    names = [name for name, _ in request.query.items()]
    if len(set(names)) != len(names):
        raise ApiProblem(422, "a query parameter is given twice")
    try:
        return model.model_validate(dict(request.query))
    except ValidationError as error:
        raise invalid(error, "query") from None


async def _body(request: web.Request, model: type[BaseModel]) -> BaseModel:
    if request.content_type != JSON:
        raise ApiProblem(415, f"send the body as {JSON}")
    raw = await request.read()
    try:
        return model.model_validate_json(raw)
    except ValidationError as error:
        if any(e["type"] == "json_invalid" for e in error.errors()):
            raise ApiProblem(400, "the body is not valid JSON (UTF-8)") from None
        raise invalid(error, "body") from None
