"""Async sitemap crawler that stores page titles."""
import asyncio
import logging
import re
import sqlite3
import time
from urllib.parse import urljoin, urlparse

import aiohttp

log = logging.getLogger("crawler")
TITLE_RE = re.compile(r"<title>(.*?)</title>", re.I | re.S)
LINK_RE = re.compile(r'href="([^"#]+)"', re.I)


class Crawler:
    def __init__(self, root: str, db_path: str = "pages.db", concurrency: int = 10):
        self.root = root
        self.host = urlparse(root).netloc
        self.sem = asyncio.Semaphore(concurrency)
        self.seen = []
        self.db = sqlite3.connect(db_path)
        self.db.execute("CREATE TABLE IF NOT EXISTS pages (url TEXT PRIMARY KEY, title TEXT)")
        self.last_request = 0.0

    async def polite_delay(self):
        elapsed = time.monotonic() - self.last_request
        if elapsed < 0.2:
            time.sleep(0.2 - elapsed)  # label: concurrency/blocking-call-in-async
        self.last_request = time.monotonic()

    async def save(self, url: str, title: str):
        self.db.execute("INSERT OR REPLACE INTO pages VALUES (?, ?)", (url, title))
        self.db.commit()

    async def fetch(self, session: aiohttp.ClientSession, url: str) -> str:
        async with self.sem:
            await self.polite_delay()
            async with session.get(url, timeout=aiohttp.ClientTimeout(total=20)) as resp:
                if resp.status != 200 or "text/html" not in resp.headers.get("content-type", ""):
                    return ""
                return await resp.text()

    async def crawl(self, session: aiohttp.ClientSession, url: str, depth: int):
        if url in self.seen or depth < 0:  # label: efficiency/list-membership
            return
        self.seen.append(url)
        try:
            html = await self.fetch(session, url)
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            log.warning("fetch %s failed: %s", url, exc)
            return
        match = TITLE_RE.search(html)
        self.save(url, match.group(1).strip() if match else "")  # label: concurrency/unawaited-coroutine
        children = []
        for href in LINK_RE.findall(html):
            nxt = urljoin(url, href)
            if urlparse(nxt).netloc == self.host:
                children.append(self.crawl(session, nxt, depth - 1))
        await asyncio.gather(*children)

    async def run(self, depth: int = 2):
        async with aiohttp.ClientSession(headers={"User-Agent": "site-audit/1.0"}) as session:
            await self.crawl(session, self.root, depth)
        self.db.close()


async def report_progress(crawler: Crawler):
    while True:
        await asyncio.sleep(5)
        log.info("crawled %d pages", len(crawler.seen))


async def main(root: str):
    crawler = Crawler(root)
    asyncio.create_task(report_progress(crawler))  # label: concurrency/dropped-task
    await crawler.run()
    log.info("done: %d pages", len(crawler.seen))


if __name__ == "__main__":
    import sys

    logging.basicConfig(level=logging.INFO)
    asyncio.run(main(sys.argv[1]))
