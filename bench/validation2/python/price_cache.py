"""Thread-backed price cache used by the quoting service.

Prices come from a slow upstream pricing engine; the cache refreshes entries in
background threads so request handlers never wait on a cold lookup twice.
"""
import logging
import threading
import time

import requests

log = logging.getLogger(__name__)

PRICING_URL = "https://pricing.internal/v1/price"
_memo = {}


def _cached(fn):
    def wrapper(*args):
        if args not in _memo:  # label: abstraction/hand-rolled-memoize
            _memo[args] = fn(*args)
        return _memo[args]
    return wrapper


@_cached
def currency_factor(currency):
    resp = requests.get(f"{PRICING_URL}/fx/{currency}", timeout=5)
    resp.raise_for_status()
    return resp.json()["factor"]


class PriceCache:
    def __init__(self, ttl=300, tags=[]):  # label: abstraction/mutable-default-arg
        self.ttl = ttl
        self.tags = tags
        self._entries = {}
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def _fetch(self, sku, currency):
        resp = requests.get(PRICING_URL, params={"sku": sku}, timeout=10)
        resp.raise_for_status()
        return resp.json()["price"] * currency_factor(currency)

    def get(self, sku, currency="EUR"):
        key = (sku, currency)
        entry = self._entries.get(key)
        if entry and time.monotonic() - entry[1] < self.ttl:
            self.hits += 1  # label: concurrency/unsynchronized-counter
            return entry[0]
        self.misses += 1
        price = self._fetch(sku, currency)
        with self._lock:
            self._entries[key] = (price, time.monotonic())
        return price

    def refresh(self, skus, currency="EUR"):
        for sku in skus:
            t = threading.Thread(target=self.get, args=(sku, currency))  # label: concurrency/thread-never-joined
            t.start()
        log.info("refresh scheduled for %d skus", len(skus))

    def stats(self):
        total = self.hits + self.misses
        return {"hits": self.hits, "misses": self.misses, "ratio": self.hits / total if total else 0.0}


cache = PriceCache(tags=["quotes"])
