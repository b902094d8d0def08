"""Anna's weekly check-in in her DM with the app: buttons for confidence, a modal for values, snooze, skip, away."""

from __future__ import annotations

import asyncio
import json
from datetime import date

from sqlalchemy import func, select, update

from models import CheckIn, KeyResult, SlotStatus
from models.db import transaction
from scheduler.tick import tick
from tests.absences import last_days
from tests.bot.slack.conftest import NOW, text_input
from tests.orgs import SMALL_ORG


async def _checkin_dm(slack_server, sessions, load_org, loaded: bool = False):
    """The tick sends Anna her check-in; returns the blocks of the DM the bot posted."""
    if not loaded:
        await load_org(SMALL_ORG)
    report = await tick(sessions=sessions, messenger=slack_server.built.slack.messenger, now=NOW)
    assert report.sent["checkin"] == 2  # Anna and Carla in Amsterdam; Ben's Monday 09:00 in New York is later
    posts = {c.args["channel"]: c.args for c in slack_server.fake.of("chat.postMessage")}
    return posts["U_ANNA"]["blocks"]


def _button(blocks, action_id_prefix: str, label: str | None = None) -> dict:
    for block in blocks:
        for element in block.get("elements", []):
            if element.get("action_id", "").startswith(action_id_prefix) and (
                label is None or element["text"]["text"] == label
            ):
                return element
    raise AssertionError(f"no button {action_id_prefix} {label}")


async def _count(sessions, model, *where) -> int:
    async with sessions() as session:
        return (await session.execute(select(func.count()).select_from(model).where(*where))).scalar_one()


