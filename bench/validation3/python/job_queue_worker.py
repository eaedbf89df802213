"""Threaded worker that drains a job table and records per-tenant stats."""
import logging
import queue
import threading
import time
from dataclasses import dataclass, field

import requests

log = logging.getLogger(__name__)


@dataclass
class Stats:
    processed: int = 0
    failed: int = 0
    per_tenant: dict = field(default_factory=dict)


class JobRunner:
    def __init__(self, api_base: str, workers: int = 8):
        self.api_base = api_base.rstrip("/")
        self.workers = workers
        self.jobs: "queue.Queue[dict]" = queue.Queue()
        self.stats = Stats()
        self._tokens = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()

    def _token_for(self, tenant: str) -> str:
        if tenant not in self._tokens:  # label: concurrency/check-then-act
            resp = requests.post(f"{self.api_base}/auth", json={"tenant": tenant}, timeout=10)
            resp.raise_for_status()
            self._tokens[tenant] = resp.json()["token"]
        return self._tokens[tenant]

    def _record(self, tenant: str, ok: bool) -> None:
        with self._lock:
            if ok:
                self.stats.processed += 1
            else:
                self.stats.failed += 1
        self.stats.per_tenant[tenant] = self.stats.per_tenant.get(tenant, 0) + 1  # label: concurrency/race-condition

    def _handle(self, job: dict) -> None:
        token = self._token_for(job["tenant"])
        resp = requests.post(
            f"{self.api_base}/jobs/{job['id']}/run",
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )
        self._record(job["tenant"], resp.ok)

    def _worker(self) -> None:
        while not self._stop.is_set():
            try:
                job = self.jobs.get(timeout=0.5)
            except queue.Empty:
                continue
            try:
                self._handle(job)
            except requests.RequestException:
                log.exception("job %s failed", job.get("id"))
                self._record(job.get("tenant", "?"), False)
            finally:
                self.jobs.task_done()

    def run(self, jobs) -> Stats:
        for job in jobs:
            self.jobs.put(job)
        for _ in range(self.workers):
            threading.Thread(target=self._worker, daemon=True).start()
        self.jobs.join()
        self._stop.set()
        return self.stats


class Heartbeat:
    def __init__(self, url: str, interval: float = 15.0):
        self.url = url
        self.interval = interval
        self.beats = 0
        self.running = True

    def _loop(self):
        while self.running:
            try:
                requests.get(self.url, timeout=5)
                self.beats += 1
            except requests.RequestException:
                log.warning("heartbeat failed")
            time.sleep(self.interval)

    def start(self):
        t = threading.Thread(target=self._loop)
        t.start()

    def stop(self):
        self.running = False


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    hb = Heartbeat("http://localhost:9000/health")
    hb.start()
    runner = JobRunner("http://localhost:9000/api")
    print(runner.run({"id": i, "tenant": f"t{i % 3}"} for i in range(100)))
    hb.stop()
