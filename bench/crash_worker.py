"""A bot process for bench/crash.py: the real tick through the real Slack edge, ticking every second.

    python bench/crash_worker.py --t0 2026-10-19T13:01Z --epoch 1760000000.0 --lease 6

Settings come from the environment as for ``okrbot run`` (DATABASE_URL, SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET,
SLACK_API_URL, OKRBOT_SLACK_POSTS_PER_MINUTE). Only the clock differs: every process of one run reads the same
clock, ``t0`` plus the wall-clock seconds since ``epoch``, so one process's lease means the same to the other; and
the lease is seconds instead of minutes, so a run that kills processes ends in minutes.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.app import create_app  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.terminal import TerminalMessenger  # noqa: E402
from scheduler.tick import tick  # noqa: E402


async def work(t0: datetime, epoch: float, lease: timedelta) -> None:
    settings = Settings.from_env()
    app = await create_app(settings, fallback=TerminalMessenger(print, chart_dir=settings.chart_dir))
    for edge in app.edges:
        if edge.start:
            await edge.start()
    while True:  # until bench/crash.py kills this process
        now = t0 + timedelta(seconds=time.time() - epoch)
        report = await tick(sessions=app.sessions, messenger=app.messenger, now=now, lease=lease)
        if report.claimed or report.sent or report.found:
            print(f"{now:%H:%M:%S} claimed {sum(report.claimed.values())}: {report}", flush=True)
        await asyncio.sleep(1.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--t0", required=True)
    parser.add_argument("--epoch", type=float, required=True)
    parser.add_argument("--lease", type=float, default=6.0)
    arguments = parser.parse_args()
    t0 = datetime.fromisoformat(arguments.t0.replace("Z", "+00:00"))
    asyncio.run(work(t0, arguments.epoch, timedelta(seconds=arguments.lease)))


if __name__ == "__main__":
    main()
