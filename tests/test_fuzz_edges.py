"""The short version of bench/fuzz_edges.py: malformed and forged requests to both running edges never get a 500
or leave a traceback, and forged ones change nothing. The full run (3 000 + 300 per edge) prints its figures."""

from __future__ import annotations

from bench.fuzz_edges import run
from bench.fuzz_teams import NEEDS_KEYS


async def test_malformed_and_forged_requests_to_both_edges_get_no_500_and_forged_ones_change_nothing():
    results = await run(seed=20261205, count=100, forged=20, backend="sqlite")

    for name, result in results.items():
        assert result["setup_failures"] == [], name
        for phase in ("forged", "malformed"):
            found, tally = result[phase], result[phase]["tally"]
            assert tally.sent == (20 if phase == "forged" else 100)
            assert found["failures"] == [], (name, phase)
            # Only a token that Microsoft's signing keys alone can refuse may get 503, when they are out of reach.
            assert all(kind.endswith(NEEDS_KEYS) for kind in tally.kinds_5xx), (name, phase, dict(tally.kinds_5xx))
            assert tally.statuses[500] == 0
        assert result["forged"]["rows"] == {}, name
        assert set(result["forged"]["tally"].statuses) <= {400, 401, 503}, name
        assert len(result["malformed"]["tally"].statuses) > 3, name  # they reached past the first check
