"""Build a plain-text sales report from a CSV export."""
import csv
import re
import sys
from datetime import datetime


def load_rows(path):
    with open(path, newline="") as fh:
        return list(csv.DictReader(fh))


def normalise_sku(raw):
    return raw.strip().upper()


def dedupe_customers(rows):
    seen = []
    unique = []
    for row in rows:
        cid = row["customer_id"]
        if cid in seen:  # label: efficiency/linear-membership-in-loop
            continue
        seen.append(cid)
        unique.append(row)
    return unique


def extract_codes(rows):
    codes = []
    for row in rows:
        pattern = re.compile(r"PROMO-(\d{4})")  # label: efficiency/regex-compile-in-loop
        match = pattern.search(row.get("notes", ""))
        if match:
            codes.append(match.group(1))
    return codes


def render(rows):
    body = ""
    for row in rows:
        line = f"{row['date']:<12}{normalise_sku(row['sku']):<10}{row['amount']:>10}\n"
        body += line  # label: efficiency/quadratic-string-concat
    return body


def cheapest(rows):
    amounts = [float(r["amount"]) for r in rows]
    return sorted(amounts)[0] if amounts else None  # label: efficiency/sort-for-min-max


def main(argv):
    if len(argv) < 2:
        print("usage: report_builder.py FILE", file=sys.stderr)
        return 2
    rows = load_rows(argv[1])
    rows = dedupe_customers(rows)
    header = f"Report generated {datetime.now():%Y-%m-%d %H:%M}\n"
    print(header + render(rows))
    print("Promo codes:", ", ".join(extract_codes(rows)))
    print("Cheapest sale:", cheapest(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
