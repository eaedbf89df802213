"""ETL: aggregate daily metrics from JSON-lines logs into a DataFrame."""
import copy
import glob
import json

import numpy as np
import pandas as pd

TEMPLATE = {"source": None, "events": 0, "errors": 0, "latency": []}


def parse_file(path):
    with open(path) as fh:
        return [json.loads(line) for line in fh if line.strip()]


def build_frame(paths):
    frame = pd.DataFrame(columns=["day", "source", "events", "errors"])
    for path in paths:
        for rec in parse_file(path):
            frame = pd.concat([frame, pd.DataFrame([rec])], ignore_index=True)  # label: efficiency/dataframe-grow-in-loop
    return frame


def per_source_stats(records):
    stats = {}
    for rec in records:
        if rec["source"] not in stats:
            stats[rec["source"]] = copy.deepcopy(TEMPLATE)
        entry = stats[rec["source"]]
        entry["events"] += 1
        entry["latency"].append(rec.get("latency_ms", 0))
    return stats


def weighted_errors(frame):
    total = 0.0
    for _, row in frame.iterrows():
        total += row["errors"] * row["events"]  # label: efficiency/iterrows-arithmetic
    return total


def latency_array(stats):
    values = np.array([])
    for entry in stats.values():
        for v in entry["latency"]:
            values = np.append(values, v)  # label: efficiency/array-grow-in-loop
    return values


def snapshot_rows(records):
    snapshots = []
    for rec in records:
        snapshots.append(json.loads(json.dumps(rec)))  # label: efficiency/deepcopy-in-loop
    return snapshots


def main():
    paths = sorted(glob.glob("logs/*.jsonl"))
    frame = build_frame(paths)
    records = frame.to_dict("records")
    stats = per_source_stats(records)
    print("weighted errors:", weighted_errors(frame))
    lat = latency_array(stats)
    if lat.size:
        print("p95 latency:", np.percentile(lat, 95))
    print("snapshots:", len(snapshot_rows(records)))


if __name__ == "__main__":
    main()
