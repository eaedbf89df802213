"""Thread-safe request metrics and per-thread DB connections for a WSGI app."""

import sqlite3
import threading
import time
from collections import Counter
from contextlib import contextmanager

DB_PATH = "app.db"
_local = threading.local()


def get_connection() -> sqlite3.Connection:
    conn = getattr(_local, "conn", None)
    if conn is None:
        conn = sqlite3.connect(DB_PATH)
        _local.conn = conn
    return conn


class Metrics:
    def __init__(self):
        self._lock = threading.Lock()
        self._counts: Counter = Counter()
        self._latency_sum: dict[str, float] = {}
        self.total = 0

    def record(self, endpoint: str, seconds: float) -> None:
        with self._lock:
            self.total += 1
            self._counts[endpoint] += 1
            self._latency_sum[endpoint] = self._latency_sum.get(endpoint, 0.0) + seconds

    def get_or_create_bucket(self, endpoint: str) -> float:
        with self._lock:
            if endpoint not in self._latency_sum:
                self._latency_sum[endpoint] = 0.0
            return self._latency_sum[endpoint]

    def snapshot(self) -> dict[str, dict[str, float]]:
        with self._lock:
            return {
                ep: {"count": n, "avg_ms": 1000 * self._latency_sum[ep] / n}
                for ep, n in self._counts.items()
            }

    @contextmanager
    def timed(self, endpoint: str):
        start = time.perf_counter()
        try:
            yield
        finally:
            self.record(endpoint, time.perf_counter() - start)


metrics = Metrics()


def handle_request(endpoint: str, user_id: int) -> dict:
    with metrics.timed(endpoint):
        row = get_connection().execute("SELECT name FROM users WHERE id = ?", (user_id,)).fetchone()
        return {"name": row[0] if row else None}


def load_test(n_threads: int = 8, per_thread: int = 100) -> dict:
    def worker(i: int) -> None:
        for j in range(per_thread):
            handle_request("/users", (i * per_thread + j) % 50)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return metrics.snapshot()
