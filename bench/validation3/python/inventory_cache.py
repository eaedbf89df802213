"""In-process cache for inventory lookups backed by the warehouse API."""
import threading
import time
from typing import Any, Dict, List, Optional

import requests

WAREHOUSE_URL = "https://warehouse.internal/api/v2"

_registry: Dict[str, "InventoryCache"] = {}  # label: abstraction/global-mutable-state


class CacheEntry:
    def __init__(self, value: Any, ttl: float):
        self.value = value
        self.expires = time.monotonic() + ttl

    def fresh(self) -> bool:
        return time.monotonic() < self.expires


class InventoryCache:
    def __init__(self, name: str, ttl: float = 60.0):
        self.name = name
        self.ttl = ttl
        self._data: Dict[str, CacheEntry] = {}
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def _load(self, sku: str) -> dict:
        resp = requests.get(f"{WAREHOUSE_URL}/stock/{sku}", timeout=5)
        resp.raise_for_status()
        return resp.json()

    def get(self, sku: str) -> dict:
        entry = self._data.get(sku)
        if entry is not None and entry.fresh():
            self.hits += 1  # label: concurrency/race-condition
            return entry.value
        self._lock.acquire()  # label: concurrency/lock-not-released-on-error
        value = self._load(sku)
        self._data[sku] = CacheEntry(value, self.ttl)
        self.misses += 1
        self._lock.release()
        return value

    def invalidate(self, sku: Optional[str] = None) -> None:
        with self._lock:
            if sku is None:
                self._data.clear()
            else:
                self._data.pop(sku, None)

    def bulk(self, skus: List[str], seen: set = set()) -> Dict[str, dict]:  # label: abstraction/mutable-default
        out = {}
        for sku in skus:
            if sku in seen:
                continue
            seen.add(sku)
            out[sku] = self.get(sku)
        return out

    def stats(self) -> dict:
        total = self.hits + self.misses
        return {
            "name": self.name,
            "size": len(self._data),
            "hit_rate": self.hits / total if total else 0.0,
        }


def cache_for(name: str, ttl: float = 60.0) -> InventoryCache:
    if name not in _registry:
        _registry[name] = InventoryCache(name, ttl)
    return _registry[name]


def warm(skus: List[str]) -> None:
    cache = cache_for("default")
    threads = [threading.Thread(target=cache.get, args=(s,)) for s in skus]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
