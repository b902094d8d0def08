"""Activities shaped as Microsoft Teams sends them to a bot's /api/messages, and the ids of a small Teams tenant."""

from __future__ import annotations

import itertools
from typing import Any

TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
BOT = "28:00000000-0000-0000-0000-000000000b07"
ANNA = "29:1GcS4EyB_oSI8A88XmWBN7NJFyMqe3QGnJdgLfFGkJnVelzRGos0bAz4ozOVo39nU6Bw8mmXQ3ZjZ8jZM5p6xKQ"
ANNA_AAD = "6b1c7a4e-3f6d-4c55-9a5b-0c5b8f3a2d11"
BEN = "29:1q8K0oZ1m-uDZ7AyVYkDRRGkgT1vZp9l0v2cVJ6Lr2V8pU3HqjzW7fO8nYyB4cE2aXsDfGhJkLzXcVbNm1Q2w3E"
BEN_AAD = "0e4fd4b2-9a83-4d2f-8b5e-5d1e2c3b4a59"
CARLA = "29:1zYxWvUtSrQpOnMlKjIhGfEdCbA9876543210zyxwvutsrqponmlkjihgfedcbaZYXWVUTSRQPONMLKJIH"
CARLA_AAD = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a"
TEAM = "19:a5d0b9bc0e5a4d62a0f0f1b8b8f0c3d4@thread.tacv2"  # a team's id is its General channel's
CHAT = {ANNA: "a:1anna-Pe2Y4lWqH8sRgkVzJ0bQ7tXc", BEN: "a:1ben-Kz8YhTgRfEdWsQaZxCvBnM", CARLA: "a:1carla-UyTrEwQ"}
NAMES = {ANNA: "Anna de Vries", BEN: "Ben Miller", CARLA: "Carla Jansen"}
AAD = {ANNA: ANNA_AAD, BEN: BEN_AAD, CARLA: CARLA_AAD}
_ids = itertools.count(1_700_000_000_000)


def next_id() -> str:
    return str(next(_ids))


def _base(service_url: str, kind: str, conversation: dict, sender: dict, **extra: Any) -> dict:
    activity = {
        "type": kind, "id": next_id(), "timestamp": "2026-10-05T07:00:00.000Z",
        "localTimestamp": "2026-10-05T09:00:00.000+02:00", "serviceUrl": service_url, "channelId": "msteams",
        "from": sender, "conversation": conversation, "recipient": {"id": BOT, "name": "okrbot"},
        "entities": [{"locale": "nl-NL", "country": "NL", "platform": "Web", "timezone": "Europe/Amsterdam",
                      "type": "clientInfo"}],
        "channelData": {"tenant": {"id": TENANT}}, "locale": "nl-NL", "localTimezone": "Europe/Amsterdam",
    }
    activity.update(extra)
    return activity


def person(user: str) -> dict:
    unknown = "ffffffff-0000-0000-0000-000000000000"
    return {"id": user, "name": NAMES.get(user, "Someone"), "aadObjectId": AAD.get(user, unknown)}


def personal(user: str) -> dict:
    return {"conversationType": "personal", "tenantId": TENANT, "id": CHAT.get(user, f"a:1chat-{user[-8:]}")}


def channel(thread: str = TEAM, message_id: str | None = None) -> dict:
    suffix = f";messageid={message_id}" if message_id else ""
    return {"isGroup": True, "conversationType": "channel", "tenantId": TENANT, "id": thread + suffix}


def personal_install(url: str, user: str) -> dict:
    """installationUpdate when a person adds the app for themselves."""
    return _base(url, "installationUpdate", personal(user), person(user), action="add",
                 channelData={"tenant": {"id": TENANT}, "source": {"name": "message"}})


def personal_uninstall(url: str, user: str) -> dict:
    return _base(url, "installationUpdate", personal(user), person(user), action="remove",
                 channelData={"tenant": {"id": TENANT}})


def personal_members_added(url: str, user: str) -> dict:
    """conversationUpdate that Teams sends with the installationUpdate: the bot joined the 1:1 chat."""
    return _base(url, "conversationUpdate", personal(user), person(user), membersAdded=[{"id": BOT}])


