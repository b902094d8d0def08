"""Where the bot can reach people and channels in Microsoft Teams: the parts of a Bot Framework
ConversationReference, stored when the app is installed or someone writes to it, so check-ins and posts can be sent
later without the person writing first.

A Teams account is linked to a person at the moment of use, by the Teams user id (``29:...``), the Azure AD object id
or the e-mail address, so importing the organisation after the app was installed needs no extra step.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Column, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import Field, SQLModel

from models.people import Person, Team
from models.types import UTCDateTime

PLATFORM = "teams"


class TeamsUser(SQLModel, table=True):
    """A Teams account the bot has seen, and its one-to-one chat with the bot once there is one."""

    __tablename__ = "teamsuser"

    id: int | None = Field(default=None, primary_key=True)
    user_id: str = Field(max_length=255, unique=True)
    aad_id: str | None = Field(default=None, max_length=64, index=True)
    email: str | None = Field(default=None, max_length=320, index=True)  # lower case
    name: str = Field(default="", max_length=200)
    service_url: str = Field(max_length=512)
    tenant_id: str = Field(default="", max_length=64)
    bot_id: str = Field(max_length=255)
    channel_id: str = Field(default="msteams", max_length=32)
    conversation_id: str | None = Field(default=None, max_length=255)
    dead: bool = False  # the app was blocked or removed (403): nothing is sent until the person comes back
    updated_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class TeamsChannel(SQLModel, table=True):
    """A channel of a team the app is installed in."""

    __tablename__ = "teamschannel"

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: str = Field(max_length=255, unique=True)
    team_id: str = Field(max_length=255, index=True)
    name: str = Field(default="", max_length=200)
    service_url: str = Field(max_length=512)
    tenant_id: str = Field(default="", max_length=64)
    bot_id: str = Field(max_length=255)
    channel_id: str = Field(default="msteams", max_length=32)
    dead: bool = False
    updated_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


@dataclass(frozen=True)
class UserAddress:
    """What an activity tells about a Teams account; ``None`` means "not told", never "erase"."""

    user_id: str
    service_url: str
    bot_id: str
    tenant_id: str = ""
    aad_id: str | None = None
    email: str | None = None
    name: str | None = None
    conversation_id: str | None = None
    channel_id: str = "msteams"


@dataclass(frozen=True)
class ChannelAddress:
    conversation_id: str
    team_id: str
    service_url: str
    bot_id: str
    tenant_id: str = ""
    name: str | None = None
    channel_id: str = "msteams"


async def save_user(session: AsyncSession, *, address: UserAddress, now: datetime, revive: bool) -> TeamsUser:
    """Insert or update the account; ``revive`` clears the dead flag (the person wrote or installed the app)."""
    row = (await session.execute(select(TeamsUser).where(TeamsUser.user_id == address.user_id))).scalar_one_or_none()
    if row is None:
        row = TeamsUser(user_id=address.user_id, service_url=address.service_url, bot_id=address.bot_id,
                        updated_at=now)
    known = {"aad_id": address.aad_id, "name": address.name, "conversation_id": address.conversation_id,
             "email": address.email.lower() if address.email else None}
    for name, value in known.items():
        if value:
            setattr(row, name, value[:320] if name == "email" else value)
    row.service_url, row.bot_id, row.channel_id = address.service_url, address.bot_id, address.channel_id
    row.tenant_id = address.tenant_id or row.tenant_id
    row.updated_at = now
    if revive:
        row.dead = False
    session.add(row)
    await session.flush()
    return row


async def save_channel(session: AsyncSession, *, address: ChannelAddress, now: datetime) -> TeamsChannel:
    statement = select(TeamsChannel).where(TeamsChannel.conversation_id == address.conversation_id)
    row = (await session.execute(statement)).scalar_one_or_none()
    if row is None:
        row = TeamsChannel(conversation_id=address.conversation_id, team_id=address.team_id,
                           service_url=address.service_url, bot_id=address.bot_id, updated_at=now)
    row.team_id, row.service_url, row.bot_id = address.team_id, address.service_url, address.bot_id
    row.tenant_id, row.channel_id = address.tenant_id or row.tenant_id, address.channel_id
    row.name = address.name or row.name
    row.dead, row.updated_at = False, now
    session.add(row)
    await session.flush()
    return row


async def set_conversation(session: AsyncSession, *, user_id: str, conversation_id: str, now: datetime) -> None:
    """The one-to-one chat the bot opened with this account."""
    await session.execute(update(TeamsUser).where(TeamsUser.user_id == user_id)
                          .values(conversation_id=conversation_id, updated_at=now))


async def mark_user_dead(session: AsyncSession, *, user_id: str, now: datetime) -> None:
    await session.execute(update(TeamsUser).where(TeamsUser.user_id == user_id).values(dead=True, updated_at=now))


async def mark_channel_dead(session: AsyncSession, *, conversation_id: str, now: datetime) -> None:
    await session.execute(update(TeamsChannel).where(TeamsChannel.conversation_id == conversation_id)
                          .values(dead=True, updated_at=now))


async def mark_team_dead(session: AsyncSession, *, team_id: str, now: datetime) -> None:
    """The app was removed from a team: none of its channels can be posted to."""
    await session.execute(update(TeamsChannel).where(TeamsChannel.team_id == team_id).values(dead=True, updated_at=now))


async def person_for_user(session: AsyncSession, *, user_id: str, aad_id: str | None = None,
                          email: str | None = None) -> Person | None:
    """The person this Teams account belongs to: by Teams user id first, then Azure AD object id, then e-mail; a
    person reached on Teams wins over one listed for another platform (who may be moving to Teams)."""
    matches = [Person.platform_user_id == user_id]
    if aad_id:
        matches.append(Person.aad_id == aad_id)
    if email:
        matches.append(func.lower(Person.email) == email.lower())
    statement = select(Person).where(or_(*matches)).order_by(Person.id).limit(20)
    people = sorted((await session.execute(statement)).scalars(), key=lambda p: p.platform != PLATFORM)
    for matches_on in (lambda p: p.platform_user_id == user_id, lambda p: bool(aad_id) and p.aad_id == aad_id,
                       lambda p: bool(email) and (p.email or "").lower() == email.lower()):
        found = next((p for p in people if matches_on(p)), None)
        if found:
            return found
    return None


async def move_to_teams(session: AsyncSession, *, person: Person) -> bool:
    """Reach ``person`` on Teams from now on; False when another Teams person already has their id."""
    taken = select(Person.id).where(Person.platform == PLATFORM, Person.platform_user_id == person.platform_user_id)
    if (await session.execute(taken)).first():
        return False
    person.platform = PLATFORM
    session.add(person)
    return True


def belongs_to(user: TeamsUser, person: Person) -> bool:
    return (user.user_id == person.platform_user_id or bool(person.aad_id and user.aad_id == person.aad_id)
            or bool(person.email and user.email == person.email.lower()))


def best_account(accounts: Sequence[TeamsUser]) -> TeamsUser | None:
    """A live account with a chat, else a live one without (a chat can be opened), else a dead one."""
    ranked = sorted(accounts, key=lambda u: (u.dead, u.conversation_id is None, -u.updated_at.timestamp()))
    return ranked[0] if ranked else None


async def account_of(session: AsyncSession, *, person: Person) -> TeamsUser | None:
    """The Teams account to reach ``person`` through, dead or alive; None when the bot never saw one."""
    matches = [TeamsUser.user_id == person.platform_user_id]
    if person.aad_id:
        matches.append(TeamsUser.aad_id == person.aad_id)
    if person.email:
        matches.append(TeamsUser.email == person.email.lower())
    accounts = (await session.execute(select(TeamsUser).where(or_(*matches)))).scalars()
    return best_account([a for a in accounts if belongs_to(a, person)])


async def channel_of(session: AsyncSession, *, conversation_id: str) -> TeamsChannel | None:
    statement = select(TeamsChannel).where(TeamsChannel.conversation_id == conversation_id)
    return (await session.execute(statement)).scalar_one_or_none()


@dataclass(frozen=True)
class Unreachable:
    person: Person
    reason: str  # "never seen" | "blocked"


async def unreachable_people(session: AsyncSession) -> list[Unreachable]:
    """Teams people the bot can't send to: never seen in Teams, or they blocked or removed the app."""
    people = list((await session.execute(select(Person).where(Person.platform == PLATFORM).order_by(Person.name)))
                  .scalars())
    accounts = list((await session.execute(select(TeamsUser))).scalars())
    by_key: dict[str, list[TeamsUser]] = {}
    for account in accounts:
        for key in (account.user_id, f"aad:{account.aad_id}", f"mail:{account.email}"):
            by_key.setdefault(key, []).append(account)
    found = []
    for person in people:
        keys = [person.platform_user_id, f"aad:{person.aad_id}" if person.aad_id else "",
                f"mail:{person.email.lower()}" if person.email else ""]
        best = best_account([a for key in keys if key for a in by_key.get(key, [])])
        if best is None or best.dead:
            found.append(Unreachable(person, "never seen" if best is None else "blocked"))
    return found


async def unreachable_channels(session: AsyncSession) -> list[Team]:
    """Teams whose channel is a Teams channel id (``19:...``) the app can't post to."""
    teams = (await session.execute(select(Team).where(Team.channel.like("19:%")).order_by(Team.name))).scalars()
    alive = select(TeamsChannel.conversation_id).where(TeamsChannel.dead.is_(False))
    live = set((await session.execute(alive)).scalars())
    return [team for team in teams if team.channel not in live]


async def team_in(session: AsyncSession, *, channel_ids: Sequence[str], name: str) -> Team | None:
    """The organisation's team that posts to one of these channels, or else has this name."""
    by_channel = select(Team).where(Team.channel.in_(list(channel_ids))).order_by(Team.id).limit(1)
    found = (await session.execute(by_channel)).scalar_one_or_none()
    if found or not name:
        return found
    return (await session.execute(select(Team).where(Team.name == name))).scalar_one_or_none()
