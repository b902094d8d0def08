"""Who is calling: ``Authorization: Bearer <token>`` looked up by its hash, the token's team members read for the
privacy rules, and its rate limit taken. The token itself never reaches a log or an answer."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from bot.api.limits import RateLimits
from bot.api.problems import ApiProblem
from bot.app_keys import API_LIMITS, SESSIONS
from handlers.api_access import TokenAccess
from handlers.api_tokens import hash_token
from models.api_queries import team_member_ids
from models.api_tokens import token_by_hash

CHALLENGE = {"WWW-Authenticate": 'Bearer realm="okrbot"'}
MAX_TOKEN = 200


@dataclass(frozen=True)
class Caller:
    token_id: int
    name: str
    access: TokenAccess


async def authenticate(request: web.Request) -> Caller:
    secret = _bearer(request.headers.get("Authorization", ""))
    async with request.app[SESSIONS]() as session:
        token = await token_by_hash(session, token_hash=hash_token(secret))
        if token is None:
            raise ApiProblem(401, "the token is unknown or was revoked", headers=CHALLENGE)
        members = frozenset() if token.team_id is None else frozenset(
            await team_member_ids(session, team_id=token.team_id))
    limits: RateLimits = request.app[API_LIMITS]
    if wait := limits.wait(token.id, token.per_minute):
        raise ApiProblem(429, f"this token may make {token.per_minute} requests a minute; try again in {wait} s",
                         headers={"Retry-After": str(wait)})
    return Caller(token.id, token.name, TokenAccess(token.scope, token.team_id, members))


def _bearer(header: str) -> str:
    scheme, _, secret = header.strip().partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret:
        raise ApiProblem(401, "send the token as 'Authorization: Bearer <token>'", headers=CHALLENGE)
    if len(secret) > MAX_TOKEN or not secret.isascii():
        raise ApiProblem(401, "the token is unknown or was revoked", headers=CHALLENGE)
    return secret


def require(caller: Caller, scope: str) -> None:
    if not caller.access.allows(scope):
        raise ApiProblem(403, f"this needs a token with scope {scope} or above; this token's scope is "
                              f"{caller.access.scope}")
