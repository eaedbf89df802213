"""Scheduled job runner backed by PostgreSQL (psycopg 3). Job definitions come from a YAML file."""
import argparse
import logging
import time
from datetime import datetime, timezone

import psycopg
import yaml

log = logging.getLogger("jobs")
DSN = "postgresql://jobs@localhost:5432/jobs"


def load_definitions(path: str) -> list[dict]:
    with open(path) as fh:
        doc = yaml.load(fh, Loader=yaml.Loader)  # label: security/unsafe-deserialization
    return [j for j in doc.get("jobs", []) if j.get("enabled", True)]


def due_jobs(conn: psycopg.Connection, queue: str) -> list[tuple]:
    with conn.cursor() as cur:
        cur.execute(
            "SELECT id, name, payload FROM jobs WHERE queue = %s AND run_at <= now() AND status = 'pending' "
            "ORDER BY run_at LIMIT 50 FOR UPDATE SKIP LOCKED",
            (queue,),
        )
        return cur.fetchall()


def mark(conn: psycopg.Connection, job_id: int, status: str) -> None:
    with conn.cursor() as cur:
        cur.execute("UPDATE jobs SET status = %s, finished_at = %s WHERE id = %s",
                    (status, datetime.now(timezone.utc), job_id))


def purge_old(conn: psycopg.Connection, table: str, days: str) -> int:
    with conn.cursor() as cur:
        cur.execute(f"DELETE FROM {table} WHERE finished_at < now() - interval '{days} days'")  # label: security/sql-injection
        return cur.rowcount


def register(definitions: list[dict]) -> None:
    for job in definitions:
        with psycopg.connect(DSN) as conn:  # label: efficiency/connection-per-iteration
            conn.execute(
                "INSERT INTO jobs (name, queue, payload, run_at, status) VALUES (%s, %s, %s, now(), 'pending') "
                "ON CONFLICT (name) DO NOTHING",
                (job["name"], job.get("queue", "default"), yaml.safe_dump(job.get("payload", {}))),
            )


def run_once(queue: str, handlers: dict) -> int:
    done = 0
    with psycopg.connect(DSN) as conn:
        for job_id, name, payload in due_jobs(conn, queue):
            handler = handlers.get(name)
            if handler is None:
                mark(conn, job_id, "skipped")
                continue
            try:
                handler(yaml.safe_load(payload))
                mark(conn, job_id, "done")
                done += 1
            except Exception:
                log.exception("job %s failed", name)
                mark(conn, job_id, "failed")
    return done


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("definitions")
    parser.add_argument("--queue", default="default")
    parser.add_argument("--purge-days", default="30")
    parser.add_argument("--interval", type=float, default=10.0)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    register(load_definitions(args.definitions))
    handlers = {"ping": lambda p: log.info("ping %s", p)}
    while True:
        n = run_once(args.queue, handlers)
        with psycopg.connect(DSN) as conn:
            purge_old(conn, "jobs", args.purge_days)
        log.info("ran %d job(s)", n)
        time.sleep(args.interval)


if __name__ == "__main__":
    main()
