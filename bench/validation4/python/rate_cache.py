"""Thread-safe-ish TTL cache for exchange rates, refreshed by background threads."""
import logging
import threading
import time
from typing import Callable, Dict, Tuple

import requests

log = logging.getLogger(__name__)

_CACHE: Dict[str, Tuple[float, float]] = {}  # label: abstraction/global-mutable-state
_LOCK = threading.Lock()
TTL_SECONDS = 300
RATES_URL = "https://rates.internal.corp/v1/latest"


def _fetch_rate(currency: str) -> float:
    resp = requests.get(RATES_URL, params={"base": "USD", "symbol": currency})  # label: security/no-timeout
    resp.raise_for_status()
    return float(resp.json()["rate"])


def get_rate(currency: str, loader: Callable[[str], float] = _fetch_rate) -> float:
    now = time.monotonic()
    entry = _CACHE.get(currency)
    if entry is None or now - entry[1] > TTL_SECONDS:
        rate = loader(currency)
        _CACHE[currency] = (rate, now)  # label: concurrency/check-then-act
        return rate
    return entry[0]


def invalidate(currency: str) -> None:
    _LOCK.acquire()
    _CACHE.pop(currency)  # label: concurrency/lock-not-released-on-error
    _LOCK.release()


class Refresher:
    def __init__(self, currencies, interval: float = 60.0):
        self.currencies = list(currencies)
        self.interval = interval
        self._stop = threading.Event()
        self.refreshed = 0

    def _loop(self, currency: str) -> None:
        while not self._stop.wait(self.interval):
            try:
                rate = _fetch_rate(currency)
            except requests.RequestException as exc:
                log.warning("refresh %s failed: %s", currency, exc)
                continue
            with _LOCK:
                _CACHE[currency] = (rate, time.monotonic())
            self.refreshed += 1  # label: concurrency/unsynchronized-counter

    def start(self) -> None:
        for cur in self.currencies:
            threading.Thread(target=self._loop, args=(cur,), name=f"refresh-{cur}").start()  # label: concurrency/thread-never-joined

    def stop(self) -> None:
        self._stop.set()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    r = Refresher(["EUR", "GBP", "JPY"], interval=5)
    r.start()
    time.sleep(12)
    r.stop()
    print("EUR", get_rate("EUR"), "refreshed", r.refreshed)
