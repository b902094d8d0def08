"""Digests in the demo: the pages that show a 1:1 prep digest, a team summary as its channel saw it last, the
quarterly recap with its chart written to a folder and the start of the organisation's recap; and their counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

from bot import demo_audience
from bot.console_render import render
from bot.messages import Message
from bot.terminal import save_charts
from handlers.ports import Recipient

ORG_CHANNEL = "C01ALL"  # the demo's OKRBOT_ORG_CHANNEL
ORG_RECAP_LINES = 6

Post = tuple[str, Message]  # (channel, message)
Update = tuple[str, str, Message]  # (channel, handle, message)


def post_handle(channel: str, number: int) -> str:
    """The handle of the demo's ``number``-th post (from 1), in ``channel``."""
    return f"#{channel}/{number}"


def digest_pages(received: Sequence[tuple[Recipient, Message]], posts: Sequence[Post], updates: Sequence[Update],
                 chart_dir: Path, teams: Mapping[str, str], names: Sequence[str]) -> list[tuple[str, str]]:
    """(title, body) of the pages for one prep digest, one team summary, one team recap and the organisation's,
    each ending in who received it; ``teams`` maps a channel to its team's name, ``names`` are everyone's."""
    pages = []
    preps = [(recipient, message) for recipient, message in received if message.kind == "prep"]
    if preps:  # the quarter's last, which has the most to say; in Dutch when there is one
        recipient, message = next((p for p in reversed(preps) if p[1].locale == "nl"), preps[-1])
        audience = demo_audience.dm(recipient, message, reports=[n for n in names if n != recipient.name])
        pages.append((f"A 1:1 prep digest in a DM, two hours before the 1:1 (to {recipient.name})",
                      f"{render(message)}\n{audience}"))
    summary = _summary_page(posts, updates, teams)
    if summary:
        pages.append(summary)
    recap = next(((channel, m) for channel, m in posts if m.kind == "recap"), None)
    if recap:
        channel, message = recap
        body = render(message, charts=save_charts(message, chart_dir))
        pages.append((f"The quarterly recap in #{channel}, with its chart",
                      f"{body}\n{demo_audience.posted(channel, message.locale, teams)}"))
    org = next(((channel, m) for channel, m in posts if m.kind == "org_recap"), None)
    if org:
        channel, message = org
        lines = render(message, charts=save_charts(message, chart_dir)).splitlines()
        more = len(lines) - ORG_RECAP_LINES
        lines = lines[:ORG_RECAP_LINES] + ([f"… ({more} more lines)"] if more > 0 else [])
        lines.append(demo_audience.posted(channel, message.locale, teams))
        pages.append((f"The organisation's recap in #{channel} (how it begins)", "\n".join(lines)))
    return pages


def _summary_page(posts: Sequence[Post], updates: Sequence[Update], teams: Mapping[str, str]
                  ) -> tuple[str, str] | None:
    """The summary late answers changed most recently, as its channel shows it now; else the last summary."""
    handles = {post_handle(channel, n): (channel, message) for n, (channel, message) in enumerate(posts, start=1)}
    edits = Counter(handle for _, handle, m in updates if m.kind == "summary")
    edited = [handle for _, handle, m in updates if m.kind == "summary" and handle in handles]
    if edited:
        handle = edited[-1]
        channel = handles[handle][0]
        latest = next(m for _, h, m in reversed(updates) if h == handle)
        times = "once" if edits[handle] == 1 else f"{edits[handle]} times"
        return (f"A team summary in #{channel}, edited {times} as late answers came in",
                f"{render(latest)}\n{demo_audience.posted(channel, latest.locale, teams)}")
    last = next(((channel, m) for channel, m in reversed(posts) if m.kind == "summary"), None)
    if last is None:
        return None
    channel, message = last
    return (f"A team summary in #{channel}, two days after the check-in",
            f"{render(message)}\n{demo_audience.posted(channel, message.locale, teams)}")


def post_counts(posts: Sequence[Post], updates: Sequence[Update]) -> Counter:
    """How many of each kind of channel post went out, and how often summaries were edited."""
    counts = Counter(f"posted {message.kind}" for _, message in posts)
    counts["summary edits"] = sum(1 for _, _, message in updates if message.kind == "summary")
    return counts
