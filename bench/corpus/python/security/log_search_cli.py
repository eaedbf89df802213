#!/usr/bin/env python3
"""Search rotated application logs on a host, optionally over ssh."""

import argparse
import gzip
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Iterable, Iterator

LOG_DIR = Path("/var/log/app")


def iter_log_files(directory: Path, days: int) -> Iterator[Path]:
    files = sorted(directory.glob("app.log*"), key=lambda p: p.stat().st_mtime, reverse=True)
    yield from files[: days + 1]


def read_lines(path: Path) -> Iterable[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as fh:
        yield from fh


def search_local(pattern: str, days: int, ignore_case: bool) -> int:
    regex = re.compile(pattern, re.IGNORECASE if ignore_case else 0)
    hits = 0
    for path in iter_log_files(LOG_DIR, days):
        for line in read_lines(path):
            if regex.search(line):
                sys.stdout.write(f"{path.name}: {line}")
                hits += 1
    return hits


def search_remote(host: str, pattern: str, days: int) -> int:
    remote_cmd = f"zgrep -h '{pattern}' $(ls -t {LOG_DIR}/app.log* | head -n {days + 1})"
    proc = subprocess.run(["ssh", host, remote_cmd], capture_output=True, text=True)  # label: security/shell-injection
    sys.stdout.write(proc.stdout)
    return len(proc.stdout.splitlines())


def count_errors(day_file: str) -> int:
    out = os.popen("grep -c ERROR " + day_file).read()  # label: security/shell-injection
    return int(out.strip() or 0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("pattern")
    parser.add_argument("--days", type=int, default=1)
    parser.add_argument("--host")
    parser.add_argument("-i", "--ignore-case", action="store_true")
    parser.add_argument("--errors-in", help="count ERROR lines in one log file")
    args = parser.parse_args()

    if args.errors_in:
        print(count_errors(args.errors_in))
        return 0
    if args.host:
        hits = search_remote(args.host, args.pattern, args.days)
    else:
        hits = search_local(args.pattern, args.days, args.ignore_case)
    print(f"{hits} matching line(s)", file=sys.stderr)
    return 0 if hits else 1


if __name__ == "__main__":
    sys.exit(main())
