"""Everyone's check-ins leave the bot as JSON or CSV with who, what, when and the texts."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

from handlers.checkin import submit_checkin
from handlers.export import export_checkins
from models.db import transaction
from models.people_queries import person_by_platform_id
from tests.orgs import SMALL_ORG

NOW = datetime(2026, 10, 5, 8, tzinfo=UTC)
CONTEXT = {"kind": "checkin", "slot": "2026-10-05", "period": "1"}


async def test_export_has_every_check_in_with_its_texts(sessions, load_org):
    await load_org(SMALL_ORG)
    async with transaction(sessions) as session:
        anna = await person_by_platform_id(session, platform_user_id="U_ANNA")
        await submit_checkin(session, person=anna, context=CONTEXT, now=NOW, fields={
            "kr:1:value": "30", "kr:1:confidence": "7", "kr:1:up": "Meer data", "kr:1:blockers": "Wachten, op IT",
        })
    async with sessions() as session:
        as_json = json.loads(await export_checkins(session, format="json"))
        as_csv = list(csv.DictReader(io.StringIO(await export_checkins(session, format="csv"))))
    assert as_json == [{
        "period": "2026-Q4", "person_id": "U_ANNA", "person": "Anna de Vries",
        "objective": "Onze klanten zijn fan van onze dienstverlening", "key_result": "NPS stijgt van 25 naar 45",
        "unit": "NPS", "slot": "2026-10-05", "value": 30.0, "confidence": 7, "one_level_up": "Meer data",
        "blockers": "Wachten, op IT", "answered_at": "2026-10-05T08:00:00+00:00",
    }]
    assert as_csv[0]["blockers"] == "Wachten, op IT" and as_csv[0]["confidence"] == "7"


async def test_a_csv_opened_in_a_spreadsheet_runs_nothing_and_a_terminal_obeys_nothing(sessions, load_org):
    await load_org(SMALL_ORG)
    async with transaction(sessions) as session:
        anna = await person_by_platform_id(session, platform_user_id="U_ANNA")
        await submit_checkin(session, person=anna, context=CONTEXT, now=NOW, fields={
            "kr:1:value": "30", "kr:1:confidence": "7", "kr:1:up": "@SUM(1+1)*cmd|' /C calc'!A0",
            "kr:1:blockers": '=HYPERLINK("https://evil.example","klik")\x1b]0;pwned\x07\x1b[2J',
        })
    async with sessions() as session:
        text = await export_checkins(session, format="csv")
        as_json = json.loads(await export_checkins(session, format="json"))
    [row] = list(csv.DictReader(io.StringIO(text)))
    assert row["blockers"] == '\'=HYPERLINK("https://evil.example","klik")]0;pwned[2J'
    assert row["one_level_up"].startswith("'@SUM")
    assert "\x1b" not in text and "\x07" not in text
    assert as_json[0]["blockers"].startswith("=HYPERLINK"), "JSON keeps the text as typed: it escapes by itself"
