"""Asynchronous site crawler that collects page titles and outbound links."""

import asyncio
import logging
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlparse

import aiohttp
import requests
from bs4 import BeautifulSoup

log = logging.getLogger("crawler")


@dataclass
class CrawlResult:
    url: str
    status: int
    title: str | None = None
    links: list[str] = field(default_factory=list)


def parse_page(url: str, html: str) -> tuple[str | None, list[str]]:
    soup = BeautifulSoup(html, "html.parser")
    title = soup.title.string.strip() if soup.title and soup.title.string else None
    links = [urljoin(url, a["href"]) for a in soup.find_all("a", href=True)]
    return title, links


async def fetch_page(url: str) -> CrawlResult:
    async with aiohttp.ClientSession() as session:  # label: concurrency/session-per-request
        async with session.get(url, timeout=aiohttp.ClientTimeout(total=15)) as resp:
            html = await resp.text(errors="replace")
            title, links = parse_page(url, html)
            return CrawlResult(url, resp.status, title, links)


async def check_robots(base: str) -> str:
    resp = requests.get(urljoin(base, "/robots.txt"), timeout=10)  # label: concurrency/blocking-call-in-async
    return resp.text if resp.ok else ""


async def crawl(start_url: str, max_pages: int = 50, delay: float = 0.5) -> list[CrawlResult]:
    domain = urlparse(start_url).netloc
    robots = await check_robots(start_url)
    disallowed = [line.split(":", 1)[1].strip() for line in robots.splitlines() if line.lower().startswith("disallow:")]
    seen: set[str] = set()
    frontier = [start_url]
    results: list[CrawlResult] = []
    while frontier and len(results) < max_pages:
        url = frontier.pop(0)
        if url in seen or any(urlparse(url).path.startswith(d) for d in disallowed if d):
            continue
        seen.add(url)
        try:
            result = await fetch_page(url)
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            log.warning("failed %s: %s", url, exc)
            continue
        results.append(result)
        frontier.extend(l for l in result.links if urlparse(l).netloc == domain and l not in seen)
        time.sleep(delay)  # label: concurrency/blocking-sleep-in-async
    return results


async def check_links(links: list[str]) -> dict[str, int]:
    statuses = {}
    for link in links:
        result = await fetch_page(link)  # label: concurrency/sequential-await-in-loop
        statuses[link] = result.status
    return statuses


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    pages = asyncio.run(crawl("https://example.com"))
    for page in pages:
        print(page.status, page.url, page.title)
