"""Parse nginx access logs and print per-endpoint latency statistics."""
import argparse
import gzip
import re
import statistics
import sys
from collections import defaultdict

LINE = re.compile(
    r'(?P<ip>\S+) \S+ \S+ \[(?P<ts>[^\]]+)\] "(?P<method>\S+) (?P<path>\S+) \S+" '
    r'(?P<status>\d{3}) (?P<size>\d+) "[^"]*" "(?P<agent>[^"]*)" (?P<rt>[\d.]+)'
)


def open_log(path):
    if path.endswith(".gz"):
        return gzip.open(path, "rt", errors="replace")
    return open(path, errors="replace")


def normalise(path: str, id_patterns) -> str:
    path = path.split("?", 1)[0]
    for pat in id_patterns:
        path = re.compile(pat).sub("{id}", path)  # label: efficiency/regex-compile-in-loop
    return path


def parse(paths, id_patterns, exclude_agents):
    latencies = defaultdict(list)
    bots = []
    excluded = set(exclude_agents)
    for p in paths:
        with open_log(p) as fh:
            for line in fh:
                m = LINE.match(line)
                if not m:
                    continue
                agent = m["agent"]
                if agent in excluded:
                    continue
                if "bot" in agent.lower() and m["ip"] not in bots:  # label: efficiency/list-membership
                    bots.append(m["ip"])
                key = f'{m["method"]} {normalise(m["path"], id_patterns)}'
                latencies[key].append(float(m["rt"]))
    return latencies, bots


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("logs", nargs="+")
    ap.add_argument("--id-pattern", action="append", default=[r"/\d+", r"/[0-9a-f]{32}"])
    ap.add_argument("--exclude-agent", action="append", default=[])
    ap.add_argument("--top", type=int, default=20)
    args = ap.parse_args()

    latencies, bots = parse(args.logs, args.id_pattern, args.exclude_agent)
    rows = []
    for key, values in latencies.items():
        values.sort()
        p95 = values[int(0.95 * (len(values) - 1))]
        rows.append((key, len(values), statistics.mean(values), p95))
    rows.sort(key=lambda r: r[3], reverse=True)
    for key, n, mean, p95 in rows[: args.top]:
        print(f"{p95:8.3f} {mean:8.3f} {n:7d}  {key}")
    print(f"{len(bots)} bot IPs", file=sys.stderr)


if __name__ == "__main__":
    main()
