"""What a serving process does once before its first request, so the first people do not wait for startup."""

from __future__ import annotations

import gc

from prompts import preload


def warm_up() -> None:
    """Read every text catalog now (the first answer waited a few hundred milliseconds for them), then move what
    startup built into the collector's permanent generation: a full collection walked those hundreds of
    thousands of long-lived objects each time, holding the one event loop, and so every acknowledgement, for
    about 200 ms."""
    preload()
    gc.collect()
    gc.freeze()
