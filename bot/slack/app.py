"""The slack-bolt AsyncApp: credentials from the settings, installations in the project's database, listeners."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt.async_app import AsyncApp
from slack_bolt.oauth.async_callback_options import AsyncCallbackOptions, AsyncSuccessArgs
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_bolt.response import BoltResponse
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.settings import Settings
from bot.slack import listeners
from bot.slack.pacing import Reconnect, RetryAfter, Sleep
from bot.slack.runtime import PLATFORM, Slack
from models.db import transaction
from models.inbound import first_sighting
from models.slack_store import BOTS, INSTALLATIONS, OAUTH_STATES, remember_members

log = logging.getLogger(__name__)

# The bot scopes the code uses, and no more (manifest.yml lists the same; a test keeps them equal):
# chat:write posts and updates messages, commands is /okr, files:write uploads a recap's chart, im:history brings
# message.im, users:read brings user_change and users.list. After a crash mid-send, im:write (conversations.open) and
# im:history find whether a check-in DM arrived, channels:history and groups:history whether a team post did.
SCOPES = ("chat:write", "commands", "files:write", "im:history", "im:write", "channels:history", "groups:history",
          "users:read")
STATE_SECONDS = 600


def web_client(settings: Settings, token: str | None, *, sleep: Sleep,
               on_wait: Callable[[float], None] | None = None) -> AsyncWebClient:
    """A Web API client for ``SLACK_API_URL`` that waits out a 429 and retries a dropped connection once."""
    return AsyncWebClient(
        token=token or None, base_url=settings.slack_api_url, timeout=30,
        retry_handlers=[RetryAfter(sleep=sleep, on_wait=on_wait), Reconnect(sleep=sleep)],
    )


def installation_store(settings: Settings, engine: AsyncEngine) -> AsyncSQLAlchemyInstallationStore | None:
    if not (settings.slack_client_id and settings.slack_client_secret):
        return None
    return AsyncSQLAlchemyInstallationStore(settings.slack_client_id, engine, bots_table_name=BOTS,
                                            installations_table_name=INSTALLATIONS, logger=log)


def bolt_app(slack: Slack, engine: AsyncEngine, *, sleep: Sleep) -> AsyncApp:
    settings = slack.settings
    options = {
        "name": "okrbot", "logger": log, "signing_secret": settings.slack_signing_secret,
        "client": web_client(settings, settings.slack_bot_token, sleep=sleep),
        # Listeners answer within the 3 seconds themselves and leave slow work to slack.background.
        "process_before_response": True,
    }
    if slack.workspaces.store is not None:
        options["oauth_settings"] = AsyncOAuthSettings(
            client_id=settings.slack_client_id, client_secret=settings.slack_client_secret, scopes=list(SCOPES),
            installation_store=slack.workspaces.store, installation_store_bot_only=True,
            state_store=AsyncSQLAlchemyOAuthStateStore(STATE_SECONDS, engine, logger=log, table_name=OAUTH_STATES),
            callback_options=AsyncCallbackOptions(success=_installed(slack), failure=_install_failed),
        )
    app = AsyncApp(**options)
    app.middleware(_once_per_event(slack))
    listeners.register(app, slack)
    return app


def _once_per_event(slack: Slack):
    """Slack retries an event it thinks we missed (``X-Slack-Retry-Num``, same ``event_id``): act on it once."""

    async def once_per_event(body, req, next):
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        team_id, user_id = _team_and_user(body)
        remember = slack.workspaces.multi and team_id and user_id
        if not (event_id or remember):  # a click or a command in one workspace: nothing to look up before the ack
            return await next()
        try:
            async with transaction(slack.sessions) as session:
                if event_id and not await first_sighting(session, platform=PLATFORM, event_id=event_id,
                                                         now=slack.clock()):
                    log.info("slack: event %s seen before, ignored", event_id)
                    return BoltResponse(status=200, body="")
                if remember:
                    await remember_members(session, team_id=team_id, user_ids=[user_id])
        except (SQLAlchemyError, OSError) as error:
            # The store is down. The listener still runs once, so the person hears that it failed; a retry of an
            # event cannot be told apart from its first delivery without the store, so Slack's retries are dropped.
            if req.headers.get("x-slack-retry-num"):
                return BoltResponse(status=200, body="")
            log.warning("slack: the store is unavailable (%s); going on without checking for repeats",
                        type(error).__name__)
        return await next()

    return once_per_event


def _team_and_user(body: dict) -> tuple[str, str]:
    team, user, event = body.get("team"), body.get("user"), body.get("event") or {}
    team_id = (team.get("id") if isinstance(team, dict) else None) or body.get("team_id") or ""
    user_id = (user.get("id") if isinstance(user, dict) else user) or body.get("user_id") or event.get("user") or ""
    return str(team_id), str(user_id) if isinstance(user_id, str) else ""


def _installed(slack: Slack):
    async def success(args: AsyncSuccessArgs) -> BoltResponse:
        installation = args.installation
        if installation.team_id:
            await slack.workspaces.resume(installation.team_id)
            if installation.user_id:
                async with transaction(slack.sessions) as session:
                    await remember_members(session, team_id=installation.team_id, user_ids=[installation.user_id])
        return await args.default.success(args)

    return success


async def _install_failed(args) -> BoltResponse:
    log.warning("slack: installation failed: %s", args.reason)
    return await args.default.failure(args)
