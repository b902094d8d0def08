"""Neutral messages as Bot Framework activities: a plain chat message for a short notice, an Adaptive Card for
anything with key results, questions, actions or charts. Pure."""

from __future__ import annotations

import base64
from dataclasses import replace

from botbuilder.schema import Activity, ActivityTypes, Attachment

from bot.messages import Chart, Message, Text
from bot.teams.cards import CONTENT_TYPE, adaptive_card, is_plain, plain_text

# Teams refuses a message over about 28 KB (413, and a retry can only fail again), attachments included; base64
# makes a PNG a third larger. A chart over this budget is left out and the card keeps its title.
CHART_BUDGET = 20_000  # characters of base64


def outgoing(message: Message, *, as_card: bool = False, replaces: str | None = None) -> Activity:
    """The activity for ``message``; ``as_card`` forces a card (a card replaced in place stays a card) and
    ``replaces`` is the id of the activity it updates. Charts come as images next to the card."""
    if is_plain(message) and not as_card:
        activity = Activity(type=ActivityTypes.message, text=plain_text(message), text_format="markdown")
    else:
        card = Attachment(content_type=CONTENT_TYPE, content=adaptive_card(with_chart_titles(message)))
        images = [chart_attachment(chart) for chart in message.charts if fits(chart)]
        activity = Activity(type=ActivityTypes.message, attachments=[card, *images], summary=summary(message))
    if replaces:
        activity.id = replaces
    return activity


def with_chart_titles(message: Message) -> Message:
    """The card's message: each chart is its title, where the chart stood."""
    if not message.charts:
        return message
    blocks = tuple(Text(b.title, "muted") if isinstance(b, Chart) else b for b in message.blocks)
    return replace(message, blocks=blocks)


def chart_attachment(chart: Chart) -> Attachment:
    """A PNG inline as a data URL: the bot has nowhere public to host it; Teams shows it in chats and channels."""
    data = base64.b64encode(chart.png).decode("ascii")
    return Attachment(content_type="image/png", content_url=f"data:image/png;base64,{data}", name=chart.filename)


def fits(chart: Chart) -> bool:
    return len(chart.png) * 4 / 3 <= CHART_BUDGET


def summary(message: Message) -> str:
    """What a notification shows of a card: its first line."""
    first = next((b.text for b in message.blocks if isinstance(b, Text)), message.kind)
    return first.split("\n")[0][:200]


def copy_activity(activity: Activity) -> Activity:
    """A fresh activity per attempt: sending fills in ids and addresses on the object it is given."""
    return Activity().deserialize(activity.serialize())
