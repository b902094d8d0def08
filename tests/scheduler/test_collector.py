"""A tick raises the garbage collector's thresholds only while it runs: the serving process, which ticks every
minute between requests, gets its own back after every tick, also when ticks overlap or one fails."""

from __future__ import annotations

import gc

import pytest

from scheduler.collector import FANOUT_THRESHOLDS, fewer_collections


@pytest.fixture
def thresholds():
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*before)


def test_overlapping_ticks_give_the_process_its_thresholds_back(thresholds):
    with fewer_collections():
        assert gc.get_threshold() == FANOUT_THRESHOLDS
        with fewer_collections():
            assert gc.get_threshold() == FANOUT_THRESHOLDS
        assert gc.get_threshold() == FANOUT_THRESHOLDS  # the other tick still runs
    assert gc.get_threshold() == (700, 10, 10)


def test_a_failing_tick_gives_them_back_too(thresholds):
    with pytest.raises(RuntimeError), fewer_collections():
        raise RuntimeError("the store went away")
    assert gc.get_threshold() == (700, 10, 10)


def test_a_process_that_collects_less_often_already_keeps_its_thresholds(thresholds):
    gc.set_threshold(50_000, 20, 100)
    with fewer_collections():
        assert gc.get_threshold() == (50_000, 20, 100)
    assert gc.get_threshold() == (50_000, 20, 100)
