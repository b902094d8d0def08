"""Whether a URL typed in chat points at the public internet.

A source set in chat is read by the bot's own process, so a URL on a private, loopback or link-local address (the
bot's host, its database, a cloud's metadata service at 169.254.169.254) would let anyone who owns a key result probe
the bot's own network. The host is resolved and every address it has must be global; the tick checks again before
each read and at each redirect. Sources in the organisation file are not limited: an admin wrote them.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

RESOLVE_SECONDS = 5.0
Resolve = Callable[[str], Awaitable[list[str]]]


async def resolve_host(host: str) -> list[str]:
    """Every address ``host`` has, as text; an IP address is its own (no lookup)."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return [info[4][0] for info in infos]


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


async def url_problem(url: str, *, resolve: Resolve = resolve_host) -> str:
    """"" when the URL's host has only public addresses; "no_host" when it has none; "private" otherwise."""
    host = urlsplit(url).hostname
    if not host:
        return "no_host"
    try:
        async with asyncio.timeout(RESOLVE_SECONDS):
            addresses = await resolve(host)
    except (OSError, UnicodeError, ValueError, TimeoutError):
        return "no_host"
    if not addresses:
        return "no_host"
    return "" if all(is_public(a) for a in addresses) else "private"
