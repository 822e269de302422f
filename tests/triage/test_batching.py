"""The micro-batcher groups concurrent requests, bounds its queue and never loses a caller."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from bot.triage.batching import MicroBatcher, Overloaded


def test_concurrent_requests_share_model_calls_and_keep_their_order() -> None:
    calls: list[list[int]] = []

    def double(items):
        calls.append(list(items))
        time.sleep(0.01)
        return [i * 2 for i in items]

    async def scenario():
        batcher = MicroBatcher(double, max_batch_size=8, max_wait_s=0.02, max_queue=64)
        await batcher.start()
        try:
            return await asyncio.gather(*(batcher.submit(i) for i in range(20)))
        finally:
            await batcher.stop()

    assert asyncio.run(scenario()) == [i * 2 for i in range(20)]
    assert len(calls) < 20 and max(len(c) for c in calls) <= 8


def test_submit_many_is_all_or_nothing_when_the_queue_is_full() -> None:
    release = threading.Event()

    def slow(items):
        release.wait(5)
        return list(items)

    async def scenario():
        batcher = MicroBatcher(slow, max_batch_size=1, max_wait_s=0, max_queue=2)
        await batcher.start()
        try:
            first = asyncio.create_task(batcher.submit(0))  # taken by the worker
            await asyncio.sleep(0.05)
            queued = asyncio.create_task(batcher.submit_many([1, 2]))
            await asyncio.sleep(0.05)
            with pytest.raises(Overloaded):
                await batcher.submit(3)
            release.set()
            return await first, await queued
        finally:
            await batcher.stop()

    assert asyncio.run(scenario()) == (0, [1, 2])


def test_a_failing_batch_fails_every_caller_and_the_batcher_keeps_working() -> None:
    def fragile(items):
        if "boom" in items:
            raise ValueError("model failed")
        return [item.upper() for item in items]

    async def scenario():
        batcher = MicroBatcher(fragile, max_batch_size=4, max_wait_s=0.01, max_queue=8)
        await batcher.start()
        try:
            failed = await asyncio.gather(
                batcher.submit("boom"), batcher.submit("ok"), return_exceptions=True
            )
            return failed, await batcher.submit("later")
        finally:
            await batcher.stop()

    failed, later = asyncio.run(scenario())
    assert all(isinstance(result, ValueError) for result in failed)
    assert later == "LATER"


def test_bad_limits_are_refused() -> None:
    with pytest.raises(ValueError):
        MicroBatcher(list, max_batch_size=0)
    with pytest.raises(ValueError):
        MicroBatcher(list, max_batch_size=8, max_queue=4)
