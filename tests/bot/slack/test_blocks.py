"""The renderers are pure: a neutral message in, Block Kit out, within Slack's limits for any size of OKR set."""

from __future__ import annotations

import json
from datetime import date

from bot.messages import Chart, Choices, Message, Option, Text
from bot.slack.blocks import MESSAGE_BLOCKS, escape, fallback_text, message_pages
from bot.slack.views import checkin_modal, home_view, okr_modal, view_values
from handlers.checkin_form import checkin_message
from handlers.okr_form import new_okr_form
from handlers.phase import phase_on
from handlers.progress import grade
from handlers.report import KeyResultReport, ObjectiveReport
from handlers.report_message import progress_message
from handlers.trends import Point
from models.okr_queries import OwnedKeyResult
from tests.bot.slack.conftest import check_blocks, check_view


def key_results(n: int, title: str = "Tickets solved within a day go from 40 to 90") -> list[OwnedKeyResult]:
    return [OwnedKeyResult(i, 1, 1, "Fast support", f"{title} #{i}", "milestone" if i % 7 == 0 else "increase",
                           40, 90, "%", 55 if i % 2 else None, 6 if i % 3 else None) for i in range(1, n + 1)]


def checkin(n: int, locale: str = "en") -> Message:
    return checkin_message(kind="checkin", name="Anna de Vries", locale=locale, slot="2026-10-05", period_id=1,
                           key_results=key_results(n))


def report(n_objectives: int, krs_each: int = 3) -> Message:
    def kr(i: int) -> KeyResultReport:
        from datetime import date

        points = (Point(date(2026, 10, 5), 50, 6, 0.2), Point(date(2026, 10, 12), 50, 4, 0.2))
        return KeyResultReport(i, f"Key result {i} with a fairly long title to use some room", "increase", "%",
                               40, 90, 50, 0.2, points, True, False, False, 0.5, ())

    objectives = [ObjectiveReport(o, f"Objective {o}", "team", "committed", 0.2, grade("committed", 0.2),
                                  tuple(kr(o * 10 + k) for k in range(krs_each))) for o in range(n_objectives)]
    return progress_message(kind="mine", heading="Your OKRs in 2026-Q4", locale="en", reports=objectives,
                            empty="No objectives in 2026-Q4 yet.", period="2026-Q4",
                            phase=phase_on(date(2026, 10, 1), date(2026, 12, 31), date(2026, 10, 14)))


def buttons(blocks: list[dict]) -> list[dict]:
    return [e for b in blocks if b["type"] == "actions" for e in b["elements"]]


def test_a_check_in_has_ten_confidence_buttons_per_key_result_that_carry_the_slot():
    (page,) = message_pages(checkin(2))
    check_blocks(page, MESSAGE_BLOCKS)
    scale = next(b for b in page if b.get("block_id") == "confidence:1")
    assert [e["action_id"] for e in scale["elements"]] == [f"confidence:{n}" for n in range(1, 11)]
    assert json.loads(scale["elements"][6]["value"]) == {"kind": "checkin", "slot": "2026-10-05", "period": "1",
                                                         "kr": "1", "confidence": "7"}
    assert scale["elements"][5]["style"] == "primary"  # last week's 6 stands out
    assert [e["action_id"] for e in buttons(page)[-5:]] == [
        "checkin_open", "choice:snooze:2h", "choice:snooze:tomorrow", "choice:skip", "choice:away"]


def test_a_check_in_with_60_key_results_is_shortened_to_50_blocks_and_points_to_the_form():
    (page,) = message_pages(checkin(60))
    check_blocks(page, MESSAGE_BLOCKS)
    with_buttons = [b for b in page if b.get("block_id", "").startswith("confidence:")]
    note = next(b for b in page if "more key results" in json.dumps(b))
    assert f"and {60 - len(with_buttons)} more key results" in note["elements"][0]["text"]
    assert page[-1]["type"] == "actions" and buttons([page[-1]])[0]["action_id"] == "checkin_open"


def test_a_big_report_is_split_into_pages_of_at_most_50_blocks_and_loses_nothing():
    pages = message_pages(report(40))
    assert len(pages) > 1
    for page in pages:
        check_blocks(page, MESSAGE_BLOCKS)
    everything = json.dumps(pages)
    assert all(f"Objective {o} " in everything for o in range(40))
    assert "confidence fell from 6 to 4" in everything


