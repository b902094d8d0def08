"""The Teams app package an admin uploads: ``teams/manifest.json`` with the bot's Microsoft App ID filled in, and the
two icons, zipped at the root as Teams expects."""

from __future__ import annotations

import io
import json
import re
import struct
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

TEMPLATE = Path(__file__).resolve().parents[2] / "teams"
GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
ICON_SIZES = {"color": 192, "outline": 32}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
VERSION = re.compile(r"^\d{1,9}\.\d{1,9}\.\d{1,9}$")  # Teams takes a manifest version of three numbers only
EXAMPLE_DOMAINS = ("example.com", "example.org", "example.net")
DEVELOPER_URLS = ("websiteUrl", "privacyUrl", "termsOfUseUrl")


class PackageError(Exception):
    """The package can't be built; the message says what to fix."""


def build_package(*, app_id: str, template: Path = TEMPLATE, version: str | None = None) -> bytes:
    """The zip's bytes. ``app_id`` is MICROSOFT_APP_ID, the bot registration's id; ``version`` overrides the
    manifest's (Teams only takes an update of the app when the version goes up)."""
    if not GUID.fullmatch(app_id or ""):
        raise PackageError("set MICROSOFT_APP_ID to the bot's Microsoft App ID (a GUID like "
                           "12345678-90ab-cdef-1234-567890abcdef) before packaging")
    try:
        manifest = json.loads((template / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise PackageError(f"cannot read {template / 'manifest.json'}: {error}") from None
    for bot in manifest.get("bots", []):
        bot["botId"] = app_id
    if version is not None:
        if not VERSION.fullmatch(version):
            from bot.cli_text import say

            raise PackageError(say("package_version", version=version))
        manifest["version"] = version
    icons = {name: _icon(template, manifest, name, size) for name, size in ICON_SIZES.items()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        for name, data in icons.items():
            archive.writestr(manifest["icons"][name], data)
    return buffer.getvalue()


def example_urls(package: bytes) -> list[tuple[str, str]]:
    """The developer addresses of a package's manifest still on example.com (field, url): people who look the app
    up would land nowhere."""
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        developer = json.loads(archive.read("manifest.json")).get("developer", {})
    return [(name, developer[name]) for name in DEVELOPER_URLS if _is_example(developer.get(name, ""))]


def _is_example(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == domain or host.endswith("." + domain) for domain in EXAMPLE_DOMAINS)


def _icon(template: Path, manifest: dict, name: str, size: int) -> bytes:
    file = template / manifest.get("icons", {}).get(name, f"{name}.png")
    try:
        data = file.read_bytes()
    except OSError as error:
        raise PackageError(f"cannot read the {name} icon: {error}") from None
    if not data.startswith(PNG_SIGNATURE) or png_size(data) != (size, size):
        raise PackageError(f"{file.name} must be a {size}x{size} PNG")
    return data


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the PNG header."""
    return struct.unpack(">II", data[16:24])
