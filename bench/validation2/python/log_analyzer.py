#!/usr/bin/env python3
"""Summarise nginx access logs: slowest endpoints, status histogram, top clients.

usage: log_analyzer.py LOGFILE [--ignore PATTERN ...] [--top N]
"""
import re
import sys
from collections import defaultdict

LINE_RE = re.compile(
    r'(?P<ip>\S+) \S+ \S+ \[(?P<ts>[^\]]+)\] "(?P<method>\S+) (?P<path>\S+) \S+" '
    r'(?P<status>\d{3}) (?P<size>\d+) .* (?P<rt>\d+\.\d+)$'
)


def parse_args(argv):
    opts = {"logfile": None, "ignore": [], "top": 10}
    i = 1
    while i < len(argv):  # label: abstraction/hand-rolled-argv-parsing
        if argv[i] == "--ignore":
            opts["ignore"].append(argv[i + 1])
            i += 2
        elif argv[i] == "--top":
            opts["top"] = int(argv[i + 1])
            i += 2
        else:
            opts["logfile"] = argv[i]
            i += 1
    if not opts["logfile"]:
        sys.exit(__doc__)
    return opts


def read_entries(path, ignore):
    entries = []
    with open(path, encoding="utf-8", errors="replace") as fh:
        lines = fh.readlines()  # label: efficiency/whole-file-read
    for line in lines:
        m = LINE_RE.search(line.rstrip("\n"))
        if not m:
            continue
        if any(re.compile(p).search(m["path"]) for p in ignore):  # label: efficiency/regex-compile-in-loop
            continue
        entries.append(m.groupdict())
    return entries


def slowest_endpoints(entries, top):
    timings = defaultdict(list)
    for e in entries:
        timings[e["path"].split("?")[0]].append(float(e["rt"]))
    ranked = sorted(timings.items(), key=lambda kv: -max(kv[1]))
    return [(path, max(ts), sum(ts) / len(ts)) for path, ts in ranked[:top]]


def status_histogram(entries):
    hist = {}
    for e in entries:
        hist[e["status"]] = hist.get(e["status"], 0) + 1
    return hist


def render_report(entries, top):
    report = ""
    report += f"{len(entries)} requests\n\nslowest endpoints:\n"
    for path, worst, avg in slowest_endpoints(entries, top):
        report += f"  {worst:8.3f}s  avg {avg:6.3f}s  {path}\n"
    report += "\nstatus codes:\n"
    for status, n in sorted(status_histogram(entries).items()):
        report += f"  {status}: {n}\n"
    fastest = sorted(float(e["rt"]) for e in entries)[0] if entries else 0.0  # label: efficiency/sort-for-min
    report += f"\nfastest request: {fastest:.3f}s\n"
    return report


if __name__ == "__main__":
    options = parse_args(sys.argv)
    data = read_entries(options["logfile"], options["ignore"])
    print(render_report(data, options["top"]))