async def test_the_check_in_dm_lists_each_key_result_with_a_one_to_ten_scale(slack_server, sessions, load_org):
    blocks = await _checkin_dm(slack_server, sessions, load_org)
    texts = json.dumps(blocks, ensure_ascii=False)
    assert blocks[0]["type"] == "header" and "Anna" in blocks[0]["text"]["text"]
    assert "NPS stijgt van 25 naar 45" in texts and "Eerste reactie binnen 2 uur" in texts
    scales = [b for b in blocks if b.get("block_id", "").startswith("confidence:")]
    assert len(scales) == 2
    assert [e["text"]["text"] for e in scales[0]["elements"]] == [str(n) for n in range(1, 11)]
    labels = [e["text"]["text"] for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert {"Waarden bijwerken", "Over 2 uur", "Morgen", "Deze week overslaan", "Ik ben weg tot…"} <= set(labels)


async def test_a_confidence_click_is_recorded_and_the_dm_is_updated_in_place(slack_server, sessions, load_org):
    await load_org(SMALL_ORG)
    async with transaction(sessions) as session:  # last week's value, which a confidence-only answer carries forward
        await session.execute(update(KeyResult).where(KeyResult.ref.like("%nps")).values(current=32))
    blocks = await _checkin_dm(slack_server, sessions, load_org, loaded=True)
    assert "32 NPS → doel 45 NPS" in json.dumps(blocks, ensure_ascii=False)
    seven = _button(blocks, "confidence:", "7")
    status, _ = await slack_server.click("U_ANNA", seven["action_id"], seven["value"], ts="1760000001.000100")
    assert status == 200
    await slack_server.drain()

    async with sessions() as session:
        answers = (await session.execute(select(CheckIn))).scalars().all()
        nps = (await session.execute(select(KeyResult).where(KeyResult.ref.like("%nps")))).scalar_one()
    assert [(a.key_result_id, a.confidence, a.value, a.slot) for a in answers] == [(nps.id, 7, 32.0, "2026-10-05")]
    edited = slack_server.fake.of("chat.update")[-1].args
    assert (edited["channel"], edited["ts"]) == ("D_ANNA", "1760000001.000100")
    shown = json.dumps(edited["blocks"], ensure_ascii=False)
    assert "NPS stijgt van 25 naar 45: 32 NPS, vertrouwen 7/10" in shown
    # The key result still open keeps its buttons; the answered one has none any more.
    assert [b["block_id"] for b in edited["blocks"] if b.get("block_id", "").startswith("confidence:")] == [
        next(b["block_id"] for b in blocks if b.get("block_id", "").startswith("confidence:")
             and b["block_id"] != f"confidence:{nps.id}")
    ]


async def test_a_click_after_the_key_results_were_renamed_shows_their_new_titles(slack_server, sessions, load_org):
    blocks = await _checkin_dm(slack_server, sessions, load_org)
    seven = _button(blocks, "confidence:", "7")
    await slack_server.click("U_ANNA", seven["action_id"], seven["value"], ts="1760000001.000100")
    await slack_server.drain()
    assert "NPS stijgt van 25 naar 45" in json.dumps(slack_server.fake.of("chat.update")[-1].args["blocks"])
    async with transaction(sessions) as session:  # renamed between two clicks, as an owner may in the meantime
        await session.execute(update(KeyResult).where(KeyResult.ref.like("%nps")).values(title="Meer promotors"))
        await session.execute(update(KeyResult).where(KeyResult.ref.not_like("%nps")).values(title="Sneller antwoord"))
    other = next(b for b in blocks if b.get("block_id", "").startswith("confidence:") and seven not in b["elements"])
    eight = next(e for e in other["elements"] if e["text"]["text"] == "8")

    await slack_server.click("U_ANNA", eight["action_id"], eight["value"], ts="1760000001.000100")
    await slack_server.drain()
    shown = json.dumps(slack_server.fake.of("chat.update")[-1].args["blocks"], ensure_ascii=False)
    assert "Meer promotors" in shown and "Sneller antwoord" in shown
    assert "NPS stijgt" not in shown and "Eerste reactie" not in shown


async def test_slack_gets_its_answer_before_the_slow_work_is_done(slack_server, sessions, load_org):
    blocks = await _checkin_dm(slack_server, sessions, load_org)
    gate = slack_server.fake.gates["chat.update"] = asyncio.Event()  # Slack's Web API hangs for now
    five = _button(blocks, "confidence:", "5")
    status, _ = await asyncio.wait_for(slack_server.click("U_ANNA", five["action_id"], five["value"]), 2.5)
    assert status == 200  # acknowledged while updating the DM is still under way
    await slack_server.fake.wait_for("chat.update")
    assert await _count(sessions, CheckIn) == 1
    gate.set()
    await slack_server.drain()


async def test_a_double_clicked_button_is_recorded_once(slack_server, sessions, load_org):
    blocks = await _checkin_dm(slack_server, sessions, load_org)
    six = _button(blocks, "confidence:", "6")
    await slack_server.click("U_ANNA", six["action_id"], six["value"])
    await slack_server.click("U_ANNA", six["action_id"], six["value"])
    await slack_server.drain()
    assert await _count(sessions, CheckIn) == 1


async def test_update_values_opens_the_modal_and_its_answers_are_recorded(slack_server, sessions, load_org):
    blocks = await _checkin_dm(slack_server, sessions, load_org)
    update_values = _button(blocks, "checkin_open")
    await slack_server.click("U_ANNA", "checkin_open", update_values["value"])
    await slack_server.drain()
    view = slack_server.fake.of("views.open")[-1].args["view"]
    inputs = [b["block_id"] for b in view["blocks"] if b["type"] == "input"]
    kr = inputs[0].split(":")[1]
    assert inputs[:4] == [f"kr:{kr}:value", f"kr:{kr}:confidence", f"kr:{kr}:up", f"kr:{kr}:blockers"]

    status, body = await slack_server.submit("U_ANNA", view, {
        f"kr:{kr}:value": text_input("31,5"),
        f"kr:{kr}:confidence": {"type": "static_select", "selected_option": {"value": "8"}},
        f"kr:{kr}:blockers": text_input("Wachten op de nieuwe enquêtetool"),
    })
    assert (status, body) == (200, "")
    await slack_server.drain()
    async with sessions() as session:
        answer = (await session.execute(select(CheckIn))).scalar_one()
    assert (answer.value, answer.confidence, answer.blockers) == (31.5, 8, "Wachten op de nieuwe enquêtetool")
    update = slack_server.fake.of("chat.update")[-1].args
    assert update["ts"] == "1760000001.000100"
    assert "31,5 NPS, vertrouwen 8/10" in json.dumps(update["blocks"], ensure_ascii=False)


async def test_a_modal_with_confidence_11_or_value_abc_gets_field_errors_and_nothing_is_stored(
        slack_server, sessions, load_org):
    blocks = await _checkin_dm(slack_server, sessions, load_org)
    await slack_server.click("U_ANNA", "checkin_open", _button(blocks, "checkin_open")["value"])
    await slack_server.drain()
    view = slack_server.fake.of("views.open")[-1].args["view"]
    first, second = sorted({b["block_id"].split(":")[1] for b in view["blocks"] if b["type"] == "input"})
    updates_before = len(slack_server.fake.of("chat.update"))

    status, body = await slack_server.submit("U_ANNA", view, {
        f"kr:{first}:value": text_input("40"),
        f"kr:{first}:confidence": {"type": "static_select", "selected_option": {"value": "11"}},
        f"kr:{second}:value": text_input("abc"),
        f"kr:{second}:confidence": {"type": "static_select", "selected_option": {"value": "6"}},
    })
    await slack_server.drain()

    assert status == 200 and body["response_action"] == "errors"
    assert body["errors"] == {
        f"kr:{first}:confidence": "Vertrouwen is een heel getal van 1 tot en met 10.",
        f"kr:{second}:value": "„abc” is geen getal. Gebruik cijfers, zoals 42 of 3,5.",
    }
    assert await _count(sessions, CheckIn) == 0
    async with sessions() as session:
        currents = set((await session.execute(select(KeyResult.current))).scalars())
    assert currents == {None}
    assert len(slack_server.fake.of("chat.update")) == updates_before


async def test_snooze_and_skip_are_recorded_and_shown_in_place(slack_server, sessions, load_org):
    blocks = await _checkin_dm(slack_server, sessions, load_org)
    await slack_server.click("U_ANNA", "choice:snooze:2h", _button(blocks, "choice:snooze:2h")["value"])
    await slack_server.drain()
    async with sessions() as session:
        status = (await session.execute(select(SlotStatus))).scalar_one()
    assert status.snoozed_until == NOW.replace(hour=9)
    snoozed = slack_server.fake.of("chat.update")[-1].args["blocks"]
    assert "Uitgesteld" in json.dumps(snoozed, ensure_ascii=False)

    await slack_server.click("U_ANNA", "choice:skip", _button(blocks, "choice:skip")["value"])
    await slack_server.drain()
    async with sessions() as session:
        status = (await session.execute(select(SlotStatus))).scalar_one()
    assert status.skipped is True


async def test_away_opens_a_date_picker_and_pauses_check_ins(slack_server, sessions, load_org):
    blocks = await _checkin_dm(slack_server, sessions, load_org)
    await slack_server.click("U_ANNA", "choice:away", _button(blocks, "choice:away")["value"])
    await slack_server.drain()
    view = slack_server.fake.of("views.open")[-1].args["view"]
    picker = view["blocks"][0]["element"]
    assert picker["type"] == "datepicker" and picker["initial_date"] == "2026-10-12"

    status, body = await slack_server.submit("U_ANNA", view, {"until": {"type": "datepicker",
                                                                        "selected_date": "2026-10-01"}})
    assert body["response_action"] == "errors" and "1 oktober is al voorbij" in body["errors"]["until"]

    status, body = await slack_server.submit("U_ANNA", view, {"until": {"type": "datepicker",
                                                                        "selected_date": "2026-10-23"}})
    assert (status, body) == (200, "")
    await slack_server.drain()
    assert await last_days(sessions, "U_ANNA") == [(date(2026, 10, 23), "typed")]
    assert "tot en met 23 oktober" in json.dumps(slack_server.fake.of("chat.update")[-1].args["blocks"])


async def test_a_confidence_click_after_the_modal_keeps_the_texts_written_there(slack_server, sessions, load_org):
    blocks = await _checkin_dm(slack_server, sessions, load_org)
    kr = next(b["block_id"] for b in blocks if b.get("block_id", "").startswith("confidence:")).split(":")[1]
    await slack_server.click("U_ANNA", "checkin_open", _button(blocks, "checkin_open")["value"])
    await slack_server.drain()
    view = slack_server.fake.of("views.open")[-1].args["view"]
    await slack_server.submit("U_ANNA", view, {
        f"kr:{kr}:value": text_input("31"),
        f"kr:{kr}:confidence": {"type": "static_select", "selected_option": {"value": "6"}},
        f"kr:{kr}:up": text_input("Een tweede collega op de chat"),
        f"kr:{kr}:blockers": text_input("De ticket-tool ligt eruit"),
    })
    await slack_server.drain()
    eight = next(e for b in blocks if b.get("block_id") == f"confidence:{kr}" for e in b["elements"]
                 if e["text"]["text"] == "8")
    await slack_server.click("U_ANNA", eight["action_id"], eight["value"])
    await slack_server.drain()

    async with sessions() as session:
        answer = (await session.execute(select(CheckIn))).scalar_one()
    assert (answer.value, answer.confidence) == (31.0, 8)
    assert (answer.one_level_up, answer.blockers) == ("Een tweede collega op de chat", "De ticket-tool ligt eruit")


async def test_skip_after_answering_by_buttons_says_there_is_nothing_to_skip(slack_server, sessions, load_org):
    blocks = await _checkin_dm(slack_server, sessions, load_org)
    for scale, score in ((0, "7"), (1, "6")):
        button = [e for b in blocks if b.get("block_id", "").startswith("confidence:") for e in b["elements"]
                  if e["text"]["text"] == score][scale]
        await slack_server.click("U_ANNA", button["action_id"], button["value"])
        await slack_server.drain()

    await slack_server.click("U_ANNA", "choice:skip", _button(blocks, "choice:skip")["value"])
    await slack_server.drain()

    shown = json.dumps(slack_server.fake.of("chat.update")[-1].args["blocks"], ensure_ascii=False)
    assert "al alle key results beantwoord, dus er valt niets over te slaan" in shown
    assert await _count(sessions, SlotStatus) == 0 and await _count(sessions, CheckIn) == 2


async def test_snooze_after_one_answer_names_what_comes_back(slack_server, sessions, load_org):
    blocks = await _checkin_dm(slack_server, sessions, load_org)
    seven = _button(blocks, "confidence:", "7")
    await slack_server.click("U_ANNA", seven["action_id"], seven["value"])
    await slack_server.drain()

    await slack_server.click("U_ANNA", "choice:snooze:2h", _button(blocks, "choice:snooze:2h")["value"])
    await slack_server.drain()

    shown = json.dumps(slack_server.fake.of("chat.update")[-1].args["blocks"], ensure_ascii=False)
    assert "alleen over wat nog openstaat" in shown and "Eerste reactie binnen 2 uur" in shown
    assert "Je antwoorden op NPS stijgt van 25 naar 45 blijven bewaard" in shown


async def test_the_modal_opened_again_shows_what_was_written_and_a_cleared_blocker_is_gone(slack_server, sessions,
                                                                                           load_org):
    blocks = await _checkin_dm(slack_server, sessions, load_org)
    kr = next(b["block_id"] for b in blocks if b.get("block_id", "").startswith("confidence:")).split(":")[1]

    async def modal() -> dict:
        await slack_server.click("U_ANNA", "checkin_open", _button(blocks, "checkin_open")["value"])
        await slack_server.drain()
        return slack_server.fake.of("views.open")[-1].args["view"]

    await slack_server.submit("U_ANNA", await modal(), {
        f"kr:{kr}:value": text_input("31"),
        f"kr:{kr}:confidence": {"type": "static_select", "selected_option": {"value": "6"}},
        f"kr:{kr}:blockers": text_input("De ticket-tool ligt eruit"),
    })
    await slack_server.drain()
    again = await modal()
    shown = {b["block_id"]: b["element"] for b in again["blocks"] if b.get("block_id", "").startswith(f"kr:{kr}:")}
    assert shown[f"kr:{kr}:blockers"].get("initial_value") == "De ticket-tool ligt eruit"
    assert shown[f"kr:{kr}:value"].get("initial_value") == "31"

    await slack_server.submit("U_ANNA", again, {
        f"kr:{kr}:value": text_input("31"),
        f"kr:{kr}:confidence": {"type": "static_select", "selected_option": {"value": "7"}},
        f"kr:{kr}:blockers": text_input(""),
    })
    await slack_server.drain()
    async with sessions() as session:
        answer = (await session.execute(select(CheckIn))).scalar_one()
    assert (answer.confidence, answer.blockers) == (7, "")


async def test_a_click_on_a_key_result_removed_since_the_dm_says_why_and_records_nothing(slack_server, sessions,
                                                                                       load_org):
    blocks = await _checkin_dm(slack_server, sessions, load_org)
    async with transaction(sessions) as session:  # removed in chat after the check-in went out
        await session.execute(update(KeyResult).where(KeyResult.ref.like("%nps")).values(archived_at=NOW))
    nps_id = await _nps_id(sessions)
    nps_block = next(b for b in blocks if b.get("block_id") == f"confidence:{nps_id}")
    seven = next(e for e in nps_block["elements"] if e["text"]["text"] == "7")

    status, _ = await slack_server.click("U_ANNA", seven["action_id"], seven["value"], ts="1760000001.000100")
    await slack_server.drain()

    assert status == 200 and await _count(sessions, CheckIn) == 0
    said = json.dumps([c.args for c in slack_server.fake.of("chat.postMessage")][-1], ensure_ascii=False)
    assert "Op „NPS stijgt van 25 naar 45” check je niet meer in" in said


async def _nps_id(sessions) -> int:
    async with sessions() as session:
        return (await session.execute(select(KeyResult.id).where(KeyResult.ref.like("%nps")))).scalar_one()
