"""Thread-safe TTL cache for FX rates shared by request-handling threads."""
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Callable, Dict, Iterable, Tuple

import requests

RATES_URL = "https://fx.internal.example/v1/rates"


def fetch_rate(pair: str) -> float:
    resp = requests.get(RATES_URL, params={"pair": pair}, timeout=(3, 10))
    resp.raise_for_status()
    return float(resp.json()["rate"])


class RateCache:
    def __init__(self, loader: Callable[[str], float] = fetch_rate, ttl: float = 30.0):
        self._loader = loader
        self._ttl = ttl
        self._data: Dict[str, Tuple[float, float]] = {}
        self._lock = threading.Lock()
        self._loading: Dict[str, threading.Event] = {}
        self.hits = 0
        self.misses = 0

    def get(self, pair: str) -> float:
        while True:
            with self._lock:
                hit = self._data.get(pair)
                if hit and hit[1] > time.monotonic():
                    self.hits += 1
                    return hit[0]
                pending = self._loading.get(pair)
                if pending is None:
                    pending = self._loading[pair] = threading.Event()
                    self.misses += 1
                    owner = True
                else:
                    owner = False
            if not owner:
                pending.wait(timeout=15)
                continue
            try:
                value = self._loader(pair)
                with self._lock:
                    self._data[pair] = (value, time.monotonic() + self._ttl)
                return value
            finally:
                with self._lock:
                    self._loading.pop(pair, None)
                pending.set()

    def snapshot(self) -> Dict[str, float]:
        with self._lock:
            now = time.monotonic()
            return {k: v for k, (v, exp) in self._data.items() if exp > now}


def prefetch(cache: RateCache, pairs: Iterable[str], workers: int = 8) -> Dict[str, float]:
    out: Dict[str, float] = {}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(cache.get, p): p for p in pairs}
        for fut in as_completed(futures):
            out[futures[fut]] = fut.result()
    return out
