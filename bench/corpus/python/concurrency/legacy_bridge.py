"""Bridge between the legacy sync job runner and the new async storage client."""

import asyncio
import logging
from typing import Any

from .storage import AsyncStorageClient

log = logging.getLogger(__name__)


class StorageBridge:
    def __init__(self, client: AsyncStorageClient):
        self.client = client

    async def put_many(self, items: dict[str, bytes]) -> None:
        loop = asyncio.get_event_loop()  # label: concurrency/get-event-loop-in-coroutine
        started = loop.time()
        await asyncio.gather(*(self.client.put(k, v) for k, v in items.items()))
        log.info("stored %d objects in %.2fs", len(items), loop.time() - started)

    async def get_json(self, key: str) -> Any:
        raw = await self.client.get(key)
        return None if raw is None else raw.decode()

    async def refresh_index(self, prefix: str) -> list[str]:
        loop = asyncio.get_event_loop()  # label: concurrency/get-event-loop-in-coroutine
        keys = loop.run_until_complete(self.client.list(prefix))  # label: concurrency/run-until-complete-in-async
        return sorted(keys)

    async def copy_prefix(self, src: str, dst: str) -> int:
        keys = await self.client.list(src)
        copied = 0
        for key in keys:
            data = await self.client.get(key)  # label: concurrency/sequential-await-in-loop
            await self.client.put(dst + key[len(src):], data)
            copied += 1
        return copied


def run_job(bridge: StorageBridge, items: dict[str, bytes]) -> None:
    asyncio.run(bridge.put_many(items))
