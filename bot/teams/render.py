"""Neutral messages as Bot Framework activities: a plain chat message for a short notice, an Adaptive Card for
anything with key results, questions, actions or charts. Pure."""

from __future__ import annotations

import base64
import io
import json
from dataclasses import replace

from botbuilder.schema import Activity, ActivityTypes, Attachment
from PIL import Image

from bot.messages import Chart, Message, Text
from bot.teams.cards import CONTENT_TYPE, adaptive_card, is_plain, plain_text
from prompts import t

# Teams refuses a message over about 28 KB (413, and a retry can only fail again), attachments included; base64
# makes a PNG a third larger. A chart over this budget is left out and the card keeps its title.
CHART_BUDGET = 20_000  # characters of base64
MESSAGE_BUDGET = 26_000  # bytes of card JSON and images together, below Teams' limit with room for the envelope
CLIPPED_TEXT = 600  # characters of one text in a card that had to be shortened
SHRINK = ((2, None), (3, None), (3, 16))  # a chart over CHART_BUDGET: a half, a third of its width and height


def outgoing(message: Message, *, as_card: bool = False, replaces: str | None = None) -> Activity:
    """The activity for ``message``; ``as_card`` forces a card (a card replaced in place stays a card) and
    ``replaces`` is the id of the activity it updates. Charts come as images next to the card."""
    if is_plain(message) and not as_card:
        activity = Activity(type=ActivityTypes.message, text=plain_text(message), text_format="markdown")
    else:
        images = [image for chart in message.charts if (image := chart_attachment(chart))]  # too big: its title
        room = MESSAGE_BUDGET - sum(len(image.content_url) for image in images)
        content = fitted(adaptive_card(with_chart_titles(message)), message, room)
        card = Attachment(content_type=CONTENT_TYPE, content=content)
        activity = Activity(type=ActivityTypes.message, attachments=[card, *images], summary=summary(message))
    if replaces:
        activity.id = replaces
    return activity


def fitted(card: dict, message: Message, room: int) -> dict:
    """The card, shortened when it would not fit in a Teams message: long texts clipped first, then the last lines
    left out with a note that says how many. A form is never shortened (it is small, and every input counts)."""
    if _size(card) <= room or message.questions:
        return card
    body = [_clipped(element) for element in card["body"]]
    left_out = 0
    while len(body) > 1 and _size({**card, "body": [*body, _note(message, left_out)]}) > room:
        body.pop()
        left_out += 1
    return {**card, "body": [*body, _note(message, left_out)] if left_out else body}


def _note(message: Message, left_out: int) -> dict:
    return {"type": "TextBlock", "text": t(message.locale, "teams.shortened", count=left_out), "wrap": True,
            "isSubtle": True}


def _clipped(element: dict) -> dict:
    if element.get("type") == "TextBlock" and len(element.get("text", "")) > CLIPPED_TEXT:
        return {**element, "text": element["text"][: CLIPPED_TEXT - 1] + "…"}
    if isinstance(element.get("items"), list):
        return {**element, "items": [_clipped(item) for item in element["items"]]}
    return element


def _size(card: dict) -> int:
    return len(json.dumps(card, ensure_ascii=False).encode("utf-8"))


def with_chart_titles(message: Message) -> Message:
    """The card's message: each chart is its title, where the chart stood."""
    if not message.charts:
        return message
    blocks = tuple(Text(b.title, "muted") if isinstance(b, Chart) else b for b in message.blocks)
    return replace(message, blocks=blocks)


def chart_attachment(chart: Chart) -> Attachment | None:
    """A PNG inline as a data URL: the bot has nowhere public to host it; Teams shows it in chats and channels.
    None when the chart cannot be made small enough for a Teams message."""
    png = teams_png(chart)
    if png is None:
        return None
    data = base64.b64encode(png).decode("ascii")
    return Attachment(content_type="image/png", content_url=f"data:image/png;base64,{data}", name=chart.filename)


def fits(chart: Chart) -> bool:
    return teams_png(chart) is not None


def teams_png(chart: Chart) -> bytes | None:
    """The chart as a Teams message can carry it: as drawn when it fits the budget, else with a half or a third of
    its pixels each way (charts are drawn for screens of twice the density, and a card shows them narrower anyway),
    in the picture's own colours, and as a last try in 16 colours; None when even that is too big."""
    if _fits(chart.png):
        return chart.png
    for factor, colours in SHRINK:
        smaller = _shrunk(chart.png, factor, colours)
        if _fits(smaller):
            return smaller
    return None


def _fits(png: bytes) -> bool:
    return len(png) * 4 / 3 <= CHART_BUDGET


def _shrunk(png: bytes, factor: int, colours: int | None) -> bytes:
    """Fewer pixels, in the picture's own palette when it has one and ``colours`` is None (a chart keeps its light
    bands), else in that many colours found in it."""
    original = Image.open(io.BytesIO(png))
    image = original.convert("RGB").reduce(factor)
    if original.mode == "P" and colours is None:
        small = image.quantize(palette=original, dither=Image.Dither.NONE)
    else:
        small = image.quantize(colours or 24, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    small.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def summary(message: Message) -> str:
    """What a notification shows of a card: its first line."""
    first = next((b.text for b in message.blocks if isinstance(b, Text)), message.kind)
    return first.split("\n")[0][:200]


def copy_activity(activity: Activity) -> Activity:
    """A fresh activity per attempt: sending fills in ids and addresses on the object it is given."""
    return Activity().deserialize(activity.serialize())