def team_install(url: str, installer: str, team_name: str = "Support") -> dict:
    """conversationUpdate when the app is added to a team: the bot is the member added, in the General channel."""
    data = {"team": {"id": TEAM, "name": team_name, "aadGroupId": "0d8f4b5c-1111-4a2b-9c3d-7e6f5a4b3c2d"},
            "eventType": "teamMemberAdded", "tenant": {"id": TENANT},
            "settings": {"selectedChannel": {"id": TEAM}}}
    return _base(url, "conversationUpdate", channel(), person(installer), membersAdded=[{"id": BOT}],
                 channelData=data)


def team_uninstall(url: str, remover: str) -> dict:
    data = {"team": {"id": TEAM, "name": "Support"}, "eventType": "teamMemberRemoved", "tenant": {"id": TENANT}}
    return _base(url, "conversationUpdate", channel(), person(remover), membersRemoved=[{"id": BOT}],
                 channelData=data)


def message(url: str, user: str, text: str) -> dict:
    return _base(url, "message", personal(user), person(user), text=text, textFormat="plain",
                 attachments=[], channelData={"tenant": {"id": TENANT}})


def channel_message(url: str, user: str, text: str, thread: str = TEAM) -> dict:
    """Someone @mentions the bot in a channel; the text carries the mention markup."""
    message_id = next_id()
    data = {"teamsChannelId": thread, "teamsTeamId": TEAM, "channel": {"id": thread},
            "team": {"id": TEAM}, "tenant": {"id": TENANT}}
    mention = {"type": "mention", "text": "<at>okrbot</at>", "mentioned": {"id": BOT, "name": "okrbot"}}
    activity = _base(url, "message", channel(thread, message_id), person(user),
                     text=f"<at>okrbot</at> {text}", textFormat="plain", channelData=data)
    activity["id"] = message_id
    activity["entities"] = [mention, *activity["entities"]]
    return activity


def card_submit(url: str, user: str, value: dict, reply_to: str) -> dict:
    """An Action.Submit: a message with no text, the card's data and inputs in ``value``, replying to the card."""
    data = {"tenant": {"id": TENANT}, "source": {"name": "message"}, "legacy": {"replyToId": reply_to}}
    return _base(url, "message", personal(user), person(user), value=value, replyToId=reply_to, channelData=data)


def member(user: str, email: str) -> dict:
    """A member as the connector's member lookup returns it."""
    given, _, surname = NAMES.get(user, "Some One").partition(" ")
    return {"id": user, "name": NAMES.get(user, "Someone"), "aadObjectId": AAD.get(user), "email": email,
            "userPrincipalName": email, "givenName": given, "surname": surname, "tenantId": TENANT,
            "userRole": "user"}


def org_yaml() -> str:
    """The support team of tests/orgs.py on Teams: Anna by her Teams id, Ben by e-mail, Carla by Azure AD id."""
    return f"""
periods:
  - {{name: 2026-Q4, start: 2026-10-01, end: 2026-12-31}}
people:
  - {{id: "{ANNA}", name: Anna de Vries, tz: Europe/Amsterdam, locale: nl, platform: teams}}
  - {{id: ben, name: Ben Miller, tz: Europe/Amsterdam, locale: en, platform: teams, email: Ben.Miller@example.com}}
  - {{id: carla, name: Carla Jansen, tz: Europe/Amsterdam, locale: nl, platform: teams, aad_id: "{CARLA_AAD}"}}
  - {{id: dirk, name: Dirk Smit, tz: Europe/Amsterdam, locale: nl, platform: teams, email: dirk@example.com}}
teams:
  - name: Support
    channel: "{TEAM}"
    country: NL
    members: ["{ANNA}", ben, carla, dirk]
    checkin: {{day: monday, time: "09:00", every_weeks: 1}}
okrs:
  - id: support-fans
    objective: Onze klanten zijn fan van onze dienstverlening
    level: team
    owner: Support
    period: 2026-Q4
    type: aspirational
    key_results:
      - {{id: nps, title: NPS stijgt van 25 naar 45, kind: increase, baseline: 25, target: 45, unit: NPS,
         owner: "{ANNA}"}}
      - {{id: kb, title: Kennisbank live, kind: milestone, owner: "{ANNA}"}}
      - {{id: reply, title: First reply within 2 hours, kind: decrease, baseline: 8, target: 2, unit: h, owner: ben}}
      - {{id: csat, title: CSAT stays above 8, kind: stay_above, target: 8, owner: carla}}
      - {{id: docs, title: Docs reviewed, kind: milestone, owner: dirk}}
"""
