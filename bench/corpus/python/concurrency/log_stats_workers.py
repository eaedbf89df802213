"""Parse access logs in worker processes and aggregate per-endpoint statistics."""

import argparse
import gzip
import multiprocessing
import re
from collections import defaultdict
from pathlib import Path

LINE_RE = re.compile(r'"(?P<method>[A-Z]+) (?P<path>\S+) HTTP/[\d.]+" (?P<status>\d{3}) (?P<bytes>\d+|-) (?P<ms>\d+)')

endpoint_hits: dict[str, int] = defaultdict(int)
error_lines: list[str] = []


def normalise(path: str) -> str:
    path = path.split("?", 1)[0]
    return re.sub(r"/\d+", "/:id", path)


def parse_file(path: Path) -> int:
    opener = gzip.open if path.suffix == ".gz" else open
    parsed = 0
    with opener(path, "rt", errors="replace") as fh:
        for line in fh:
            m = LINE_RE.search(line)
            if not m:
                continue
            parsed += 1
            endpoint_hits[normalise(m["path"])] += 1  # label: concurrency/mutate-shared-in-child
            if m["status"].startswith("5"):
                error_lines.append(line.rstrip())  # label: concurrency/mutate-shared-in-child
    return parsed


def report(top: int) -> None:
    for endpoint, hits in sorted(endpoint_hits.items(), key=lambda kv: kv[1], reverse=True)[:top]:
        print(f"{hits:>10}  {endpoint}")
    print(f"{len(error_lines)} server errors")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("logs", nargs="+", type=Path)
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--workers", type=int, default=multiprocessing.cpu_count())
    args = parser.parse_args()

    with multiprocessing.Pool(args.workers) as pool:
        counts = pool.map(parse_file, args.logs)
    print(f"parsed {sum(counts)} lines from {len(args.logs)} files")
    report(args.top)


if __name__ == "__main__":
    main()
