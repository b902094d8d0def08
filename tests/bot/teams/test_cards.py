"""The renderers on their own: neutral messages in, Adaptive Cards 1.5 out, and card submits back to neutral replies."""

from __future__ import annotations

from datetime import date

import pytest
from botbuilder.schema import Activity

from bot.messages import AwayUntil, FormSubmitted, Message, SkipSlot, Snooze, Text
from bot.teams.cards import adaptive_card, is_plain
from bot.teams.inbound import card_submit, command_text
from handlers.checkin_form import checkin_message
from handlers.commands import help_message
from handlers.okr_form import new_okr_form
from models.okr_queries import OwnedKeyResult
from tests.bot.teams.conftest import card_problems

NPS = OwnedKeyResult(12, 1, 1, "Fans", "NPS from 25 to 45", "increase", 25, 45, "NPS", 32, 6)
DOCS = OwnedKeyResult(13, 1, 1, "Fans", "Help centre live", "milestone", 0, 1, "", None, None)
CONTEXT = {"kind": "checkin", "slot": "2026-10-05", "period": "1"}


def checkin(**kwargs) -> Message:
    return checkin_message(kind="checkin", name="Ben Miller", locale="en", slot="2026-10-05", period_id=1,
                           key_results=[NPS, DOCS], **kwargs)


def inputs(card: dict) -> dict[str, dict]:
    return {e["id"]: e for e in card["body"] if e["type"].startswith("Input.")}


def test_every_kind_of_message_renders_to_a_valid_card(card_schema):
    messages = [checkin(), checkin(values={"kr:12:value": "3,5"}, errors={"kr:12:value": "no"}),
                new_okr_form(locale="nl", period="2026-Q4", parents=[(1, "Parent objective")]),
                help_message("en", unknown="dance"), Message("notice", "en", (Text("Done."),))]
    for message in messages:
        assert card_problems(card_schema, adaptive_card(message)) == [], message.kind


def test_the_schema_check_would_catch_a_card_teams_cannot_render(card_schema):
    wrong_value = adaptive_card(checkin())
    wrong_value["body"][3]["value"] = "forty"  # an Input.Number's value must be a number
    unknown_property = adaptive_card(checkin())
    unknown_property["actions"][0]["colour"] = "green"
    assert card_problems(card_schema, wrong_value) != []
    assert card_problems(card_schema, unknown_property) != []


def test_the_key_result_line_shows_where_it_stands():
    card = adaptive_card(checkin())
    status = card["body"][2]["items"][1]["text"]
    assert status == "32 NPS → target 45 NPS · 35% · confidence 6"


def test_numbers_typed_come_back_as_numbers_and_anything_else_as_typed():
    fields = inputs(adaptive_card(checkin(values={"kr:12:value": "41.5", "kr:13:value": "yes"})))
    assert fields["kr:12:value"] == {"type": "Input.Number", "id": "kr:12:value", "label": "Current value (NPS)",
                                     "value": 41.5}
    assert fields["kr:13:value"]["value"] == "yes"
    assert [c["value"] for c in fields["kr:13:value"]["choices"]] == ["yes", "no"]

    comma = inputs(adaptive_card(checkin(values={"kr:12:value": "41,5"}, errors={})))["kr:12:value"]
    assert comma["type"] == "Input.Text" and comma["value"] == "41,5"  # the core reads a decimal comma too


def test_the_confidence_scale_names_its_ends():
    titles = [c["title"] for c in inputs(adaptive_card(checkin()))["kr:12:confidence"]["choices"]]
    assert titles[0] == "1 – won't make it" and titles[4] == "5" and titles[-1] == "10 – certain"


def test_short_notices_are_plain_chat_messages_and_the_rest_cards():
    assert is_plain(Message("notice", "en", (Text("Snoozed."),)))
    assert not is_plain(checkin()) and not is_plain(help_message("en"))


