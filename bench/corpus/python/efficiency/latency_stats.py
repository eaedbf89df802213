"""Compute latency statistics from JSON-lines request traces."""
import json
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator


@dataclass(frozen=True)
class Span:
    trace_id: str
    service: str
    name: str
    duration_ms: float
    error: bool


def read_spans(path: Path) -> Iterator[Span]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            raw = json.loads(line)
            yield Span(raw["trace_id"], raw["service"], raw["name"], float(raw["duration_ms"]), bool(raw.get("error")))


def percentile(ordered: list, pct: float) -> float:
    """Linear-interpolated percentile of an already sorted list."""
    if not ordered:
        return 0.0
    k = (len(ordered) - 1) * pct / 100
    lo = int(k)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def per_service(spans: list) -> dict:
    services = {}
    for span in spans:
        services.setdefault(span.service, []).append(span)
    report = {}
    for service, items in services.items():
        durations = sorted(s.duration_ms for s in items)
        report[service] = {
            "count": len(items),
            "errors": len(list(s for s in items if s.error)),  # label: efficiency/len-list-generator
            "p50": percentile(durations, 50),
            "p95": percentile(durations, 95),
            "p99": percentile(durations, 99),
            "fastest": sorted(durations)[0],  # label: efficiency/sort-for-min
            "mean": statistics.fmean(durations),
        }
    return report


def slowest_traces(spans: list, n: int = 5) -> list:
    totals = {}
    for span in spans:
        totals[span.trace_id] = totals.get(span.trace_id, 0.0) + span.duration_ms
    return sorted(totals.items(), key=lambda kv: kv[1], reverse=True)[:n]


def format_table(report: dict) -> str:
    header = f"{'service':<20}{'count':>8}{'errors':>8}{'p50':>10}{'p95':>10}{'p99':>10}"
    lines = [header, "-" * len(header)]
    for service in sorted(report):
        r = report[service]
        lines.append(
            f"{service:<20}{r['count']:>8}{r['errors']:>8}{r['p50']:>10.1f}{r['p95']:>10.1f}{r['p99']:>10.1f}"
        )
    return "\n".join(lines)


def main(path: str) -> None:
    spans = list(read_spans(Path(path)))
    print(format_table(per_service(spans)))
    print("\nSlowest traces:")
    for trace_id, total in slowest_traces(spans):
        print(f"  {trace_id}  {total:.1f} ms")


if __name__ == "__main__":
    import sys

    main(sys.argv[1])
