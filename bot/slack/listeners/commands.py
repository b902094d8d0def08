"""``/okr``: the same typed commands as the console, answered privately, with forms opened as modals."""

from __future__ import annotations

import logging

from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.messages import Message
from bot.slack.blocks import fallback_text, message_pages
from bot.slack.runtime import Slack
from bot.slack.views import checkin_modal, form_modal, okr_modal
from prompts import t

log = logging.getLogger(__name__)


def register(app: AsyncApp, slack: Slack) -> None:
    @app.command("/okr")
    async def okr(ack, body, client, respond) -> None:
        if slack.background.busy:  # more work waits than clears in a moment: no answer minutes later, but now
            locale = slack.messenger.languages.get(body.get("user_id", ""), "en")
            await ack(text=t(locale, "trouble.busy"), response_type="ephemeral")
            return
        await ack()
        tell = slack.tell_failed(slack.here(body, client), body.get("user_id", ""), respond=respond)
        slack.background.start(_answer(slack, body, client, respond), "/okr", tell=tell)


async def _answer(slack: Slack, body: dict, client: AsyncWebClient, respond) -> None:
    _, answer = await slack.command(body.get("user_id", ""), body.get("text", ""))
    if answer.questions:
        await open_form(client, body.get("trigger_id", ""), answer, {"origin": "command"}, respond)
        return
    await ephemeral(respond, answer)


async def open_form(client: AsyncWebClient, trigger_id: str, form: Message, meta: dict, respond=None) -> bool:
    """A check-in or new-OKR form as a modal; a trigger that expired gets a friendly "try again"."""
    if form.kind == "okr_new":
        view = okr_modal(form, meta)
    elif form.context.get("kind") == "checkin":
        view = checkin_modal(form, meta)
    else:
        view = form_modal(form, meta)
    if await open_view(client, trigger_id, view):
        return True
    if respond is not None:
        await respond(text=t(form.locale, "slack.try_again"), response_type="ephemeral")
    return False


async def open_view(client: AsyncWebClient, trigger_id: str, view: dict) -> bool:
    """views.open; False when Slack refused, e.g. the 3-second trigger had expired."""
    try:
        await client.views_open(trigger_id=trigger_id, view=view)
    except SlackApiError as error:
        log.warning("slack: views.open failed: %s", error.response.get("error"))
        return False
    return True


async def ephemeral(respond, answer: Message) -> None:
    for blocks in message_pages(answer):
        await respond(text=fallback_text(answer), blocks=blocks, response_type="ephemeral", replace_original=False)