def test_long_texts_are_split_over_sections_and_markup_is_escaped():
    long_text = "\n".join(f"line {n}: <b>R&D</b> " + "x" * 60 for n in range(120))
    message = Message("notice", "en", (Text("a" * 200, "heading"), Text(long_text)))
    (page,) = message_pages(message)
    check_blocks(page, MESSAGE_BLOCKS)
    assert page[0]["type"] == "section"  # a heading over 150 characters can't be a header block
    texts = [b["text"]["text"] for b in page[1:]]
    assert len(texts) == 4 and all(len(t) <= 3000 for t in texts)
    assert "\n".join(texts) == escape(long_text)
    assert "&lt;b&gt;R&amp;D&lt;/b&gt;" in texts[0]


def test_button_texts_are_kept_within_75_characters():
    message = Message("checkin", "en", (Choices("actions", "?", (Option("skip", "S" * 120),)),),
                      {"kind": "checkin", "slot": "2026-10-05", "period": "1"})
    (page,) = message_pages(message)
    check_blocks(page, MESSAGE_BLOCKS)
    assert len(buttons(page)[-1]["text"]["text"]) == 75


def test_the_check_in_modal_pages_a_big_set_and_each_page_fits():
    form = checkin(45)
    views = [checkin_modal(form, {"origin": "dm"}, page) for page in range(3)]
    for view in views:
        check_view(view)
    assert [v["title"]["text"] for v in views] == ["Check-in 1/3", "Check-in 2/3", "Check-in 3/3"]
    assert [v["submit"]["text"] for v in views] == ["Save and next", "Save and next", "Save"]
    asked = [b["block_id"] for v in views for b in v["blocks"] if b.get("block_id", "").endswith(":confidence")]
    assert asked == [f"kr:{i}:confidence" for i in range(1, 46)]
    assert json.loads(views[1]["private_metadata"]) == {"origin": "dm", "kind": "checkin", "slot": "2026-10-05",
                                                        "period": "1", "page": "1", "pages": "3", "locale": "en"}


def test_a_milestone_is_answered_with_done_or_not_yet():
    view = checkin_modal(checkin(7), {})
    milestone = next(b for b in view["blocks"] if b.get("block_id") == "kr:7:value")
    assert [o["value"] for o in milestone["element"]["options"]] == ["yes", "no"]


def test_the_new_okr_modal_offers_at_most_100_parents_in_75_characters():
    parents = [(i, f"A parent objective with a rather long title number {i} " + "y" * 60) for i in range(150)]
    view = okr_modal(new_okr_form(locale="nl", period="2026-Q4", parents=parents), {"origin": "command"})
    check_view(view)
    parent = next(b for b in view["blocks"] if b.get("block_id") == "parent")
    assert len(parent["element"]["options"]) == 100 and parent["optional"] is True
    assert view["title"]["text"] == "Nieuwe OKR" and view["submit"]["text"] == "Opslaan"


def test_the_app_home_fits_100_blocks_with_many_objectives():
    view = home_view(report(80, krs_each=2), known=True)
    check_view(view)
    shown = json.dumps(view["blocks"])
    assert "Objective 0 " in shown and "Objective 79 " not in shown
    assert "more. Type /okr mine to see everything." in shown


def test_a_submitted_view_becomes_the_forms_fields():
    state = {"values": {
        "kr:1:value": {"value": {"type": "plain_text_input", "value": "3,5"}},
        "kr:1:confidence": {"value": {"type": "static_select", "selected_option": {"value": "7"}}},
        "kr:1:up": {"value": {"type": "plain_text_input", "value": None}},
        "until": {"value": {"type": "datepicker", "selected_date": "2026-12-24"}},
    }}
    assert view_values(state) == {"kr:1:value": "3,5", "kr:1:confidence": "7", "kr:1:up": "", "until": "2026-12-24"}


def test_a_chart_is_no_block_and_the_texts_around_it_stay_together():
    chart = Chart("recap.png", "Confidence per key result", b"\x89PNG")
    message = Message("recap", "en", (Text("First line."), chart, Text("Second line.")))
    [page] = message_pages(message)
    check_blocks(page, MESSAGE_BLOCKS)
    assert [b["text"]["text"] for b in page] == ["First line.\nSecond line."]
    only_a_chart = Message("recap", "en", (chart,))
    assert fallback_text(only_a_chart) == "Confidence per key result"
    assert json.dumps(message_pages(only_a_chart)).count("Confidence per key result") == 1


def test_the_notification_text_is_escaped_and_never_cut_inside_an_entity():
    hello = Message("notice", "en", (Text("Hi <!channel>, from Tom & Jerry <@U123>"),))
    assert fallback_text(hello) == "Hi &lt;!channel&gt;, from Tom &amp; Jerry &lt;@U123&gt;"
    for shift in range(8):
        long = Message("notice", "en", (Text("x" * (140 + shift) + " & " * 200),))
        text = fallback_text(long)
        assert text.endswith("…") and not any(text[:-1].endswith(part) for part in ("&", "&a", "&am", "&amp"))
