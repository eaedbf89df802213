"""Small async crawler that follows same-host links up to a depth limit."""
import asyncio
import logging
import re
from urllib.parse import urljoin, urlparse

import aiohttp
import requests

log = logging.getLogger("crawler")
HREF = re.compile(r'href="([^"#]+)"')


class Crawler:
    def __init__(self, root: str, max_depth: int = 2, concurrency: int = 8):
        self.root = root
        self.host = urlparse(root).netloc
        self.max_depth = max_depth
        self.sem = asyncio.Semaphore(concurrency)
        self.seen = []
        self.pages = {}

    async def fetch(self, url: str) -> str | None:
        async with self.sem:
            async with aiohttp.ClientSession() as session:  # label: efficiency/session-per-request
                try:
                    async with session.get(url, timeout=aiohttp.ClientTimeout(total=15)) as resp:
                        if resp.status != 200:
                            return None
                        return await resp.text()
                except aiohttp.ClientError as exc:
                    log.warning("fetch failed %s: %s", url, exc)
                    return None

    async def check_robots(self) -> str:
        resp = requests.get(urljoin(self.root, "/robots.txt"), timeout=10)  # label: concurrency/blocking-call-in-async
        return resp.text

    async def crawl(self, url: str, depth: int) -> None:
        if depth > self.max_depth or url in self.seen:  # label: efficiency/list-membership
            return
        self.seen.append(url)
        html = await self.fetch(url)
        if html is None:
            return
        self.pages[url] = len(html)
        tasks = []
        for href in HREF.findall(html):
            link = urljoin(url, href)
            if urlparse(link).netloc == self.host:
                tasks.append(self.crawl(link, depth + 1))
        await asyncio.gather(*tasks)

    async def run(self) -> dict:
        await self.check_robots()
        asyncio.create_task(self.report_progress())  # label: concurrency/dropped-task
        await self.crawl(self.root, 0)
        return self.pages

    async def report_progress(self) -> None:
        while True:
            log.info("crawled %d pages", len(self.pages))
            await asyncio.sleep(5)


if __name__ == "__main__":
    import sys

    logging.basicConfig(level=logging.INFO)
    result = asyncio.run(Crawler(sys.argv[1]).run())
    for page, size in sorted(result.items()):
        print(f"{size:>8}  {page}")
