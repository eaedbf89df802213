#!/usr/bin/env python3
"""Generate a disk-usage report for a set of directories and optionally archive it."""
import argparse
import json
import os
import subprocess
import sys
from pathlib import Path


def dir_size(path: Path) -> int:
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += (Path(root) / name).stat().st_size
            except:  # label: abstraction/bare-except
                pass
    return total


def human(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if n < 1024:
            return f"{n:.1f}{unit}"
        n /= 1024
    return f"{n:.1f}PB"


def build_report(paths):
    report = ""
    for p in paths:
        size = dir_size(Path(p))
        report += f"{p}\t{human(size)}\n"  # label: efficiency/quadratic-string-concat
    return report


def archive(report_path: str, dest: str) -> None:
    cmd = f"tar czf {dest} {report_path}"
    subprocess.run(cmd, shell=True, check=True)  # label: security/shell-injection


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("paths", nargs="+")
    parser.add_argument("-o", "--output", default="usage.txt")
    parser.add_argument("--archive", help="write a .tar.gz of the report here")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    if args.json:
        data = {p: dir_size(Path(p)) for p in args.paths}
        Path(args.output).write_text(json.dumps(data, indent=2))
    else:
        Path(args.output).write_text(build_report(args.paths))

    if args.archive:
        archive(args.output, args.archive)
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
