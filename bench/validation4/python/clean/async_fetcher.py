"""Fetch many URLs concurrently with bounded parallelism and checksum the bodies off the loop."""
import asyncio
import hashlib
import logging

import httpx

log = logging.getLogger(__name__)


def checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Fetcher:
    def __init__(self, limit: int = 10):
        self.sem = asyncio.Semaphore(limit)
        self.lock = asyncio.Lock()
        self.done = 0
        self.background: set[asyncio.Task] = set()

    async def _audit(self, url: str, digest: str) -> None:
        await asyncio.sleep(0)
        log.debug("%s %s", url, digest)

    async def fetch(self, client: httpx.AsyncClient, url: str) -> tuple[str, str]:
        async with self.sem:
            resp = await client.get(url)
            resp.raise_for_status()
        digest = await asyncio.to_thread(checksum, resp.content)
        task = asyncio.create_task(self._audit(url, digest))
        self.background.add(task)
        task.add_done_callback(self.background.discard)
        async with self.lock:
            current = self.done
            await asyncio.sleep(0)
            self.done = current + 1
        return url, digest

    async def run(self, urls: list[str]) -> dict[str, str]:
        async with httpx.AsyncClient(timeout=httpx.Timeout(15.0)) as client:
            results = await asyncio.gather(*(self.fetch(client, u) for u in urls), return_exceptions=True)
        if self.background:
            await asyncio.gather(*self.background)
        out = {}
        for url, res in zip(urls, results):
            if isinstance(res, Exception):
                log.warning("failed %s: %s", url, res)
            else:
                out[res[0]] = res[1]
        return out


if __name__ == "__main__":
    import sys
    logging.basicConfig(level=logging.INFO)
    print(asyncio.run(Fetcher().run(sys.argv[1:])))
