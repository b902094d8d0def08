"""Buttons: a confidence click, "Update values", snooze, skip, away, and the App Home's buttons."""

from __future__ import annotations

import re
from collections.abc import Callable, Coroutine
from datetime import timedelta

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.messages import FormSubmitted, SkipSlot, Snooze
from bot.slack.listeners.commands import open_form, open_view
from bot.slack.runtime import Slack, progress_then, refusal
from bot.slack.views import away_modal, read_metadata
from bot.slack.workspaces import Workspace
from handlers.checkin_slot import checkin_for_slot
from scheduler.cadence import local_now

CONFIDENCE = re.compile(r"^confidence:(\d+)$")
CHOICE = re.compile(r"^choice:(.+)$")
CHECKIN_KEYS = ("kind", "slot", "period")


def register(app: AsyncApp, slack: Slack) -> None:
    @app.action(CONFIDENCE)
    async def confidence(ack, body, action, client, respond) -> None:
        await ack()
        _later(slack, body, client, respond, "confidence",
               lambda: _confidence(slack, slack.here(body, client), body, action))

    @app.action("checkin_open")
    async def update_values(ack, body, action, client, respond) -> None:
        await ack()
        _later(slack, body, client, respond, "update values", lambda: _open_checkin(slack, client, body, action))

    @app.action(CHOICE)
    async def choice(ack, body, action, client, respond) -> None:
        await ack()
        _later(slack, body, client, respond, "check-in choice",
               lambda: _choice(slack, slack.here(body, client), body, action))

    @app.action(re.compile(r"^(home_checkin|home_new|open_form:okr_new)$"))
    async def open_from_button(ack, body, action, client, respond) -> None:
        await ack()
        command = "checkin" if action["action_id"] == "home_checkin" else "new"
        origin = "home" if action["action_id"].startswith("home_") else "dm"
        _later(slack, body, client, respond, "open form",
               lambda: _open_command_form(slack, slack.here(body, client), body, command, origin))

    @app.action(re.compile(r"^open_form:(?!okr_new$).+"))
    async def open_any_form(ack, body, action, client, respond) -> None:
        await ack()
        _later(slack, body, client, respond, "open form", lambda: _open_any_form(slack, client, body, action))


def _later(slack: Slack, body: dict, client: AsyncWebClient, respond, name: str,
           work: Callable[[], Coroutine]) -> None:
    """The click's work, after the ack; when more work already waits than clears in a moment, the person is asked
    privately to try again instead (the click changed nothing), so no acknowledged click waits minutes."""
    if slack.background.busy:
        busy = slack.tell_failed(slack.here(body, client), body["user"]["id"], channel=_where(body)["channel"],
                                 respond=respond if body.get("response_url") else None, key="trouble.busy")
        slack.background.start(busy(), "busy", store=False)
        return
    slack.background.start(work(), name, tell=_tell(slack, body, client))


async def _open_any_form(slack: Slack, client: AsyncWebClient, body: dict, action: dict) -> None:
    """A survey or another form from a DM's button: the modal, with what the person answered so far."""
    form = await slack.form(body["user"]["id"], read_metadata(action.get("value")))
    if form is None:
        return
    if form.questions:
        await open_form(client, body.get("trigger_id", ""), form, {"origin": "dm", **_where(body)})
    else:
        await slack.messenger.post_in(slack.here(body, client), body["user"]["id"], form)


def _tell(slack: Slack, body: dict, client: AsyncWebClient):
    """A click whose work failed is answered in the conversation it came from (the App Home has none: the DM)."""
    return slack.tell_failed(slack.here(body, client), body["user"]["id"], channel=_where(body)["channel"])


def _where(body: dict) -> dict[str, str]:
    container = body.get("container") or {}
    return {"channel": str(container.get("channel_id", "")), "ts": str(container.get("message_ts", ""))}


def _context(action: dict) -> dict[str, str]:
    value = read_metadata(action.get("value"))
    return {k: value[k] for k in CHECKIN_KEYS if k in value}


async def _confidence(slack: Slack, workspace: Workspace, body: dict, action: dict) -> None:
    """A confidence-only answer (the value carries forward); the DM then shows what is recorded and what is open."""
    value, user, where = read_metadata(action.get("value")), body["user"]["id"], _where(body)
    context, kr = _context(action), value.get("kr", "")
    replied = await slack.replied(
        FormSubmitted(user, context, {f"kr:{kr}:confidence": value.get("confidence", "")}), then=progress_then(context))
    if replied.then is None:
        answer = replied.answer
        await slack.messenger.post_in(workspace, where["channel"], refusal(answer) if answer.errors else answer)
        return
    await slack.messenger.update_in(workspace, where["channel"], where["ts"], replied.then)


async def _open_checkin(slack: Slack, client: AsyncWebClient, body: dict, action: dict) -> None:
    async with slack.sessions() as session:
        person = await slack.person(session, body["user"]["id"])
        if person is None:
            return
        form = await checkin_for_slot(session, person=person, context=_context(action))
    if form.questions:
        await open_form(client, body.get("trigger_id", ""), form, {"origin": "dm", **_where(body)})


async def _choice(slack: Slack, workspace: Workspace, body: dict, action: dict) -> None:
    choice, user, where = CHOICE.match(action["action_id"])[1], body["user"]["id"], _where(body)
    context = _context(action)
    if choice == "away":
        await _open_away(slack, workspace.client, body, where)
        return
    if choice == "skip":
        answer = await slack.reply(SkipSlot(user, context))
    else:
        answer = await slack.reply(Snooze(user, context, choice.removeprefix("snooze:")))
    await slack.messenger.update_in(workspace, where["channel"], where["ts"], answer)


async def _open_away(slack: Slack, client: AsyncWebClient, body: dict, where: dict) -> None:
    async with slack.sessions() as session:
        person = await slack.person(session, body["user"]["id"])
    if person is None:
        return
    last_day = local_now(person.tz, slack.clock()).date() + timedelta(days=7)
    await open_view(client, body.get("trigger_id", ""), away_modal(person.locale, last_day, {"origin": "dm", **where}))


async def _open_command_form(slack: Slack, workspace: Workspace, body: dict, command: str, origin: str) -> None:
    """The App Home's buttons and a DM's "Open the form": the form as a modal, or why there is none."""
    user = body["user"]["id"]
    _, answer = await slack.command(user, command)
    if answer.questions:
        await open_form(workspace.client, body.get("trigger_id", ""), answer, {"origin": origin, **_where(body)})
    else:
        await slack.messenger.post_in(workspace, user, answer)
