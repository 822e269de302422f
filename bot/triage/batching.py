"""Group concurrent requests into one model call: a max batch size, a max wait, a bounded queue.

The model runs in a worker thread, so the event loop keeps accepting requests while a batch is
computed. When the queue is full the caller gets `Overloaded` (the service answers 429) rather
than a wait that grows without bound.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


class Overloaded(RuntimeError):
    """The queue is full; try again shortly."""


@dataclass(frozen=True)
class BatchStats:
    size: int
    queued_s: float
    compute_s: float


class MicroBatcher(Generic[Item, Result]):
    def __init__(
        self,
        run_batch: Callable[[Sequence[Item]], list[Result]],
        *,
        max_batch_size: int = 32,
        max_wait_s: float = 0.005,
        max_queue: int = 512,
        on_batch: Callable[[BatchStats], None] | None = None,
    ) -> None:
        if max_batch_size < 1 or max_queue < max_batch_size:
            raise ValueError("need 1 <= max_batch_size <= max_queue")
        self.run_batch = run_batch
        self.max_batch_size = max_batch_size
        self.max_wait_s = max_wait_s
        self.max_queue = max_queue
        self.on_batch = on_batch
        self._queue: asyncio.Queue[tuple[Item, asyncio.Future[Result], float]] | None = None
        self._worker: asyncio.Task[None] | None = None

    @property
    def queue_depth(self) -> int:
        return self._queue.qsize() if self._queue is not None else 0

    async def start(self) -> None:
        self._queue = asyncio.Queue(maxsize=self.max_queue)
        self._worker = asyncio.create_task(self._work(), name="triage-micro-batcher")

    async def stop(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            try:
                await self._worker
            except asyncio.CancelledError:
                pass
        self._worker = None

    async def submit(self, item: Item) -> Result:
        return (await self.submit_many([item]))[0]

    async def submit_many(self, items: Sequence[Item]) -> list[Result]:
        """Queue every item or none (a batch request is not half-accepted)."""
        if self._queue is None or self._worker is None:
            raise RuntimeError("MicroBatcher.start() was not awaited")
        if self._queue.qsize() + len(items) > self.max_queue:
            raise Overloaded(f"{self._queue.qsize()} requests are already waiting")
        loop = asyncio.get_running_loop()
        futures = [loop.create_future() for _ in items]
        now = time.perf_counter()
        for item, future in zip(items, futures, strict=True):
            self._queue.put_nowait((item, future, now))
        return list(await asyncio.gather(*futures))

    async def _work(self) -> None:
        assert self._queue is not None
        while True:
            batch = [await self._queue.get()]
            deadline = time.perf_counter() + self.max_wait_s
            while len(batch) < self.max_batch_size:
                remaining = deadline - time.perf_counter()
                if remaining <= 0 and self._queue.empty():
                    break
                try:
                    batch.append(
                        self._queue.get_nowait()
                        if not self._queue.empty()
                        else await asyncio.wait_for(self._queue.get(), remaining)
                    )
                except TimeoutError:
                    break
            await self._run(batch)

    async def _run(self, batch: list[tuple[Item, asyncio.Future[Result], float]]) -> None:
        started = time.perf_counter()
        items = [item for item, _, _ in batch]
        try:
            results = await asyncio.to_thread(self.run_batch, items)
        except Exception as error:  # noqa: BLE001 - every waiting caller must hear of it
            for _, future, _ in batch:
                if not future.done():
                    future.set_exception(error)
            return
        for (_, future, _), result in zip(batch, results, strict=True):
            if not future.done():
                future.set_result(result)
        if self.on_batch is not None:
            oldest = min(queued for _, _, queued in batch)
            self.on_batch(BatchStats(len(batch), started - oldest, time.perf_counter() - started))
