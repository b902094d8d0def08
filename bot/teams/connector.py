"""The Bot Framework adapter for the configured app, and the translation of connector failures into statuses.

``TEAMS_LOCAL=1`` gives the adapter an empty app id and password: botbuilder then accepts requests without a token
and sends without one, which is what a local test needs and what production must never run.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

import jwt
import requests
from aiohttp import web
from botbuilder.core import Bot
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity
from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import AuthenticateRequestResult, ClaimsIdentity, ConnectorFactory
from msrest.exceptions import ClientRequestError, DeserializationError, HttpOperationError

from bot.settings import Settings
from bot.teams.reliability import TeamsHttpError, retry_after_seconds
from bot.teams.screen import activity_problem, token_problem

log = logging.getLogger(__name__)
T = TypeVar("T")
TIMEOUT_SECONDS = 30


class _Configuration:
    """The attributes botbuilder's configuration-based authentication reads (no __repr__: it holds the password)."""

    def __init__(self, settings: Settings) -> None:
        local = settings.teams_local
        self.APP_ID = "" if local else settings.microsoft_app_id
        self.APP_PASSWORD = "" if local else settings.microsoft_app_password
        self.APP_TYPE = "MultiTenant" if local else settings.microsoft_app_type
        self.APP_TENANTID = "" if local else settings.microsoft_app_tenant_id


class _OneTryConnectorFactory(ConnectorFactory):
    """Connector clients that try each call once: ``reliability.Backoff`` decides about retries (paced, bounded,
    honouring Retry-After); the transport's own retries would sleep on their own and retry 5xx blindly."""

    def __init__(self, inner: ConnectorFactory) -> None:
        self._inner = inner

    async def create(self, service_url: str, audience: str = None) -> ConnectorClient:  # noqa: RUF013 (SDK signature)
        client = await self._inner.create(service_url, audience)
        client.config.retry_policy.retries = 0
        client.config.retry_policy.policy.status_forcelist = frozenset()
        client.config.connection.timeout = TIMEOUT_SECONDS
        return client


class SigningKeysUnreachable(Exception):
    """Microsoft's token signing keys could not be fetched, so no token can be verified right now."""


class _Authentication(ConfigurationBotFrameworkAuthentication):
    async def authenticate_request(self, activity: Activity, auth_header: str) -> AuthenticateRequestResult:
        try:
            result = await super().authenticate_request(activity, auth_header)
        except requests.RequestException as error:
            raise SigningKeysUnreachable(type(error).__name__) from error
        except PermissionError:
            raise
        except Exception as error:
            # IndexError (a key id it does not know) and jwt errors for tokens that do not verify: all are refusals
            raise PermissionError(f"invalid token ({type(error).__name__})") from error
        if result.connector_factory:
            result.connector_factory = _OneTryConnectorFactory(result.connector_factory)
        return result

    def create_connector_factory(self, claims_identity: ClaimsIdentity) -> ConnectorFactory:
        return _OneTryConnectorFactory(super().create_connector_factory(claims_identity))


def make_adapter(settings: Settings) -> CloudAdapter:
    return CloudAdapter(_Authentication(_Configuration(settings)))


def bot_app_id(settings: Settings) -> str:
    return "" if settings.teams_local else settings.microsoft_app_id


async def connector_call(call: Callable[[], Awaitable[T]]) -> T:
    """Run something that talks to the Bot Connector; its HTTP failures come out as ``TeamsHttpError``."""
    try:
        return await call()
    except HttpOperationError as error:
        response = error.response
        status = getattr(response, "status_code", 0) or 0
        headers = getattr(response, "headers", None) or {}
        raise TeamsHttpError(status, retry_after_seconds(headers.get("Retry-After")), str(error)[:200]) from error
    except (ClientRequestError, DeserializationError) as error:  # no answer, or one that is not the connector's
        raise TeamsHttpError(0, detail=type(error).__name__) from error


def messages_route(adapter: CloudAdapter, bot: Bot, *, requires_token: bool,
                   wall_clock: Callable[[], float] = time.time) -> web.RouteDef:
    """POST /api/messages: activities from Teams, screened (bot/teams/screen.py), then authenticated by botbuilder
    (unless TEAMS_LOCAL, when ``requires_token`` is False)."""

    async def messages(request: web.Request) -> web.StreamResponse:
        authorization = request.headers.get("Authorization", "")
        if requires_token and (problem := token_problem(authorization, wall_clock())):
            return _refused(401, problem)
        if "application/json" not in request.headers.get("Content-Type", ""):
            return _refused(415, "expected application/json")
        try:
            body = json.loads((await request.read()).decode("utf-8"))  # as botbuilder will read it: UTF-8 only
        except (ValueError, RecursionError):
            return _refused(400, "the body is not JSON in UTF-8")
        if problem := activity_problem(body):
            return _refused(400, problem)
        try:
            return await adapter.process(request, bot)
        except jwt.PyJWTError as error:  # a token of the right shape that does not verify (expired, forged)
            return _refused(401, f"invalid token ({type(error).__name__})")
        except SigningKeysUnreachable as error:
            log.warning("teams: Microsoft's token signing keys are out of reach (%s); asked Teams to retry", error)
            return web.json_response({"error": "cannot verify tokens right now"}, status=503,
                                     headers={"Retry-After": "30"})
        except TeamsHttpError as error:  # the activity was handled; only the reply to it could not be delivered
            log.warning("teams: the reply in conversation %s could not be delivered (%s)",
                        (body.get("conversation") or {}).get("id", "?")[:80], error)
            return web.Response(status=202)

    return web.post("/api/messages", messages)


def _refused(status: int, reason: str) -> web.Response:
    log.info("refused a request to /api/messages: %s", reason)
    return web.json_response({"error": reason}, status=status)
