"""The digest benchmark still runs: on a small organisation it builds every 1:1 prep digest, weekly summary and
recap, with as many queries as for an even smaller one, and worker processes draw the recap charts byte for byte
as the bot's own process does. Its timings are printed by bench/digests.py, not tested."""

from __future__ import annotations

from bench.digests import MEASURES, run_backend


async def test_every_digest_of_a_small_quarter_is_built_with_the_queries_of_a_smaller_one():
    result = await run_backend("sqlite", people=40, small=16, profile=None)

    large, small = result["large"], result["small"]
    assert (large["people"], small["people"]) == (40, 16)
    assert all(large[m]["built"] == large[m]["wanted"] > 0 for m in MEASURES)
    assert large["recaps"]["charts"] == large["recaps"]["built"] == 6  # five teams and the organisation
    assert not result["queries_grow"]
    assert result["same_charts"]
