"""Renders with a deadline and a bounded number at once, so that a flood cannot take the server.

Every render of a submitted form (a preview, a download, a page with her
choices, an upload) runs in a worker thread. Without a bound, a page elsewhere
that posts 50 heavy previews holds every thread of Starlette's pool (40), and
the page itself (``GET /``) waits behind them. :class:`RenderGate` runs
renders on its own pool of ``slots`` threads per worker process, apart from
the pool that serves pages and files; at most ``queue`` more wait, and each
must end within ``timeout`` seconds of its arrival. The rest are answered 503
at once (:class:`Busy`). A thread cannot be stopped from outside, so a render
past its deadline is answered 503 and left to finish on its thread; the bound
of ``slots`` threads holds even then. One still waiting at its deadline is
cancelled unrun.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

__all__ = ["WAITING_PER_SLOT", "Busy", "RenderGate"]

T = TypeVar("T")

#: How many renders may wait per slot. A burst of 200 users at once (the load benchmark)
#: waits rather than failing; each waiter holds at most one request body, and none waits
#: past the deadline.
WAITING_PER_SLOT = 100


class Busy(Exception):
    """The render did not start or end in time; ``retry_after`` is a hint in seconds."""

    def __init__(self, retry_after: int = 1) -> None:
        super().__init__("busy")
        self.retry_after = retry_after


class RenderGate:
    """At most ``slots`` renders at once, each within ``timeout`` seconds of its arrival."""

    def __init__(self, slots: int, timeout: float, queue: int | None = None) -> None:
        self.slots = slots
        self.timeout = timeout
        self.queue = queue if queue is not None else WAITING_PER_SLOT * slots
        self._pending = 0
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None

    @property
    def pending(self) -> int:
        """Return how many renders run or wait now (those past their deadline included)."""
        return self._pending

    def _executor(self) -> ThreadPoolExecutor:
        # Made on first use, in the process that serves (a worker, not the parent).
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.slots, thread_name_prefix="musforms-render")
        return self._pool

    async def run(self, func: Callable[..., T], *args: object) -> T:
        """Return ``func(*args)``, run on a render thread once one is free.

        Raises:
            Busy: too many wait already, or the render did not end before the deadline.
        """
        with self._lock:
            if self._pending >= self.slots + self.queue:
                raise Busy
            self._pending += 1
            future: Future[T] = self._executor().submit(func, *args)
        future.add_done_callback(self._done)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.timeout)
        except TimeoutError:
            future.cancel()  # one still waiting never runs; a running one ends on its own
            raise Busy(retry_after=max(1, int(self.timeout))) from None

    def _done(self, future: Future[Any]) -> None:
        with self._lock:
            self._pending -= 1

    def close(self) -> None:
        """Stop the render threads once their renders end (at shutdown)."""
        with self._lock:
            pool, self._pool = self._pool, None  # a later render makes a new pool
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
