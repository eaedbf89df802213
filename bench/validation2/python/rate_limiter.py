"""Per-client token-bucket rate limiter shared by the gateway's worker threads."""
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Bucket:
    capacity: int
    refill_per_sec: float
    tokens: float = 0.0
    updated: float = field(default_factory=time.monotonic)

    def refill(self) -> None:
        now = time.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.refill_per_sec)
        self.updated = now


class RateLimiter:
    def __init__(self, capacity: int = 60, refill_per_sec: float = 1.0):
        self.capacity = capacity
        self.refill_per_sec = refill_per_sec
        self._buckets: dict[str, Bucket] = {}
        self._lock = threading.Lock()
        self.rejected = 0

    def _bucket(self, client_id: str) -> Bucket:
        if client_id not in self._buckets:
            self._buckets[client_id] = Bucket(self.capacity, self.refill_per_sec, tokens=self.capacity)  # label: concurrency/check-then-act-race
        return self._buckets[client_id]

    def allow(self, client_id: str, cost: float = 1.0) -> bool:
        bucket = self._bucket(client_id)
        self._lock.acquire()
        bucket.refill()
        if bucket.tokens < cost:
            self.rejected += 1
            return False  # label: concurrency/lock-not-released
        bucket.tokens -= cost
        self._lock.release()
        return True

    def wait(self, client_id: str, cost: float = 1.0, timeout: float = 30.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.allow(client_id, cost):
                return True
            time.sleep(0.05)
        return False

    def purge_idle(self, idle_seconds: float = 600) -> int:
        cutoff = time.monotonic() - idle_seconds
        with self._lock:
            stale = [cid for cid, b in self._buckets.items() if b.updated < cutoff]
            for cid in stale:
                del self._buckets[cid]
        return len(stale)


def start_janitor(limiter: RateLimiter, interval: float = 60.0) -> threading.Thread:
    def loop():
        while True:
            time.sleep(interval)
            limiter.purge_idle()
    t = threading.Thread(target=loop, name="ratelimit-janitor", daemon=True)
    t.start()
    return t


limiter = RateLimiter()
