"""Events: a DM typed to the bot, the App Home opened, a profile changed, the app uninstalled."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.slack.runtime import Slack
from bot.slack.status import presence
from bot.slack.workspaces import Workspace
from handlers.presence import apply_profile, follow_absence
from models.db import retried_on_conflict, transaction


def register(app: AsyncApp, slack: Slack) -> None:
    @app.event("message")
    async def direct_message(body, event, client) -> None:
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return
        text = _unescape(str(event.get("text") or ""))
        if text.strip():
            workspace, user = slack.here(body, client), str(event.get("user", ""))
            tell = slack.tell_failed(workspace, user, channel=str(event.get("channel", "")))
            slack.background.start(_typed(slack, workspace, event, text), "direct message", tell=tell)

    @app.event("app_home_opened")
    async def home_opened(event, client) -> None:
        if event.get("tab") == "home":
            slack.background.start(slack.publish_home(client, event.get("user", "")), "app home")

    @app.event("user_change")
    async def user_changed(event) -> None:
        user = event.get("user")
        if isinstance(user, dict):  # a user_change carries the whole user; anything else is not one Slack sends
            slack.background.start(_profile(slack, user), "user change", in_turn=f"profile:{user.get('id', '')}")

    @app.event("app_uninstalled")
    async def uninstalled(body) -> None:
        await slack.workspaces.stop(str(body.get("team_id", "")), "app_uninstalled")

    @app.event("tokens_revoked")
    async def revoked(body, event) -> None:
        if (event.get("tokens") or {}).get("bot"):
            await slack.workspaces.stop(str(body.get("team_id", "")), "tokens_revoked")


async def _typed(slack: Slack, workspace: Workspace, event: dict, text: str) -> None:
    """A command typed in the DM, answered in the DM; a check-in comes as the message with buttons."""
    _, answer = await slack.command(str(event.get("user", "")), text)
    await slack.messenger.post_in(workspace, str(event.get("channel", "")), answer)


async def _profile(slack: Slack, user: dict) -> None:
    """Name, time zone and away status from a changed profile, for people okrbot knows."""
    await retried_on_conflict(lambda: _apply_profile(slack, user))


async def _apply_profile(slack: Slack, user: dict) -> None:
    now = slack.clock()
    async with transaction(slack.sessions) as session:
        person = await slack.person(session, str(user.get("id", "")))
        if person is None or user.get("deleted"):
            return
        profile = user.get("profile") or {}
        apply_profile(person, name=profile.get("real_name") or user.get("real_name"), tz=user.get("tz"),
                      locale=user.get("locale"))
        session.add(person)
        status = presence(profile, person.tz, now)
        await follow_absence(session, person=person, source="status", away=status.away, last_day=status.until,
                             now=now)


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")

