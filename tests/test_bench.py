"""The benchmarks still run. On a small organisation the digest benchmark builds every 1:1 prep digest, weekly
summary and recap, with as many queries as for an even smaller one, and worker processes draw the recap charts byte
for byte as the bot's own process does. The import benchmark's generated file imports, and again without a change.
Timings are printed by the bench/ scripts, not tested."""

from __future__ import annotations

from pathlib import Path

from bench.digests import MEASURES, run_backend

ROOT = Path(__file__).resolve().parent.parent


async def test_every_digest_of_a_small_quarter_is_built_with_the_queries_of_a_smaller_one():
    result = await run_backend("sqlite", people=40, small=16, profile=None)

    large, small = result["large"], result["small"]
    assert (large["people"], small["people"]) == (40, 16)
    assert all(large[m]["built"] == large[m]["wanted"] > 0 for m in MEASURES)
    assert large["recaps"]["charts"] == large["recaps"]["built"] == 6  # five teams and the organisation
    assert not result["queries_grow"]
    assert result["same_charts"]


async def test_the_import_benchmarks_file_imports_and_a_second_import_changes_nothing(load_org):
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_import", ROOT / "bench" / "import.py")
    bench_import = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench_import)
    text = bench_import.org_text(120)

    first = await load_org(text)
    again = await load_org(text)

    assert (first.people, first.teams, first.key_results) == (120, 15, 3 * (3 + 15 + 30))
    assert first.changes.added["1:1s"] == 105
    assert not again.changes.added and not again.changes.changed
