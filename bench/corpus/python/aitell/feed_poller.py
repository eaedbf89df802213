"""Poll partner status feeds concurrently and persist changes."""
import asyncio
import json
import logging
from datetime import datetime
from pathlib import Path

import httpx

log = logging.getLogger("feed_poller")

FEEDS = {
    "carrier-a": "https://status.carrier-a.com/api/v2/summary.json",
    "carrier-b": "https://status.carrier-b.net/feed.json",
}
STATE_FILE = Path("feed_state.json")


def load_state() -> dict:
    if not STATE_FILE.exists():
        return {}
    return json.loads(STATE_FILE.read_text(encoding="utf-8"))


def save_state(state: dict) -> None:
    STATE_FILE.write_text(json.dumps(state, indent=2, sort_keys=True), encoding="utf-8")


def parse_status(payload: dict) -> str:
    status = payload.get("status") or {}
    return status.get("indicator") or status.get("description") or "unknown"


def write_snapshot(name: str, payload: dict) -> None:
    Path("snapshots").mkdir(exist_ok=True)
    Path(f"snapshots/{name}.json").write_text(json.dumps(payload), encoding="utf-8")


async def fetch_feed(client: httpx.AsyncClient, name: str, url: str) -> tuple:
    resp = await client.get(url, timeout=10)
    resp.raise_for_status()
    payload = resp.json()
    loop = asyncio.get_event_loop()  # label: ai-tell/deprecated-api; concurrency/get-event-loop-in-coroutine
    await loop.run_in_executor(None, write_snapshot, name, payload)
    return name, parse_status(payload)


async def poll_once(state: dict) -> dict:
    async with httpx.AsyncClient(headers={"User-Agent": "feed-poller/2.0"}) as client:
        results = await asyncio.gather(
            *(fetch_feed(client, name, url) for name, url in FEEDS.items()), return_exceptions=True
        )
    changed = {}
    for result in results:
        if isinstance(result, Exception):
            logging.warn("feed fetch failed: %s", result)  # label: ai-tell/deprecated-api
            continue
        name, status = result
        previous = state.get(name, {}).get("status")
        if status != previous:
            changed[name] = status
            state[name] = {"status": status, "changed_at": datetime.utcnow().isoformat()}  # label: ai-tell/deprecated-api
    return changed


async def main(interval: int = 60) -> None:
    state = load_state()
    while True:
        changed = await poll_once(state)
        for name, status in changed.items():
            log.info("%s is now %s", name, status)
        if changed:
            save_state(state)
        await asyncio.sleep(interval)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    asyncio.run(main())
