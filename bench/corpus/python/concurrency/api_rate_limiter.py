"""Token-bucket rate limiter shared by the API client threads."""

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

log = logging.getLogger(__name__)


class TokenBucket:
    def __init__(self, rate: float, capacity: int):
        self.rate = rate
        self.capacity = capacity
        self.tokens = float(capacity)
        self.updated = time.monotonic()
        self.lock = threading.Lock()

    def _refill(self) -> None:
        now = time.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now

    def try_acquire(self) -> bool:
        self._refill()
        if self.tokens >= 1:
            self.tokens -= 1  # label: concurrency/unsynchronised-shared-state
            return True
        return False

    def acquire(self) -> None:
        while not self.try_acquire():
            time.sleep(0.001)


class ApiClient:
    def __init__(self, base_url: str, bucket: TokenBucket):
        self.base_url = base_url
        self.bucket = bucket
        self.session = requests.Session()
        self.request_count = 0
        self._count_lock = threading.Lock()

    def get(self, path: str) -> dict:
        self.bucket.acquire()
        with self._count_lock:
            self.request_count += 1
        resp = self.session.get(f"{self.base_url}{path}", timeout=10)
        resp.raise_for_status()
        return resp.json()


def fetch_all(client: ApiClient, ids: list[int]) -> list[dict]:
    with ThreadPoolExecutor(max_workers=16) as pool:
        return list(pool.map(lambda i: client.get(f"/items/{i}"), ids))


if __name__ == "__main__":
    bucket = TokenBucket(rate=5, capacity=10)
    client = ApiClient("https://api.example.com", bucket)
    items = fetch_all(client, list(range(50)))
    log.info("fetched %d items with %d requests", len(items), client.request_count)
