"""The Bot Framework adapter for the configured app, and the translation of connector failures into statuses.

``TEAMS_LOCAL=1`` gives the adapter an empty app id and password: botbuilder then accepts requests without a token
and sends without one, which is what a local test needs and what production must never run.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from aiohttp import web
from botbuilder.core import Bot
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity
from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import AuthenticateRequestResult, ClaimsIdentity, ConnectorFactory
from msrest.exceptions import ClientRequestError, HttpOperationError

from bot.settings import Settings
from bot.teams.reliability import TeamsHttpError, retry_after_seconds

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


class _Authentication(ConfigurationBotFrameworkAuthentication):
    async def authenticate_request(self, activity: Activity, auth_header: str) -> AuthenticateRequestResult:
        result = await super().authenticate_request(activity, auth_header)
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
    except ClientRequestError as error:
        raise TeamsHttpError(0, detail=type(error).__name__) from error


def messages_route(adapter: CloudAdapter, bot: Bot) -> web.RouteDef:
    """POST /api/messages: activities from Teams, authenticated by botbuilder (unless TEAMS_LOCAL)."""

    async def messages(request: web.Request) -> web.StreamResponse:
        if "application/json" not in request.headers.get("Content-Type", ""):
            return web.json_response({"error": "expected application/json"}, status=415)
        try:
            body = await request.json()
        except ValueError:
            return web.json_response({"error": "the body is not JSON"}, status=400)
        if not isinstance(body, dict) or not body.get("type"):
            return web.json_response({"error": "not an activity"}, status=400)
        return await adapter.process(request, bot)

    return web.post("/api/messages", messages)
