"""Polls a job table and processes jobs on a background thread."""

import logging
import sqlite3
import threading
import time

log = logging.getLogger("poller")


class JobPoller:
    def __init__(self, db_path: str, interval: float = 1.0):
        self.db_path = db_path
        self.interval = interval
        self.running = False
        self.current_job = None
        self.processed = 0
        self._thread = None

    def _claim(self, conn: sqlite3.Connection):
        row = conn.execute("SELECT id, payload FROM jobs WHERE state = 'queued' ORDER BY id LIMIT 1").fetchone()
        if row is None:
            return None
        conn.execute("UPDATE jobs SET state = 'running' WHERE id = ?", (row[0],))
        conn.commit()
        return row

    def _run(self):
        conn = sqlite3.connect(self.db_path)
        try:
            while self.running:
                job = self._claim(conn)
                if job is None:
                    time.sleep(self.interval)
                    continue
                self.current_job = job[0]
                try:
                    self.handle(job[1])
                    conn.execute("UPDATE jobs SET state = 'done' WHERE id = ?", (job[0],))
                except Exception:
                    log.exception("job %s failed", job[0])
                    conn.execute("UPDATE jobs SET state = 'failed' WHERE id = ?", (job[0],))
                conn.commit()
                self.current_job = None
                self.processed += 1
        finally:
            conn.close()

    def handle(self, payload: str) -> None:
        log.info("handling %s", payload)

    def start(self):
        self.running = True
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0):
        self.running = False
        self._thread.join(timeout)

    def wait_idle(self):
        while self.current_job is not None:  # label: concurrency/busy-wait
            time.sleep(0.01)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    poller = JobPoller("jobs.db")
    poller.start()
    try:
        while True:
            time.sleep(5)
            log.info("processed %d jobs", poller.processed)
    except KeyboardInterrupt:
        poller.stop()