def test_card_actions_become_neutral_replies():
    card = adaptive_card(checkin())
    data = {a["title"]: a.get("data") for a in card["actions"]}
    assert card_submit({**data["Send"], "kr:12:confidence": 7, "kr:12:value": 40.0}, "ben") == FormSubmitted(
        "ben", CONTEXT, {"kr:12:confidence": "7", "kr:12:value": "40"})
    assert card_submit(data["Snooze 2 hours"], "ben") == Snooze("ben", CONTEXT, "2h")
    assert card_submit(data["Tomorrow"], "ben") == Snooze("ben", CONTEXT, "tomorrow")
    assert card_submit(data["Skip this week"], "ben") == SkipSlot("ben", CONTEXT)
    away = card["actions"][-1]["card"]["actions"][0]["data"]
    assert card_submit({**away, "away_until": "2026-12-24"}, "ben") == AwayUntil("ben", date(2026, 12, 24))
    assert card_submit({**away, "away_until": ""}, "ben") == "away"  # the command explains what is missing


@pytest.mark.parametrize("value", [
    None, "text", {"other": "card"}, {"okrbot": "x"}, {"okrbot": {"action": "submit"}},
    {"okrbot": {"action": "submit", "context": {"kind": "checkin", "slot": "2026-10-05", "period": "one"}}},
    {"okrbot": {"action": "choice", "option": "snooze:forever", "context": CONTEXT}},
    {"okrbot": {"action": "explode", "context": CONTEXT}},
])
def test_forged_or_foreign_submits_are_not_replies(value):
    assert card_submit(value, "ben") is None


def test_the_mention_of_the_bot_is_not_part_of_the_command():
    activity = Activity(type="message", text="<at>okrbot</at> away&nbsp;2026-12-24 ")
    assert command_text(activity) == "away 2026-12-24"


def test_a_mention_of_someone_else_stays_as_their_name():
    activity = Activity().deserialize({
        "type": "message", "text": "<at>okrbot</at> 1on1 <at>Anna de Vries</at> weekly thu 14:00",
        "recipient": {"id": "28:okrbot"},
        "entities": [{"type": "mention", "mentioned": {"id": "28:okrbot"}, "text": "<at>okrbot</at>"},
                     {"type": "mention", "mentioned": {"id": "29:anna"}, "text": "<at>Anna de Vries</at>"}],
    })
    assert command_text(activity) == "1on1 Anna de Vries weekly thu 14:00"
    assert command_text(Activity(type="message", text="1on1 <at>Anna</at> off")) == "1on1 Anna off"


def test_words_people_wrote_never_become_a_disguised_link_or_markup_in_teams():
    import json

    from bot.messages import Message, Text
    from bot.teams.cards import adaptive_card
    from bot.teams.render import outgoing

    tricky = "[Reset your password](https://evil.example/login) **now** _please_ `rm -rf`"
    card = json.dumps(adaptive_card(Message("summary", "en", (Text("Blockers\nthis week"), Text(tricky)))))
    plain = outgoing(Message("notice", "en", (Text(tricky),))).text
    for shown in (card, plain):
        assert "](" not in shown and "**" not in shown and "_please_" not in shown and "`rm" not in shown
        assert "https://evil.example/login" in shown, "the address itself stays visible"


def test_a_summary_too_big_for_teams_is_shortened_with_a_note_and_stays_valid(card_schema):
    import json

    from bot.messages import Message, Text
    from bot.teams.render import MESSAGE_BUDGET, outgoing
    from tests.bot.teams.conftest import card_problems

    blockers = tuple(Text(f"Blocker {n}: " + "the ticket tool is down again and nobody knows when " * 40)
                     for n in range(40))
    big = Message("summary", "nl", (Text("Support — check-in van ma 7 dec", "heading"), *blockers))
    [card] = outgoing(big, as_card=True).attachments
    body = card.content["body"]
    assert len(json.dumps(card.content, ensure_ascii=False).encode()) <= MESSAGE_BUDGET
    assert body[0]["text"] == "Support — check-in van ma 7 dec", "it starts as it did"
    assert body[-1]["text"].startswith("Ingekort zodat het in een Teams-bericht past:")
    shown = len(body) - 2
    assert f"{40 - shown} regels meer" in body[-1]["text"]
    assert card_problems(card_schema, card.content) == []

    small = Message("summary", "nl", blockers[:2])
    assert "Ingekort" not in json.dumps(outgoing(small, as_card=True).attachments[0].content)
