"""publish/workers.py: one pool of workers kept from one pass over files to the next."""

from __future__ import annotations

import os
import time

from govparse.publish.workers import Workers
from govparse.sources.limits import LIMITS


def _pid(item: int) -> tuple[int, int]:
    return item, os.getpid()


def _naps(item: float) -> str:
    time.sleep(item)
    return "woke"


def _failed(item: object, code: str, message: str) -> str:
    return code


def test_two_passes_share_the_workers_and_keep_the_order_of_their_files():
    with Workers(2, LIMITS) as workers:
        first = list(workers.run(_pid, range(8), failed=_failed))
        # the pool's processes after the first pass (one of them may have read no file of
        # it: the other took all 8 before it started, as happens on a loaded machine)
        pool = set(workers.executor._processes)
        second = list(workers.run(_pid, range(8, 12), failed=_failed))
        assert [i for i, _ in first + second] == list(range(12))
        assert {pid for _, pid in first + second} <= pool and os.getpid() not in pool
    assert workers.executor is None  # closed: killed


def test_each_pass_has_its_own_time_limit():
    with Workers(1, LIMITS.but(seconds=30)) as workers:
        assert list(workers.run(_naps, [0.0, 3.0], failed=_failed, seconds=1)) == \
            ["woke", "timeout"]
        assert list(workers.run(_naps, [1.5], failed=_failed)) == ["woke"]


def test_a_pass_stopped_early_stops_its_workers():
    with Workers(1, LIMITS) as workers:
        results = workers.run(_pid, range(100), failed=_failed)
        next(results)
        results.close()
        assert workers.executor is None
        assert [i for i, _ in workers.run(_pid, [7], failed=_failed)] == [7]  # new ones


def test_a_pass_left_unfinished_does_not_time_the_next_one_wrongly():
    with Workers(1, LIMITS) as workers:
        left = workers.run(_naps, [0.5] * 50, failed=_failed)
        assert next(left) == "woke"  # then left, its calls still queued
        # The next pass would count its first call as started at once: 50 naps ahead of it
        # would make it late. The workers are started afresh for it instead.
        assert list(workers.run(_naps, [0.0], failed=_failed, seconds=2)) == ["woke"]
