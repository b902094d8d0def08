"""The export's text stays what people's scripts already read, byte for byte: the expected files were written by
the export before it was made fast (tests/handlers/export_expected.*), for a small organisation whose answers hold
what is hard to write down: commas, quotes, line breaks, formulas, escape sequences, accents, emoji, no value."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from handlers.export import export_checkins
from models import CheckIn, KeyResult, Person
from models.db import transaction
from tests.orgs import SMALL_ORG

EXPECTED = Path(__file__).parent / "export_expected"
ANSWERS = [  # person, key result, slot, value, confidence, one level up, blockers, answered at (UTC hour)
    ("U_ANNA", "nps", "2026-10-05", 30.0, 7, "Meer data", "Wachten, op IT", 8),
    ("U_ANNA", "reply", "2026-10-05", 6.5, 5, 'Zei "snel"', "regel 1\nregel 2", 9),
    ("U_ANNA", "nps", "2026-10-12", 31.25, 8, "=HYPERLINK(\"x\")", "\x1b[2Jweg\x07", 10),
    ("U_CARLA", "kb", "2026-10-05", None, 3, "café ☕ één", "-1 te laat", 11),
    ("U_BEN", "renewals", "2026-10-05", 72.0, 9, "+ more", "@all; tab\tinside", 12),
    ("U_BEN", "churn", "2026-10-05", 2.9, 10, "", "", 13),
]


async def _answered(sessions, load_org) -> None:
    await load_org(SMALL_ORG)
    async with transaction(sessions) as session:
        people = dict((await session.execute(select(Person.platform_user_id, Person.id))).all())
        krs = dict((await session.execute(select(KeyResult.ref, KeyResult.id))).all())
        for person, kr, slot, value, confidence, up, blockers, hour in ANSWERS:
            session.add(CheckIn(person_id=people[person], key_result_id=krs[kr], period_id=1, slot=slot,
                                value=value, confidence=confidence, one_level_up=up, blockers=blockers,
                                answered_at=datetime(2026, 10, 5, hour, 30, 15, 250, tzinfo=UTC)))


async def test_the_csv_export_is_the_same_byte_for_byte(sessions, load_org):
    await _answered(sessions, load_org)
    async with sessions() as session:
        text = await export_checkins(session, format="csv")
    assert text.encode() == (EXPECTED / "checkins.csv").read_bytes()


async def test_the_json_export_is_the_same_byte_for_byte(sessions, load_org):
    await _answered(sessions, load_org)
    async with sessions() as session:
        text = await export_checkins(session, format="json")
    assert text.encode() == (EXPECTED / "checkins.json").read_bytes()


async def test_an_empty_store_exports_a_header_and_an_empty_list(sessions, load_org):
    await load_org(SMALL_ORG)
    async with sessions() as session:
        assert await export_checkins(session, format="csv") == (EXPECTED / "empty.csv").read_text()
        assert await export_checkins(session, format="json") == "[]\n"
