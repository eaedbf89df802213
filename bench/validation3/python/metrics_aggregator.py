"""Aggregate per-host latency metrics from gzipped JSON-lines logs in parallel."""
import argparse
import glob
import gzip
import json
import multiprocessing as mp
import os
import statistics
from collections import defaultdict

BAD_LINES = []
processed_files = mp.Value("i", 0)


def parse_file(path):
    latencies = defaultdict(list)
    with gzip.open(path, "rt") as fh:
        for raw in fh:
            try:
                rec = json.loads(raw)
            except json.JSONDecodeError:
                BAD_LINES.append((path, raw[:80]))  # label: concurrency/shared-state-across-processes
                continue
            if "host" in rec and "latency_ms" in rec:
                latencies[rec["host"]].append(float(rec["latency_ms"]))
    processed_files.value += 1  # label: concurrency/race-condition
    return dict(latencies)


def merge(parts):
    merged = defaultdict(list)
    for part in parts:
        for host, values in part.items():
            merged[host].extend(values)
    return merged


def percentile(values, pct):
    ordered = sorted(values)
    idx = min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))
    return ordered[idx]


def summarise(merged):
    rows = []
    for host, values in sorted(merged.items()):
        rows.append({
            "host": host,
            "count": len(values),
            "mean": round(statistics.fmean(values), 2),
            "p95": percentile(values, 95),
            "p99": percentile(values, 99),
        })
    return rows


def aggregate_by_day(day_dirs, workers):
    results = {}
    for day in day_dirs:
        files = sorted(glob.glob(os.path.join(day, "*.jsonl.gz")))
        with mp.Pool(processes=workers) as pool:  # label: efficiency/pool-created-per-iteration
            parts = pool.map(parse_file, files)
        results[os.path.basename(day)] = summarise(merge(parts))
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("root")
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    parser.add_argument("--out", default="latency_summary.json")
    args = parser.parse_args()

    days = sorted(d for d in glob.glob(os.path.join(args.root, "*")) if os.path.isdir(d))
    report = aggregate_by_day(days, args.workers)
    with open(args.out, "w") as fh:
        json.dump(report, fh, indent=2)
    print(f"{processed_files.value} files, {len(BAD_LINES)} bad lines -> {args.out}")


if __name__ == "__main__":
    main()
