"""Thread-backed geocoding cache in front of a rate-limited HTTP API."""

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

log = logging.getLogger(__name__)

GEOCODE_URL = "https://geo.example.com/v1/search"


class GeoCache:
    def __init__(self, ttl: float = 3600.0, workers: int = 8):
        self._entries: dict[str, tuple[float, dict]] = {}
        self._lock = threading.Lock()
        self.ttl = ttl
        self.hits = 0
        self.misses = 0
        self._pool = ThreadPoolExecutor(max_workers=workers)

    def _fetch(self, address: str) -> dict:
        resp = requests.get(GEOCODE_URL, params={"q": address}, timeout=5)
        resp.raise_for_status()
        return resp.json()["results"][0]

    def lookup(self, address: str) -> dict:
        key = address.strip().lower()
        with self._lock:
            entry = self._entries.get(key)
        if entry and time.monotonic() - entry[0] < self.ttl:
            self.hits += 1  # label: concurrency/unsynchronised-shared-state
            return entry[1]
        self.misses += 1  # label: concurrency/unsynchronised-shared-state
        result = self._fetch(address)
        with self._lock:
            self._entries[key] = (time.monotonic(), result)
        return result

    def lookup_many(self, addresses: list[str]) -> list[dict]:
        return list(self._pool.map(self.lookup, addresses))

    def evict_expired(self) -> int:
        now = time.monotonic()
        with self._lock:
            stale = [k for k, (ts, _) in self._entries.items() if now - ts >= self.ttl]
            for k in stale:
                del self._entries[k]
        return len(stale)

    def stats(self) -> dict:
        with self._lock:
            size = len(self._entries)
        return {"size": size, "hits": self.hits, "misses": self.misses}

    def close(self) -> None:
        self._pool.shutdown(wait=True)


if __name__ == "__main__":
    cache = GeoCache()
    try:
        print(cache.lookup_many(["10 Downing St, London", "1600 Pennsylvania Ave, Washington"] * 4))
        print(cache.stats())
    finally:
        cache.close()
