"""KPIs in the weekly summary and the recap, in words: the KPI, its value and its healthy corridor."""

from __future__ import annotations

from collections.abc import Sequence

from bot.messages import Text
from handlers.feed_notices import corridor_text
from handlers.kpi_health import KpiChange, KpiHealth
from prompts import t
from prompts.formatting import amount


def kpi_blocks(found: Sequence[KpiChange], locale: str) -> list[Text]:
    """Those that left their corridor, then those that came back, each under its heading."""
    blocks: list[Text] = []
    for change in ("left", "back"):
        listed = [k for k in found if k.change == change]
        if listed:
            blocks.append(Text(t(locale, f"feeds.summary_kpis_{change}"), "heading"))
            blocks.extend(Text(_line(locale, k, k.value)) for k in listed)
    return blocks


def health_blocks(found: Sequence[KpiHealth], locale: str) -> list[Text]:
    """The recap's KPIs: each with its last value and whether it stayed in its corridor."""
    if not found:
        return []
    return [Text(t(locale, "feeds.recap_kpis"), "heading"),
            *(Text(f"{_line(locale, k, k.last)} · {t(locale, f'feeds.recap_kpi_{k.state}')}") for k in found)]


def _line(locale: str, kpi: KpiChange | KpiHealth, value: float) -> str:
    return t(locale, "feeds.summary_kpi_line", name=kpi.name, value=amount(locale, value, kpi.unit),
             corridor=corridor_text(locale, kpi.low, kpi.high, kpi.unit))
