"""Fetch a list of RSS feeds concurrently and store new items in SQLite."""
import asyncio
import sqlite3
import xml.etree.ElementTree as ET
from collections import deque

import aiohttp

MAX_CONCURRENCY = 8


def parse_items(xml_text: str) -> list[dict]:
    root = ET.fromstring(xml_text)
    return [
        {"guid": item.findtext("guid") or item.findtext("link"), "title": item.findtext("title") or ""}
        for item in root.iter("item")
    ]


def store(db_path: str, feed: str, items: list[dict]) -> int:
    with sqlite3.connect(db_path) as conn:
        known = {row[0] for row in conn.execute("SELECT guid FROM items WHERE feed = ?", (feed,))}
        fresh = [(feed, i["guid"], i["title"]) for i in items if i["guid"] not in known]
        conn.executemany("INSERT INTO items (feed, guid, title) VALUES (?, ?, ?)", fresh)
    return len(fresh)


async def fetch_feed(session: aiohttp.ClientSession, sem: asyncio.Semaphore, url: str) -> tuple[str, str]:
    async with sem:
        async with session.get(url, timeout=aiohttp.ClientTimeout(total=20)) as resp:
            resp.raise_for_status()
            return url, await resp.text()


async def run(db_path: str, feeds: list[str]) -> dict[str, int]:
    sem = asyncio.Semaphore(MAX_CONCURRENCY)
    results: dict[str, int] = {}
    async with aiohttp.ClientSession() as session:
        pending = deque(feeds)
        tasks = []
        while pending:
            tasks.append(asyncio.create_task(fetch_feed(session, sem, pending.popleft())))
        for done in asyncio.as_completed(tasks):
            try:
                url, text = await done
            except (aiohttp.ClientError, asyncio.TimeoutError):
                continue
            items = parse_items(text)
            results[url] = await asyncio.to_thread(store, db_path, url, items)
    return results


if __name__ == "__main__":
    import sys
    counts = asyncio.run(run(sys.argv[1], sys.argv[2:]))
    for feed, n in sorted(counts.items()):
        print(f"{n:4d} new  {feed}")
