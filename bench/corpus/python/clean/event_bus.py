"""In-process async event bus with tracked background tasks."""

import asyncio
import logging
from collections import defaultdict
from typing import Awaitable, Callable

log = logging.getLogger(__name__)
Handler = Callable[[dict], Awaitable[None]]


class EventBus:
    def __init__(self):
        self._handlers: dict[str, list[Handler]] = defaultdict(list)
        self._tasks: set[asyncio.Task] = set()
        self._lock = asyncio.Lock()
        self.delivered = 0

    def subscribe(self, topic: str, handler: Handler) -> None:
        self._handlers[topic].append(handler)

    async def _deliver(self, handler: Handler, event: dict) -> None:
        try:
            await handler(event)
        except Exception:
            log.exception("handler %r failed", handler)
            return
        async with self._lock:
            self.delivered += 1

    def publish(self, topic: str, event: dict) -> None:
        for handler in self._handlers.get(topic, []):
            task = asyncio.create_task(self._deliver(handler, event))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def drain(self, timeout: float = 5.0) -> None:
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=timeout)

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)


async def demo() -> None:
    bus = EventBus()

    async def audit(event: dict) -> None:
        await asyncio.sleep(0.01)
        log.info("audit %s", event)

    bus.subscribe("order.created", audit)
    for i in range(5):
        bus.publish("order.created", {"id": i})
    await bus.drain()
    print("delivered", bus.delivered)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    asyncio.run(demo())
