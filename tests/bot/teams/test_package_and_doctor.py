"""The admin's side: build the Teams app package to upload, and ask ``okrbot doctor`` who can't be reached yet."""

from __future__ import annotations

import io
import json
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from jsonschema import Draft7Validator
from typer.testing import CliRunner

from bot.cli import app
from bot.doctor import diagnose
from bot.settings import Settings
from bot.teams.package import png_size
from models.db import transaction
from models.teams_store import ChannelAddress, UserAddress, mark_user_dead, save_channel, save_user
from tests.bot.teams import wire
from tests.bot.teams.conftest import MONDAY_0900_AMSTERDAM, SCHEMAS

ROOT = Path(__file__).resolve().parents[3]
APP_ID = "5f0c3e6a-8b1d-4c2e-9f7a-1b2c3d4e5f60"
runner = CliRunner()


@pytest.fixture(scope="module")
def teams_schema() -> Draft7Validator:
    # The schema says draft-04 but pins manifestVersion with const, which only draft-06 and later enforce.
    return Draft7Validator(json.loads((SCHEMAS / "teams" / "MicrosoftTeams.schema.json").read_text(encoding="utf-8")))


def problems(validator: Draft7Validator, manifest: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in validator.iter_errors(manifest)]


def test_the_manifest_in_the_repository_is_a_valid_teams_manifest(teams_schema):
    manifest = json.loads((ROOT / "teams" / "manifest.json").read_text(encoding="utf-8"))
    assert problems(teams_schema, manifest) == []
    [bot] = manifest["bots"]
    assert set(bot["scopes"]) == {"personal", "team"}
    personal = next(c for c in bot["commandLists"] if c["scopes"] == ["personal"])
    assert [c["title"] for c in personal["commands"]] == ["checkin", "new", "mine", "team", "away", "lang", "help"]
    assert problems(teams_schema, {**manifest, "manifestVersion": "1.16"}) != []  # the validator does check


def test_teams_package_writes_the_zip_to_upload(tmp_path, monkeypatch, teams_schema):
    monkeypatch.setenv("MICROSOFT_APP_ID", APP_ID)
    out = tmp_path / "okrbot.zip"

    result = runner.invoke(app, ["teams", "package", "--out", str(out), "--version", "0.2.0"])

    assert result.exit_code == 1, result.output  # written, but the template's example.com addresses need attention
    assert "developer websiteUrl is still https://okrbot.example.com/" in result.output
    with zipfile.ZipFile(io.BytesIO(out.read_bytes())) as archive:
        assert sorted(archive.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(archive.read("manifest.json"))
        color, outline = archive.read("color.png"), archive.read("outline.png")
    assert problems(teams_schema, manifest) == []
    assert manifest["bots"][0]["botId"] == APP_ID and manifest["version"] == "0.2.0"
    assert png_size(color) == (192, 192) and png_size(outline) == (32, 32)
    assert outline_is_white_on_transparent(outline)


def outline_is_white_on_transparent(png: bytes) -> bool:
    """Teams wants the 32x32 outline white with a transparent background (RGBA; this file uses no row filters)."""
    width, height, depth, color_type = struct.unpack(">IIBB", png[16:26])
    assert (depth, color_type) == (8, 6)
    data, at = b"", 8
    while at < len(png):
        length, kind = struct.unpack(">I4s", png[at : at + 8])
        data += png[at + 8 : at + 8 + length] if kind == b"IDAT" else b""
        at += 12 + length
    raw = zlib.decompress(data)
    stride = 1 + width * 4
    pixels = [raw[row * stride + 1 + col * 4 : row * stride + 5 + col * 4] for row in range(height)
              for col in range(width)]
    assert all(raw[row * stride] == 0 for row in range(height))
    return all(p[:3] == b"\xff\xff\xff" for p in pixels) and {p[3] for p in pixels} >= {0, 255}


def test_packaging_without_an_app_id_says_what_to_set(tmp_path, monkeypatch):
    monkeypatch.delenv("MICROSOFT_APP_ID", raising=False)
    result = runner.invoke(app, ["teams", "package", "--out", str(tmp_path / "x.zip")])
    assert result.exit_code == 2
    assert "MICROSOFT_APP_ID" in result.output and not (tmp_path / "x.zip").exists()


async def test_doctor_names_everyone_who_cannot_be_reached(sessions, load_org):
    await load_org(wire.org_yaml())
    async with transaction(sessions) as session:
        for user, chat in ((wire.ANNA, wire.CHAT[wire.ANNA]), ("29:1ben-x", "a:1ben")):
            await save_user(session, address=UserAddress(
                user_id=user, service_url="https://smba.trafficmanager.net/emea/", bot_id=wire.BOT,
                tenant_id=wire.TENANT, email="ben.miller@example.com" if user != wire.ANNA else None,
                conversation_id=chat), now=MONDAY_0900_AMSTERDAM, revive=True)
        await mark_user_dead(session, user_id="29:1ben-x", now=MONDAY_0900_AMSTERDAM)

    found = await diagnose(Settings(microsoft_app_id=APP_ID), sessions)

    report = "\n".join(found.lines)
    assert "teams: 4 people" in report
    assert "Anna" not in report
    assert "Ben Miller (ben): blocked or removed the app" in report
    assert "Carla Jansen (carla): never seen in Teams" in report
    assert "Dirk Smit (dirk): never seen in Teams" in report
    assert f"team Support: okrbot is not in the Teams team of channel {wire.TEAM}" in report
    assert found.problems == 4

    async with transaction(sessions) as session:
        await save_channel(session, address=ChannelAddress(conversation_id=wire.TEAM, team_id=wire.TEAM,
                                                           service_url="https://smba.trafficmanager.net/emea/",
                                                           bot_id=wire.BOT), now=MONDAY_0900_AMSTERDAM)
    assert (await diagnose(Settings(microsoft_app_id=APP_ID), sessions)).problems == 3


def test_doctor_on_the_command_line_exits_1_when_someone_is_unreachable(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'doctor.db'}")
    monkeypatch.delenv("MICROSOFT_APP_ID", raising=False)
    monkeypatch.delenv("TEAMS_LOCAL", raising=False)
    org = tmp_path / "org.yaml"
    org.write_text(wire.org_yaml())
    assert runner.invoke(app, ["import", str(org)]).exit_code == 0

    result = runner.invoke(app, ["doctor"])

    assert result.exit_code == 1
    assert "teams is not configured" in result.output and "Dirk Smit (dirk): never seen in Teams" in result.output
