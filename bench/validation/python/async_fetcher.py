"""Fetch a batch of product pages concurrently and store summaries."""
import asyncio
import json
import sqlite3
import time

import aiohttp
import requests

DB_PATH = "products.db"


async def fetch_json(session, url):
    async with session.get(url, timeout=aiohttp.ClientTimeout(total=10)) as resp:
        resp.raise_for_status()
        return await resp.json()


async def fetch_with_retry(session, url, attempts=3):
    for attempt in range(attempts):
        try:
            return await fetch_json(session, url)
        except aiohttp.ClientError:
            time.sleep(2 ** attempt)  # label: concurrency/blocking-call-in-async
    raise RuntimeError(f"giving up on {url}")


async def lookup_exchange_rate(currency):
    resp = requests.get(f"https://rates.example.com/{currency}", timeout=5)  # label: concurrency/blocking-call-in-async
    return resp.json()["rate"]


async def save_summary(item):
    conn = sqlite3.connect(DB_PATH)  # label: concurrency/blocking-call-in-async
    try:
        conn.execute(
            "INSERT INTO summaries(id, payload) VALUES (?, ?)",
            (item["id"], json.dumps(item)),
        )
        conn.commit()
    finally:
        conn.close()


async def notify(item_id):
    await asyncio.sleep(0)
    print(f"processed {item_id}")


async def process(session, url, rate):
    item = await fetch_with_retry(session, url)
    item["price_eur"] = item["price"] * rate
    await save_summary(item)
    notify(item["id"])  # label: concurrency/missing-await


async def main(urls):
    rate = await lookup_exchange_rate("EUR")
    async with aiohttp.ClientSession() as session:
        results = await asyncio.gather(
            *(process(session, u, rate) for u in urls), return_exceptions=True
        )
    failures = [r for r in results if isinstance(r, Exception)]
    if failures:
        print(f"{len(failures)} failures")


if __name__ == "__main__":
    asyncio.run(main([f"https://shop.example.com/api/items/{i}" for i in range(50)]))
