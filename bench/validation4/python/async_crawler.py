"""Async site crawler: fetches pages breadth-first within one domain and records link stats."""
import asyncio
import logging
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlparse

import aiohttp

log = logging.getLogger("crawler")
HREF_RE = re.compile(r'href="([^"#]+)"')


@dataclass
class CrawlStats:
    pages: int = 0
    bytes: int = 0
    errors: list = field(default_factory=list)


class Crawler:
    def __init__(self, root: str, max_pages: int = 200, concurrency: int = 8):
        self.root = root
        self.domain = urlparse(root).netloc
        self.max_pages = max_pages
        self.sem = asyncio.Semaphore(concurrency)
        self.seen: set[str] = set()
        self.stats = CrawlStats()
        self.queue: asyncio.Queue[str] = asyncio.Queue()

    def _links(self, base: str, html: str):
        for href in HREF_RE.findall(html):
            url = urljoin(base, href)
            if urlparse(url).netloc == self.domain:
                yield url.split("?")[0]

    async def _save(self, url: str, body: str) -> None:
        await asyncio.sleep(0)
        log.debug("saved %s (%d chars)", url, len(body))

    async def fetch(self, session: aiohttp.ClientSession, url: str) -> None:
        async with self.sem:
            try:
                async with session.get(url, ssl=False) as resp:  # label: security/tls-verify-disabled
                    body = await resp.text()
            except aiohttp.ClientError as exc:
                self.stats.errors.append((url, str(exc)))
                return
        pages = self.stats.pages
        asyncio.create_task(self._save(url, body))  # label: concurrency/dropped-task
        await asyncio.sleep(0)
        self.stats.pages = pages + 1  # label: concurrency/lost-update-across-await
        self.stats.bytes += len(body)
        for link in self._links(url, body):
            if link not in self.seen and len(self.seen) < self.max_pages:
                self.seen.add(link)
                self.queue.put_nowait(link)

    async def worker(self, session: aiohttp.ClientSession) -> None:
        while True:
            url = await self.queue.get()
            try:
                await self.fetch(session, url)
            finally:
                self.queue.task_done()

    async def run(self) -> CrawlStats:
        self.seen.add(self.root)
        self.queue.put_nowait(self.root)
        timeout = aiohttp.ClientTimeout(total=30)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            workers = [asyncio.create_task(self.worker(session)) for _ in range(4)]
            await self.queue.join()
            for w in workers:
                w.cancel()
        return self.stats


async def check_sitemaps(roots: list[str]) -> dict[str, int]:
    results = {}
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=15)) as session:
        for root in roots:
            async with session.get(urljoin(root, "/sitemap.xml")) as resp:  # label: concurrency/sequential-awaits
                results[root] = resp.status
    return results


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    stats = asyncio.run(Crawler("https://docs.python.org/3/").run())
    print(f"pages={stats.pages} bytes={stats.bytes} errors={len(stats.errors)}")
