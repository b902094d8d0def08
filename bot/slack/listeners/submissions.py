"""Modal submissions: the check-in, a new OKR, time off. Wrong fields come back next to the field
(``response_action: errors``) and nothing of the submission is stored; what was recorded is shown in the DM.
A check-in is recorded after Slack got its answer (see ``_checkin``)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from slack_bolt.async_app import AsyncApp

from bot.messages import AwayUntil, FormSubmitted, Message
from bot.slack.first_look import first_look
from bot.slack.runtime import Slack, progress_then, refusal
from bot.slack.views import (
    AWAY,
    CHECKIN,
    FORM,
    KRS_PER_PAGE,
    OKR_NEW,
    checkin_groups,
    checkin_modal,
    read_metadata,
    view_values,
)
from bot.slack.workspaces import Workspace
from handlers.checkin_slot import checkin_for_slot, slot_progress
from handlers.ids import as_id
from models import Person
from prompts import t

CHECKIN_KEYS = ("kind", "slot", "period")
PLACEMENT = ("origin", "channel", "ts")  # where the form was opened from, not what it answers


def register(app: AsyncApp, slack: Slack) -> None:
    @app.view(CHECKIN)
    async def checkin(ack, body, view, client) -> None:
        await _checkin(slack, slack.here(body, client), ack, body, view)

    async def form(ack, body, view, client) -> None:
        """A new OKR, a survey or another form: its context rides in the metadata; refused fields come back next to
        their field (a survey keeps its valid answers, a new OKR saves nothing until all is valid)."""
        meta, user = read_metadata(view.get("private_metadata")), body["user"]["id"]
        fields = view_values(view.get("state") or {})
        context = {k: v for k, v in meta.items() if k not in PLACEMENT}
        answer = await slack.reply(FormSubmitted(user, context, fields))
        if answer.errors:
            await ack(response_action="errors", errors=field_errors(answer.errors, fields))
            return
        await ack()
        workspace = slack.here(body, client)
        slack.background.start(_after(slack, workspace, user, meta, answer), "form saved",
                               tell=slack.tell_failed(workspace, user))

    app.view(OKR_NEW)(form)
    app.view(FORM)(form)

    @app.view(AWAY)
    async def away(ack, body, view, client) -> None:
        meta, user = read_metadata(view.get("private_metadata")), body["user"]["id"]
        typed = view_values(view.get("state") or {}).get("until", "")
        answer = await slack.reply(AwayUntil(user, _date(typed)))
        if answer.kind not in ("unknown_person", "away"):  # refused: nothing changed, the modal says why
            await ack(response_action="errors", errors={"until": _first_text(answer)})
            return
        await ack()
        workspace = slack.here(body, client)
        slack.background.start(_after(slack, workspace, user, meta, answer), "away saved",
                               tell=slack.tell_failed(workspace, user))


def _date(typed: str) -> date:
    """The datepicker's day; anything else becomes a day in the past, which the core refuses kindly."""
    try:
        return date.fromisoformat(typed)
    except ValueError:
        return date.min


async def _checkin(slack: Slack, workspace: Workspace, ack, body: dict, view: dict) -> None:
    """Refuse what the modal alone shows is wrong, answer Slack (the next page, or close), then record: a slow
    store never makes Slack wait past its 3 seconds. Failing to record is told in the DM."""
    meta, user = read_metadata(view.get("private_metadata")), body["user"]["id"]
    context = {k: meta[k] for k in CHECKIN_KEYS if k in meta}
    fields = view_values(view.get("state") or {})
    page = as_id(meta.get("page", "")) or 0
    answering = page == 0 or any(v.strip() for v in fields.values())
    locale = meta.get("locale") or slack.messenger.languages.get(user, "en")
    errors = first_look(view, fields, locale, first_page=page == 0) if answering else {}
    if not errors and slack.background.busy:  # the form stays open with what they typed, to send again soon
        errors = {"busy": t(locale, "trouble.busy")}
    if errors:
        await ack(response_action="errors", errors=field_errors(errors, fields))
        return
    pages = as_id(meta.get("pages", ""))
    last = pages is not None and page + 1 >= pages
    if last:
        await ack()
    else:  # the next page is built from the store; a form opened before pages were counted also lands here
        async with slack.sessions() as session:
            person = await slack.person(session, user)
            form = await checkin_for_slot(session, person=person, context=context)
        last = (page + 1) * KRS_PER_PAGE >= len(checkin_groups(form))
        await ack(**({} if last else {"response_action": "update", "view": checkin_modal(form, meta, page + 1)}))
    work = _record_checkin(slack, workspace, user, meta, context, fields if answering else None, last)
    slack.background.start(work, "check-in saved", in_turn=f"checkin:{user}",
                           tell=slack.tell_failed(workspace, user, key="trouble.checkin_not_saved"))


async def _record_checkin(slack: Slack, workspace: Workspace, user: str, meta: dict, context: dict,
                          fields: dict | None, last: bool) -> None:
    """Record one page of the check-in; after the last page the DM shows what is recorded. What only the store can
    refuse (someone else's key result, a week that is not theirs) is said in the DM, and nothing is kept."""
    person = shown = None
    if fields is not None:
        then = progress_then(context) if last else None
        replied = await slack.replied(FormSubmitted(user, context, fields), then=then)
        person, answer, shown = replied.person, replied.answer, replied.then
        if answer.kind in ("unknown_person", "notice"):  # a stranger, or a week that is not theirs
            await slack.messenger.post_in(workspace, user, answer)
            return
        if answer.errors:
            await slack.messenger.post_in(workspace, user, refusal(answer))
            return
    if shown is not None:
        await _after(slack, workspace, user, meta, shown)
    elif last:
        await _after_checkin(slack, workspace, user, meta, context, person)


async def _after_checkin(slack: Slack, workspace: Workspace, user: str, meta: dict, context: dict,
                         person: Person | None) -> None:
    """The DM the check-in came from shows what is recorded; without one, the summary arrives as a DM. ``person``
    is who recorded it, when this interaction already looked them up."""
    async with slack.sessions() as session:
        person = person or await slack.person(session, user)
        progress = await slot_progress(session, person=person, context=context)
    await _after(slack, workspace, user, meta, progress)


async def _after(slack: Slack, workspace: Workspace, user: str, meta: Mapping[str, str], answer: Message) -> None:
    if meta.get("channel") and meta.get("ts"):
        await slack.messenger.update_in(workspace, meta["channel"], meta["ts"], answer)
    else:
        await slack.messenger.post_in(workspace, user, answer)
    if meta.get("origin") == "home":
        await slack.publish_home(workspace.client, user)


def field_errors(errors: Mapping[str, str], fields: Mapping[str, str]) -> dict[str, str]:
    """Each message next to its field; one that names no field of this modal goes next to the first one."""
    shown: dict[str, str] = {}
    first = next((k for k in fields if k.endswith(":confidence")), next(iter(fields), "objective"))
    for key, message in errors.items():
        target = key if key in fields else first
        shown[target] = f"{shown[target]} {message}" if target in shown else message
    return {k: v[:2000] for k, v in shown.items()}


def _first_text(answer: Message) -> str:
    return next((getattr(b, "text", "") for b in answer.blocks if getattr(b, "text", "")), answer.kind)
