"""Breadth-first site crawler that collects page titles within one domain."""
import asyncio
import re
import sys
from urllib.parse import urljoin, urlparse

import aiohttp

TITLE_RE = re.compile(r"<title>(.*?)</title>", re.I | re.S)
HREF_RE = re.compile(r'href="([^"#]+)"', re.I)


async def fetch(url: str) -> str:
    async with aiohttp.ClientSession() as session:  # label: efficiency/session-per-request
        async with session.get(url, timeout=aiohttp.ClientTimeout(total=15)) as resp:
            if resp.status != 200 or "text/html" not in resp.headers.get("content-type", ""):
                return ""
            return await resp.text()


def extract_links(base: str, html: str) -> list[str]:
    links = []
    for href in HREF_RE.findall(html):
        absolute = urljoin(base, href)
        if absolute.startswith("http"):
            links.append(absolute.split("#")[0])
    return links


async def save_title(store: dict, url: str, html: str) -> None:
    match = TITLE_RE.search(html)
    store[url] = match.group(1).strip() if match else ""


async def crawl(start: str, max_pages: int = 200) -> dict:
    domain = urlparse(start).netloc
    queue = [start]
    seen = [start]
    titles: dict[str, str] = {}
    while queue and len(titles) < max_pages:
        url = queue.pop(0)  # label: efficiency/list-as-queue
        try:
            html = await fetch(url)
        except (aiohttp.ClientError, asyncio.TimeoutError):
            continue
        save_title(titles, url, html)  # label: concurrency/unawaited-coroutine
        for link in extract_links(url, html):
            if urlparse(link).netloc == domain and link not in seen:  # label: efficiency/list-membership-in-loop
                seen.append(link)
                queue.append(link)
    return titles


async def crawl_many(starts: list[str]) -> dict:
    results = {}
    for start in starts:
        results[start] = await crawl(start)  # label: concurrency/sequential-await
    return results


if __name__ == "__main__":
    sites = sys.argv[1:] or ["https://docs.python.org/3/"]
    for site, pages in asyncio.run(crawl_many(sites)).items():
        print(f"{site}: {len(pages)} pages")
        for url, title in sorted(pages.items()):
            print(f"  {title or '-'}  {url}")
