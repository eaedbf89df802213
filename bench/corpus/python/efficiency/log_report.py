"""Generate a plain-text summary report from a directory of access logs."""
import os
import re
import sys
from collections import Counter
from datetime import datetime

LOG_LINE = re.compile(
    r'(?P<ip>\S+) \S+ \S+ \[(?P<ts>[^\]]+)\] "(?P<method>\S+) (?P<path>\S+) [^"]*" '
    r"(?P<status>\d{3}) (?P<size>\d+|-)"
)
TS_FORMAT = "%d/%b/%Y:%H:%M:%S %z"


def parse_line(line):
    match = LOG_LINE.match(line)
    if not match:
        return None
    record = match.groupdict()
    record["status"] = int(record["status"])
    record["size"] = 0 if record["size"] == "-" else int(record["size"])
    record["ts"] = datetime.strptime(record["ts"], TS_FORMAT)
    return record


def load_records(log_dir):
    records = []
    for name in sorted(os.listdir(log_dir)):
        if not name.endswith(".log"):
            continue
        with open(os.path.join(log_dir, name), encoding="utf-8", errors="replace") as fh:
            for line in fh:
                rec = parse_line(line)
                if rec is not None:
                    records.append(rec)
    return records


def load_ignored_paths(path):
    with open(path, encoding="utf-8") as fh:
        return {line.strip() for line in fh if line.strip()}


def filter_records(records, ignore_file):
    kept = []
    for rec in records:
        ignored = load_ignored_paths(ignore_file)  # label: efficiency/file-read-in-loop
        if rec["path"] not in ignored:
            kept.append(rec)
    return kept


def find_bots(records, patterns):
    bots = Counter()
    for rec in records:
        for pattern in patterns:
            rx = re.compile(pattern, re.IGNORECASE)  # label: efficiency/regex-compile-in-loop
            if rx.search(rec["path"]):
                bots[rec["ip"]] += 1
    return bots


def render_report(records, bots):
    header = "Access log report\n"
    header += "=================\n"
    header += f"Generated: {datetime.now():%Y-%m-%d %H:%M}\n\n"

    status_counts = Counter(rec["status"] for rec in records)
    total_bytes = sum(rec["size"] for rec in records)

    body = ""
    for rec in records:
        body += f"{rec['ts']:%H:%M:%S} {rec['ip']:<15} {rec['method']:<6} {rec['status']} {rec['path']}\n"  # label: efficiency/string-concat-loop

    summary_lines = [f"Total requests: {len(records)}", f"Total bytes: {total_bytes}"]
    for status, count in sorted(status_counts.items()):
        summary_lines.append(f"  {status}: {count}")
    if bots:
        summary_lines.append("Suspected bots:")
        for ip, hits in bots.most_common(10):
            summary_lines.append(f"  {ip} ({hits} hits)")

    return header + "\n".join(summary_lines) + "\n\n" + body


def main(argv):
    if len(argv) < 3:
        print("usage: log_report.py LOG_DIR IGNORE_FILE [PATTERN ...]", file=sys.stderr)
        return 2
    log_dir, ignore_file, *patterns = argv[1:]
    records = load_records(log_dir)
    records = filter_records(records, ignore_file)
    bots = find_bots(records, patterns or [r"wp-login", r"\.env$", r"phpmyadmin"])
    sys.stdout.write(render_report(records, bots))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
