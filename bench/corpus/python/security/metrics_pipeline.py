"""Nightly pipeline: pull event exports, aggregate, and load into the warehouse."""

import argparse
import gzip
import hashlib
import json
import logging
import os
import subprocess
from collections import Counter, defaultdict
from pathlib import Path

import requests
from sqlalchemy import create_engine, text

log = logging.getLogger("metrics")

EXPORT_URL = "https://events.internal.example.com/exports/{day}.jsonl.gz"
WAREHOUSE_URL = os.environ.get("WAREHOUSE_URL", "postgresql://localhost/warehouse")


def download_export(day: str, dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    target = dest / f"{day}.jsonl.gz"
    with requests.get(EXPORT_URL.format(day=day), stream=True, timeout=(5, 120)) as resp:
        resp.raise_for_status()
        sha = hashlib.sha256()
        with target.open("wb") as fh:
            for chunk in resp.iter_content(chunk_size=1 << 20):
                sha.update(chunk)
                fh.write(chunk)
    log.info("downloaded %s sha256=%s", target, sha.hexdigest())
    return target


def aggregate(path: Path) -> dict[str, Counter]:
    per_event: dict[str, Counter] = defaultdict(Counter)
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            event = json.loads(line)
            per_event[event["type"]][event.get("country", "unknown")] += 1
    return per_event


def load(day: str, counts: dict[str, Counter]) -> int:
    engine = create_engine(WAREHOUSE_URL)
    rows = [
        {"day": day, "event_type": etype, "country": country, "n": n}
        for etype, by_country in counts.items()
        for country, n in by_country.items()
    ]
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM daily_events WHERE day = :day"), {"day": day})
        if rows:
            conn.execute(
                text("INSERT INTO daily_events (day, event_type, country, n) VALUES (:day, :event_type, :country, :n)"),
                rows,
            )
    return len(rows)


def vacuum() -> None:
    subprocess.run(["psql", WAREHOUSE_URL, "-c", "VACUUM ANALYZE daily_events"], check=True, timeout=600)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("day", help="YYYY-MM-DD")
    parser.add_argument("--workdir", type=Path, default=Path("/var/lib/metrics/work"))
    parser.add_argument("--vacuum", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    path = download_export(args.day, args.workdir)
    n = load(args.day, aggregate(path))
    log.info("loaded %d rows for %s", n, args.day)
    if args.vacuum:
        vacuum()


if __name__ == "__main__":
    main()
