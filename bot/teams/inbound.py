"""What an incoming Teams activity says, in the core's terms: who wrote, where they can be reached, and the neutral
reply or typed command it carries. Pure functions of the activity."""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from botbuilder.schema import Activity, ChannelAccount

from bot.messages import AwayUntil, FormSubmitted, SkipSlot, Snooze
from bot.teams.cards import AWAY_INPUT, META
from handlers.commands import Reply
from handlers.ids import is_id
from models.teams_store import ChannelAddress, UserAddress
from scheduler.cadence import SNOOZE_CHOICES

MENTION = re.compile(r"<at>.*?</at>", re.IGNORECASE | re.DOTALL)
LEADING_MENTION = re.compile(r"^\s*<at>.*?</at>", re.IGNORECASE | re.DOTALL)
TAG = re.compile(r"<[^>]+>")
MAX_FIELDS = 200
MAX_FIELD = 10_000
CONTEXT_KEYS = ("kind", "slot", "period")
SLOT_FORMS = ("checkin", "survey")  # forms whose context is their kind, slot and period
PERIOD_FORMS = ("okr_new", "coach_draft")  # forms whose context is their kind and period


def conversation_type(activity: Activity) -> str:
    """personal, channel or groupChat."""
    return (activity.conversation.conversation_type if activity.conversation else None) or "personal"


def tenant_of(activity: Activity) -> str:
    tenant = _channel_data(activity).get("tenant")
    from_data = tenant.get("id") if isinstance(tenant, dict) else None
    return str(from_data or (activity.conversation.tenant_id if activity.conversation else "") or "")


def event_key(activity: Activity) -> str | None:
    """A key for deduplication: Teams' activity ids are unique within a conversation, not across them."""
    if not activity.id or not activity.conversation:
        return None
    where = hashlib.sha256(activity.conversation.id.encode()).hexdigest()[:24]
    return f"{activity.id[:150]}@{where}"


def user_address(activity: Activity, member: ChannelAccount | None = None, *, email: str | None = None
                 ) -> UserAddress:
    """The account of ``member`` (the sender by default); the chat is kept only when the activity is a 1:1 one."""
    account = member or activity.from_property
    personal = conversation_type(activity) == "personal" and member is None
    return UserAddress(
        user_id=account.id, service_url=activity.service_url, bot_id=activity.recipient.id,
        tenant_id=tenant_of(activity), aad_id=account.aad_object_id or None, name=account.name or None,
        email=email or _property(account, "email"), conversation_id=activity.conversation.id if personal else None,
        channel_id=activity.channel_id or "msteams",
    )


def channel_address(activity: Activity) -> ChannelAddress | None:
    """The team channel an activity happened in (or the team's General channel on install); None outside teams."""
    data = _channel_data(activity)
    team = data.get("team") if isinstance(data.get("team"), dict) else {}
    team_id = _string(team.get("id"))
    if not team_id:
        return None
    channel = data.get("channel") if isinstance(data.get("channel"), dict) else {}
    conversation = (activity.conversation.id if activity.conversation else "").split(";")[0]
    channel_id = _string(channel.get("id")) or conversation or team_id
    return ChannelAddress(
        conversation_id=channel_id, team_id=team_id, service_url=activity.service_url,
        bot_id=activity.recipient.id, tenant_id=tenant_of(activity),
        name=_string(channel.get("name")) or (_string(team.get("name")) if channel_id == team_id else None),
        channel_id=activity.channel_id or "msteams",
    )


def _string(value: Any) -> str | None:
    """A text field of channelData as Teams sends it: a string, or nothing (a number or object there is forged)."""
    return value if isinstance(value, str) and value else None


def team_name(activity: Activity) -> str:
    team = _channel_data(activity).get("team")
    return str(team.get("name") or "") if isinstance(team, dict) else ""


def event_type(activity: Activity) -> str:
    return str(_channel_data(activity).get("eventType") or "")


def bot_is_among(members: list[ChannelAccount] | None, activity: Activity) -> bool:
    return any(m.id == activity.recipient.id for m in members or [])


def command_text(activity: Activity) -> str:
    """What the person typed, without the @mention of the bot and without markup; a mention of someone else stays
    as their name (``1on1 <at>Anna de Vries</at> weekly thu 14:00``)."""
    text = activity.text or ""
    bot_mentions = _mentions_of_bot(activity)
    if bot_mentions:
        text = MENTION.sub(lambda m: " " if m.group(0) in bot_mentions else m.group(0), text)
    else:  # no entities to tell whom a mention names: only a leading one can be the bot's
        text = LEADING_MENTION.sub(" ", text)
    return " ".join(html.unescape(TAG.sub(" ", text)).split())


def _mentions_of_bot(activity: Activity) -> set[str]:
    """The ``<at>...</at>`` texts of the mention entities that name the bot (the activity's recipient)."""
    bot_id = getattr(activity.recipient, "id", None)
    found = set()
    for entity in activity.entities or []:
        data = getattr(entity, "additional_properties", None) or {}
        mentioned = data.get("mentioned") if isinstance(data.get("mentioned"), dict) else {}
        if entity.type == "mention" and bot_id and mentioned.get("id") == bot_id and data.get("text"):
            found.add(data["text"])
    return found


def card_submit(value: Any, person: str) -> Reply | str | None:
    """A card's Action.Submit as a neutral reply, or as a command when the date picker sent no date; None when the
    value isn't from one of our cards (or is malformed)."""
    if not isinstance(value, Mapping) or not isinstance(value.get(META), Mapping):
        return None
    meta = value[META]
    context = _context(meta.get("context"))
    action = meta.get("action")
    if context is None:
        return None
    if action == "submit" and _complete(context):
        fields = {str(k)[:100]: _text(v) for k, v in list(value.items())[:MAX_FIELDS] if k != META}
        return FormSubmitted(person, context, fields)
    if action == "choice" and context.get("kind") == "checkin" and _complete(context):
        option = str(meta.get("option") or "")
        if option == "skip":
            return SkipSlot(person, context)
        choice = option.removeprefix("snooze:")
        return Snooze(person, context, choice) if option.startswith("snooze:") and choice in SNOOZE_CHOICES else None
    if action == "away":
        typed = _text(value.get(AWAY_INPUT))
        try:
            return AwayUntil(person, date.fromisoformat(typed))
        except ValueError:
            return f"away {typed}".strip()
    return None


def _context(raw: Any) -> dict[str, str] | None:
    if not isinstance(raw, Mapping):
        return None
    return {key: str(raw[key])[:100] for key in CONTEXT_KEYS if isinstance(raw.get(key), str | int)}


def _complete(context: Mapping[str, str]) -> bool:
    """What the core needs to know which form an answer belongs to. A new kind of form is added here, because the
    core reads an unknown kind as a check-in."""
    if context.get("kind") in SLOT_FORMS:
        return bool(context.get("slot")) and is_id(context.get("period", ""))
    return context.get("kind") in PERIOD_FORMS and bool(context.get("period"))


def _text(value: Any) -> str:
    if value is None or isinstance(value, Mapping | list):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)[:MAX_FIELD]


def _channel_data(activity: Activity) -> dict:
    return activity.channel_data if isinstance(activity.channel_data, dict) else {}


def _property(account: ChannelAccount, name: str) -> str | None:
    extra = getattr(account, "additional_properties", None) or {}
    value = getattr(account, name, None) or extra.get(name)
    return str(value) if value else None
