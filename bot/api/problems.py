"""Errors as ``application/problem+json`` (RFC 9457): a status, a title and a clear detail; never a token, never
a traceback."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

from aiohttp import web
from pydantic import ValidationError

from bot.api.schemas import Problem

PROBLEM_JSON = "application/problem+json"
PREFIX = "/api/v1/"
TITLES = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
          409: "Conflict", 413: "Content Too Large", 415: "Unsupported Media Type", 422: "Unprocessable Content",
          429: "Too Many Requests"}


class ApiProblem(Exception):
    def __init__(self, status: int, detail: str, *, headers: Mapping[str, str] | None = None,
                 errors: list[dict] | None = None) -> None:
        super().__init__(detail)
        self.status, self.detail, self.headers, self.errors = status, detail, dict(headers or {}), errors


def problem_response(problem: ApiProblem) -> web.Response:
    body = Problem(title=TITLES.get(problem.status, "Error"), status=problem.status, detail=problem.detail,
                   errors=problem.errors)
    return web.Response(status=problem.status, text=body.model_dump_json(exclude_none=True),
                        content_type=PROBLEM_JSON, headers=problem.headers)


def invalid(error: ValidationError, where: str) -> ApiProblem:
    """422 naming each field that is wrong and why, without echoing what was sent."""
    errors = [{"field": ".".join(str(part) for part in e["loc"]) or where,
               "message": e["msg"].removeprefix("Value error, ")}
              for e in error.errors(include_url=False, include_input=False)]
    fields = ", ".join(sorted({e["field"] for e in errors}))
    return ApiProblem(422, f"the {where} is not valid: {fields}", errors=errors)


@web.middleware
async def problems(request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
                   ) -> web.StreamResponse:
    """Under /api/v1/, aiohttp's own refusals (no such route, wrong method, a body too large) as problems too."""
    if not request.path.startswith(PREFIX):
        return await handler(request)
    try:
        return await handler(request)
    except ApiProblem as problem:
        return problem_response(problem)
    except web.HTTPException as error:
        if error.status < 400:
            raise
        headers = {"Allow": error.headers["Allow"]} if "Allow" in error.headers else None
        return problem_response(ApiProblem(error.status, _detail(error), headers=headers))


def _detail(error: web.HTTPException) -> str:
    if error.status == 404:
        return "no such resource: see /api/v1/openapi.json"
    if error.status == 405:
        return f"method not allowed here; allowed: {error.headers.get('Allow', '')}"
    if error.status == 413:
        return "the request body is too large"
    return error.reason
