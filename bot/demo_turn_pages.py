"""The demo's pages of the turn of the quarter, in the order people live it: who is invited when, the invitations,
the goal-setting 1:1, the choices typed on the period's last day, the next period's start and its first check-in."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

from bot import demo_audience
from bot.console_render import render
from bot.demo_turn import INVITATIONS, WHAT, Moment, Said, Turn
from bot.messages import Message, Text
from prompts import t
from prompts.formatting import human_date

Page = tuple[str, str]
# After these the answer shows the drafts as they stand; after the others only what was done.
SHOWN_WITH_DRAFTS = ("carry", "meenemen", "agree", "akkoord")


def turn_pages(turn: Turn, teams: Mapping[str, str]) -> list[Page]:
    """Nothing when the demo's organisation has no next period to plan."""
    if turn.next is None:
        return []
    pages = [_invited(turn), _team_invitation(turn), _goalsetting(turn), _decisions(turn), _start(turn, teams),
             _first_checkin(turn)]
    return [page for page in pages if page]


def _when(turn: Turn, at: datetime, user_id: str) -> str:
    person = turn.people.get(user_id)
    zone = person.tz if person else "UTC"
    local = at.astimezone(ZoneInfo(zone))
    return f"{human_date('en', local.date())} {local:%H:%M} {zone.rsplit('/', 1)[-1].replace('_', ' ')}"


def _timeline(turn: Turn, moments: Iterable[Moment]) -> str:
    return "\n".join(f"{_when(turn, m.at, m.recipient.platform_user_id):<27} {m.recipient.name}: "
                     + WHAT[m.message.kind].format(period=turn.next.name) for m in moments)


def _first(turn: Turn, kind: str, locale: str | None = None) -> Moment | None:
    found = [m for m in turn.received if m.message.kind == kind]
    return next((m for m in found if m.message.locale == locale), found[0] if found else None)


def _dm(moment: Moment) -> str:
    return f"{render(moment.message)}\n{demo_audience.dm(moment.recipient, moment.message)}"


def _invited(turn: Turn) -> Page:
    invitations = [m for m in turn.received if m.message.kind in INVITATIONS]
    body = _timeline(turn, invitations)
    first = _first(turn, "plan_org") or _first(turn, "plan_team")
    if first:
        body += f"\n\nThe first invitation ({first.recipient.name}):\n{_dm(first)}"
    return (f"The turn of the quarter: planning {turn.next.name} — who is invited when, in their own time zone",
            body)


def _team_invitation(turn: Turn) -> Page | None:
    team = _first(turn, "plan_team", "nl")
    if team is None or not _first(turn, "plan_org"):  # else it was the first invitation shown
        return None
    return f"A team's invitation, a few working days after the organisation's (to {team.recipient.name})", _dm(team)


def _goalsetting(turn: Turn) -> Page | None:
    prep, invite = _first(turn, "goalsetting", "nl"), _first(turn, "goalsetting_invite", "nl")
    if prep is None:
        return None
    parts = [_dm(prep)] + ([_dm(invite)] if invite else [])
    names = " and ".join(f"to {m.recipient.name}" for m in (prep, invite) if m)
    return f"The goal-setting 1:1: the manager's prep and the report's DM ({names})", "\n\n".join(parts)


def _decisions(turn: Turn) -> Page | None:
    if not turn.said:
        return None
    parts = [_said(turn, said, full=n == 0) for n, said in enumerate(turn.said)]
    return (f"{turn.ending.name}'s last day: carry over, close, propose, agree, rework — typed in chat",
            "\n\n".join(parts))


def _said(turn: Turn, said: Said, full: bool) -> str:
    """The first answer in full; then what was done, and the drafts as they stand after a carry or an agreement."""
    blocks = said.answer.blocks
    if not full:
        drafts = t(said.answer.locale, "planning.drafts_heading", period=turn.next.name)
        start = next((n for n, b in enumerate(blocks) if isinstance(b, Text) and b.text == drafts), None)
        shows_drafts = start is not None and set(said.text.split()[:2]) & set(SHOWN_WITH_DRAFTS)
        blocks = blocks[:1] + (blocks[start:-1] if shows_drafts else ())  # the last: how to go on
    answer = render(Message(said.answer.kind, said.answer.locale, tuple(blocks)))
    return (f"{_when(turn, said.at, said.person.platform_user_id)}  {said.person.name}> {said.text}\n{answer}\n"
            + demo_audience.reply(said.person.name, said.answer.locale))


def _start(turn: Turn, teams: Mapping[str, str]) -> Page | None:
    parts = [_dm(m) for m in turn.received if m.message.kind == "plan_reminder"]
    parts += [f"{render(message)}\n{demo_audience.posted(channel, message.locale, teams)}"
              for _, channel, message in turn.posts]
    if not parts:
        return None
    notice = ", and their team's channel a notice" if turn.posts else ""
    return f"{turn.next.name} begins: drafts not agreed get one reminder{notice}", "\n\n".join(parts)


def _first_checkin(turn: Turn) -> Page | None:
    if not turn.answered:
        return None
    firsts = [m for m in turn.received if m.message.kind in ("survey_premortem", "checkin")]
    moment, answer = next(((m, a) for m, a in turn.answered if m.message.locale == "nl"), turn.answered[0])
    body = (f"{_timeline(turn, firsts)}\n\n{_dm(moment)}\n\nAfter answering:\n{render(answer)}\n"
            + demo_audience.reply(moment.recipient.name, answer.locale))
    return f"{turn.next.name}: the pre-mortem as always, and the first check-in (to {moment.recipient.name})", body
