"""manifest.yml is a valid Slack app manifest that asks for exactly what the code uses."""

from __future__ import annotations

import json

import jsonschema
import yaml

from bot.slack.app import SCOPES
from bot.slack.web import EVENTS, OAUTH_REDIRECT
from tests.conftest import ROOT

SCHEMA = ROOT / "tests" / "schemas" / "slack" / "manifest.schema.1.0.0.json"


def manifest() -> dict:
    return yaml.safe_load((ROOT / "manifest.yml").read_text(encoding="utf-8"))


def test_the_manifest_validates_against_slacks_schema():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(manifest()), key=str)
    assert [e.message for e in errors] == []


def test_the_schema_check_would_catch_a_broken_manifest():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    broken = manifest()
    broken["features"]["slash_commands"][0]["command"] = "okr"  # must start with a slash
    broken["display_information"]["name"] = "x" * 40
    assert len(list(jsonschema.Draft7Validator(schema).iter_errors(broken))) == 2


def test_the_manifest_asks_for_the_scopes_events_and_urls_the_code_uses():
    app = manifest()
    assert app["oauth_config"]["scopes"]["bot"] == list(SCOPES)
    assert "user" not in app["oauth_config"]["scopes"]
    assert set(app["settings"]["event_subscriptions"]["bot_events"]) == {
        "app_home_opened", "message.im", "user_change", "app_uninstalled", "tokens_revoked"}
    assert app["features"]["slash_commands"][0]["command"] == "/okr"
    urls = {app["settings"]["event_subscriptions"]["request_url"], app["settings"]["interactivity"]["request_url"],
            app["features"]["slash_commands"][0]["url"]}
    assert urls == {f"https://YOUR-HOST{EVENTS}"}
    assert app["oauth_config"]["redirect_urls"] == [f"https://YOUR-HOST{OAUTH_REDIRECT}"]
    assert app["features"]["app_home"]["home_tab_enabled"] and app["features"]["app_home"]["messages_tab_enabled"]
