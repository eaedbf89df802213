"""Async per-client rate limiting and request coalescing for the gateway."""
import asyncio
import time
from typing import Awaitable, Callable, Dict, Tuple

import httpx


class TokenBucket:
    def __init__(self, rate: float, burst: int):
        self.rate = rate
        self.burst = burst
        self.tokens = float(burst)
        self.updated = time.monotonic()

    def _refill(self) -> None:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now

    async def acquire(self) -> None:
        lock = asyncio.Lock()  # label: concurrency/lock-misuse
        async with lock:
            while True:
                self._refill()
                if self.tokens >= 1:
                    self.tokens -= 1
                    return
                await asyncio.sleep((1 - self.tokens) / self.rate)


class Gateway:
    def __init__(self, upstream: str, rate: float = 5.0, burst: int = 10):
        self.upstream = upstream
        self.rate = rate
        self.burst = burst
        self.buckets: Dict[str, TokenBucket] = {}
        self.inflight: Dict[str, "asyncio.Future[Tuple[int, bytes]]"] = {}
        self.client = httpx.AsyncClient(base_url=upstream, timeout=10.0)
        self.active: Dict[str, int] = {}
        self.max_concurrent = 4
        self.served = 0

    def bucket(self, client_id: str) -> TokenBucket:
        if client_id not in self.buckets:
            self.buckets[client_id] = TokenBucket(self.rate, self.burst)
        return self.buckets[client_id]

    async def _fetch(self, path: str) -> Tuple[int, bytes]:
        resp = await self.client.get(path)
        return resp.status_code, resp.content

    async def get(self, client_id: str, path: str) -> Tuple[int, bytes]:
        await self.bucket(client_id).acquire()
        active = self.active.get(client_id, 0)
        if active >= self.max_concurrent:
            return 429, b"too many concurrent requests"
        await self.audit(client_id, path)
        self.active[client_id] = active + 1  # label: concurrency/race-condition
        try:
            return await self.get_coalesced(path)
        finally:
            self.active[client_id] -= 1
            self.served += 1

    async def audit(self, client_id: str, path: str) -> None:
        await self.client.post("/audit", json={"client": client_id, "path": path})

    async def get_coalesced(self, path: str) -> Tuple[int, bytes]:
        fut = self.inflight.get(path)
        if fut is None:
            fut = asyncio.ensure_future(self._fetch(path))
            self.inflight[path] = fut
            fut.add_done_callback(lambda _: self.inflight.pop(path, None))
        return await fut

    async def close(self) -> None:
        await self.client.aclose()


async def run_with_limit(calls: Dict[str, Callable[[], Awaitable]], limit: int):
    sem = asyncio.Semaphore(limit)
    results = {}

    async def one(name, fn):
        async with sem:
            results[name] = await fn()

    await asyncio.wait([one(n, f) for n, f in calls.items()])  # label: concurrency/coroutines-passed-to-wait
    return results
