"""Concurrent HTTP fetcher with a shared session and bounded concurrency."""

import asyncio
import logging
from dataclasses import dataclass

import aiohttp

log = logging.getLogger(__name__)


@dataclass
class Page:
    url: str
    status: int
    size: int


async def fetch_one(session: aiohttp.ClientSession, sem: asyncio.Semaphore, url: str) -> Page:
    async with sem:
        async with session.get(url) as resp:
            body = await resp.read()
            return Page(url, resp.status, len(body))


async def fetch_all(urls: list[str], concurrency: int = 20) -> list[Page | BaseException]:
    sem = asyncio.Semaphore(concurrency)
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        return await asyncio.gather(*(fetch_one(session, sem, u) for u in urls), return_exceptions=True)


async def fetch_paginated(session: aiohttp.ClientSession, url: str) -> list[dict]:
    items: list[dict] = []
    next_url: str | None = url
    while next_url:
        async with session.get(next_url) as resp:
            resp.raise_for_status()
            data = await resp.json()
        items.extend(data["items"])
        next_url = data.get("next")
    return items


async def with_deadline(urls: list[str], seconds: float) -> list[Page | BaseException]:
    try:
        return await asyncio.wait_for(fetch_all(urls), timeout=seconds)
    except asyncio.TimeoutError:
        log.warning("fetch of %d urls exceeded %.1fs", len(urls), seconds)
        return []


def main(urls: list[str]) -> None:
    results = asyncio.run(fetch_all(urls))
    for r in results:
        if isinstance(r, BaseException):
            print("error:", r)
        else:
            print(r.status, r.size, r.url)


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
